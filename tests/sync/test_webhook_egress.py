"""SSRF (#14 High 2): one egress path for webhooks, proved against a live local listener.

Every hostile form of a webhook URL below points at a listener on this
machine. With loopback receivers off (as in production) the guard must
refuse each one, at the form and at delivery time, and the listener must
accept no connection at all.
"""

import socket
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from bench import security
from partner_sync import delivery, egress
from partner_sync.models import WebhookDelivery, WebhookEndpoint
from tests.factories import NewsPageFactory
from tests.reliability.metrics import record

REAL_GETADDRINFO = socket.getaddrinfo

# Hostnames only a test resolver knows: what a hostile DNS zone would answer.
FAKE_DNS = {
    "loopback.hooks.test": ["127.0.0.1"],
    "mixed.hooks.test": ["8.8.8.8", "127.0.0.1"],
    "metadata.hooks.test": ["100.100.100.200"],
    "mapped.hooks.test": ["::ffff:127.0.0.1"],
    "private.hooks.test": ["10.1.2.3"],
}


def fake_getaddrinfo(host, port, *args, **kwargs):
    if host in FAKE_DNS:
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[6 if ":" in address else 4], socket.SOCK_STREAM, 6, "", (address, port))
            for address in FAKE_DNS[host]
        ]
    if host == "localhost" or host.replace(".", "").isdigit() or ":" in host:
        return REAL_GETADDRINFO(host, port, *args, **kwargs)
    raise socket.gaierror(socket.EAI_NONAME, "no such name in the test")  # never the real network


def hostile_urls(port):
    """Every form we try. Each one, if followed, would reach the local listener (or an internal host)."""
    p = port
    return [
        f"http://127.0.0.1:{p}\\@8.8.8.8/x",  # backslash: urlsplit sees 8.8.8.8, urllib3 connects to 127.0.0.1
        f"http://127.0.0.1:{p}\\\\@8.8.8.8/x",
        f"http://127.0.0.1:{p}/x",
        f"http://localhost:{p}/x",
        f"http://LOCALHOST:{p}/x",
        f"http://localhost.:{p}/x",  # trailing dot
        f"http://127.0.0.1.:{p}/x",
        f"http://2130706433:{p}/x",  # decimal
        f"http://0x7f000001:{p}/x",  # hex
        f"http://0x7f.0.0.1:{p}/x",
        f"http://0177.0.0.1:{p}/x",  # octal
        f"http://017700000001:{p}/x",
        f"http://127.1:{p}/x",  # short form
        f"http://127.000.000.001:{p}/x",
        f"http://0:{p}/x",
        f"http://0.0.0.0:{p}/x",
        f"http://[::]:{p}/x",
        f"http://[::1]:{p}/x",
        f"http://[0:0:0:0:0:0:0:1]:{p}/x",  # non-canonical IPv6
        f"http://[::ffff:127.0.0.1]:{p}/x",  # IPv4-mapped
        f"http://[::ffff:7f00:1]:{p}/x",
        f"http://[::127.0.0.1]:{p}/x",  # IPv4-compatible
        f"http://[2002:7f00:1::]:{p}/x",  # 6to4 of 127.0.0.1
        f"http://[64:ff9b::7f00:1]:{p}/x",  # NAT64 of 127.0.0.1
        f"http://[::1%25lo]:{p}/x",  # zone id
        f"http://user:pass@127.0.0.1:{p}/x",  # userinfo
        f"http://8.8.8.8@127.0.0.1:{p}/x",
        f"http://8.8.8.8:80@127.0.0.1:{p}/x",
        f"http://127.0.0.1:{p}@8.8.8.8/x",
        f"http://127.0.0.1:{p}%40@8.8.8.8/x",
        f"http://①②⑦.0.0.1:{p}/x",  # IDN: NFKC turns it into 127.0.0.1
        f"http://127。0。0。1:{p}/x",  # ideographic full stops
        f"http://ｌｏｃａｌｈｏｓｔ:{p}/x",  # full-width letters
        f"http://xn--lcalhost-zxa:{p}/x",
        f"http://loc\u00adalhost:{p}/x",  # soft hyphen
        f"http://127.0.0.1:{p}/x\r\nX-Injected: 1",  # header injection
        f" http://127.0.0.1:{p}/x",
        f"http://127.0.0.1:{p}#@8.8.8.8/x",
        f"http://127.0.0.1%2e:{p}/x",
        f"http://loopback.hooks.test:{p}/x",  # a name that resolves to loopback
        f"http://mixed.hooks.test:{p}/x",  # one public and one loopback answer
        f"http://mapped.hooks.test:{p}/x",
        f"ftp://127.0.0.1:{p}/x",
        "file:///etc/passwd",
        f"gopher://127.0.0.1:{p}/_x",
        f"http:127.0.0.1:{p}/x",
        f"http:/127.0.0.1:{p}/x",
        f"http:///127.0.0.1:{p}/x",
        "http://100.100.100.200/latest/meta-data/",  # cloud metadata in 100.64.0.0/10
        "http://metadata.hooks.test/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://172.16.0.1/hook",
        "http://private.hooks.test/hook",
        "http://[fd00::1]/hook",
        "http://[fe80::1]/hook",
        "http://224.0.0.1/hook",
        "http://255.255.255.255/hook",
        "http://198.18.0.1/hook",
        "http://192.0.0.170/hook",
        "http://[2001::1]/hook",  # Teredo
    ]


@pytest.fixture
def hostile_dns():
    with mock.patch("socket.getaddrinfo", side_effect=fake_getaddrinfo):
        yield


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
def test_every_hostile_url_is_refused_and_reaches_nothing(listener, hostile_dns):
    urls = hostile_urls(listener.port)
    accepted, reached, connections = [], [], 0
    for url in urls:
        try:
            egress.check_url(url)
            accepted.append(url)
        except ValidationError:
            pass
        try:
            egress.post(url, b"{}", {"Content-Type": "application/json"}, timeout=2)
            accepted.append(url)
        except egress.DeliveryFailed:
            pass
        if listener.connections:
            reached.append(url)
            connections += len(listener.connections)
            listener.connections.clear()
    record(security.SSRF_FORMS, len(urls))
    record(security.SSRF_ACCEPTED, len(set(accepted)))
    record(security.SSRF_CONNECTIONS, connections)
    assert accepted == []
    assert reached == []
    assert len(urls) >= 60


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
def test_hostile_endpoints_saved_behind_the_forms_back_get_nothing_and_log_no_detail(
    news_index, partner_key, listener, hostile_dns, django_capture_on_commit_callbacks
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    for url in hostile_urls(listener.port) + [f"http://127.0.0.1:{closed_port}/x"]:
        WebhookEndpoint.objects.create(partner_key=partner_key, url=url)
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    assert listener.connections == []
    errors = set(WebhookDelivery.objects.values_list("last_error", flat=True))
    # Three fixed sentences, the same for an open and a closed internal port: no port scanner.
    assert errors <= {egress.INVALID, egress.REFUSED, egress.UNRESOLVED}
    open_port = WebhookDelivery.objects.get(endpoint__url=f"http://127.0.0.1:{listener.port}/x")
    closed_port = WebhookDelivery.objects.get(endpoint__url=f"http://127.0.0.1:{closed_port}/x")
    assert open_port.last_error == closed_port.last_error == egress.REFUSED
    assert all(d.last_status_code is None for d in WebhookDelivery.objects.all())


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}\\@8.8.8.8/x", "http://0x7f.1:{port}/x", "http://[::1]/x"])
def test_admin_form_refuses_with_a_chinese_error(admin_client, partner_key, url):
    from django.urls import reverse

    response = admin_client.post(
        reverse("wagtailsnippets_partner_sync_webhookendpoint:add"),
        {"partner_key": partner_key.pk, "url": url.format(port=8080), "is_active": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Webhook 地址" in page or "合法的URL" in page
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/hook",
        "https://hooks.example.com:8443/a/b?c=d",
        "http://93.184.215.14/x",
        "https://[2606:4700::1111]/x",
    ],
)
def test_ordinary_public_urls_parse(url):
    target = egress.parse(url)
    assert target.scheme in {"http", "https"}


def test_the_vetted_address_is_the_one_connected_to(listener, settings):
    """DNS rebinding: the name is looked up once; the second answer would point elsewhere."""
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    lookups = []

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.hooks.test":
            lookups.append(host)
            address = "127.0.0.1" if len(lookups) == 1 else "10.9.9.9"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    with mock.patch("socket.getaddrinfo", side_effect=rebinding):
        status = egress.post(f"http://rebind.hooks.test:{listener.port}/hook", b"{}", {}, timeout=5)
    assert status == 204
    assert lookups == ["rebind.hooks.test"]
    (request,) = listener.connections
    assert f"Host: rebind.hooks.test:{listener.port}\r\n".encode() in request
    assert request.startswith(b"POST /hook HTTP/1.1\r\n")


def test_redirects_are_not_followed(settings, django_capture_on_commit_callbacks, news_index, partner_key):
    from tests.sync.conftest import Listener

    settings.WEBHOOK_ALLOW_LOOPBACK = True
    target = Listener()
    redirector = Listener(status=307, location=f"http://127.0.0.1:{target.port}/stolen")
    try:
        WebhookEndpoint.objects.create(partner_key=partner_key, url=f"http://127.0.0.1:{redirector.port}/hook")
        with django_capture_on_commit_callbacks(execute=True):
            NewsPageFactory(parent=news_index)
        item = WebhookDelivery.objects.get()
        assert (item.status, item.last_status_code) == ("pending", 307)
        assert len(redirector.connections) == 1
        assert target.connections == []
    finally:
        target.close()
        redirector.close()


def test_a_refused_url_is_a_failed_attempt_that_is_retried_later(
    news_index, partner_key, settings, listener, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    WebhookEndpoint.objects.create(partner_key=partner_key, url=f"http://127.0.0.1:{listener.port}/x")
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    item = WebhookDelivery.objects.get()
    assert (item.status, item.attempts, item.last_error) == ("pending", 1, egress.REFUSED)
    settings.WEBHOOK_ALLOW_LOOPBACK = True  # e.g. the partner fixed the address
    with django_capture_on_commit_callbacks(execute=True):
        delivery.queue_due(now=item.next_attempt_at)
    item.refresh_from_db()
    assert item.status == "succeeded"
    assert len(listener.connections) == 1


@pytest.fixture
def tls_receiver(tmp_path):
    """An HTTPS receiver on loopback with a certificate for hooks.test only; records SNI and Host."""
    import shutil
    import ssl
    import subprocess
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", "/CN=hooks.test", "-addext", "subjectAltName=DNS:hooks.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    seen = {"sni": [], "host": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen["host"].append(self.headers["Host"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: seen["sni"].append(name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    seen["port"], seen["ca"] = server.server_port, str(cert)
    yield seen
    server.shutdown()
    server.server_close()


def test_https_keeps_the_name_for_sni_and_certificate_checks(tls_receiver, settings):
    """Connecting to the vetted address must not weaken TLS: SNI and verification use the URL's name."""
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    port = tls_receiver["port"]

    def resolver(host, port_, *args, **kwargs):
        if host in {"hooks.test", "impostor.test"}:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]
        return REAL_GETADDRINFO(host, port_, *args, **kwargs)

    with (
        mock.patch("socket.getaddrinfo", side_effect=resolver),
        mock.patch("partner_sync.egress.certifi.where", return_value=tls_receiver["ca"]),
    ):
        assert egress.post(f"https://hooks.test:{port}/hook", b"{}", {}, timeout=5) == 200
        # Same address, a name the certificate does not cover: refused by verification.
        with pytest.raises(egress.DeliveryFailed, match="TLS"):
            egress.post(f"https://impostor.test:{port}/hook", b"{}", {}, timeout=5)
    assert tls_receiver["host"] == [f"hooks.test:{port}"]
    assert tls_receiver["sni"][0] == "hooks.test"


def test_next_vetted_address_is_tried_when_one_cannot_be_reached(receiver, settings):
    """A name with an IPv6 and an IPv4 address, and a receiver on IPv4 only: the same lookup's next address."""
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    port = receiver.server.server_port
    lookups = []

    def dual_stack(host, port_, *args, **kwargs):
        if host == "dual.hooks.test":
            lookups.append(host)
            return [
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port_, 0, 0)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_)),
            ]
        return REAL_GETADDRINFO(host, port_, *args, **kwargs)

    with mock.patch("socket.getaddrinfo", side_effect=dual_stack):
        assert egress.post(f"http://dual.hooks.test:{port}/hook", b"{}", {}, timeout=5) == 200
    assert lookups == ["dual.hooks.test"]
    assert receiver.requests[0][0]["host"] == f"dual.hooks.test:{port}"
