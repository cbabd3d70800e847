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
