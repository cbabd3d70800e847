import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from partner_api.models import PartnerKey
from partner_sync.models import WebhookEndpoint


class Receiver:
    """A real HTTP receiver on loopback that records requests and answers scripted codes."""

    def __init__(self):
        self.requests = []
        self.codes = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def partner_key(db):
    key, plain = PartnerKey.objects.create_key(name="昆明日报")
    key.plain = plain
    return key


@pytest.fixture
def endpoint(partner_key, receiver):
    return WebhookEndpoint.objects.create(partner_key=partner_key, url=receiver.url)


class Listener:
    """A TCP listener on every local address (IPv4 and IPv6, port chosen by the OS).

    It records every connection it accepts and answers each with a scripted
    HTTP status (and ``Location``), so a test can prove that a hostile
    webhook URL reached nothing at all: not even a TCP handshake.
    """

    def __init__(self, status=204, location=None):
        self.connections = []
        self.status, self.location = status, location
        self.sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("::", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    self.connections.append(data)
                    extra = f"Location: {self.location}\r\n" if self.location else ""
                    reply = f"HTTP/1.1 {self.status} X\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
                    conn.sendall(reply.encode())
                except OSError:
                    self.connections.append(data)

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()
