"""Caches in front are told what changed, after the change commits (publishing/purge.py)."""

import http.server
import threading

import pytest

from publishing import invalidation, purge
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


class Recorder(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):
        self.received.append((self.command, self.path, self.headers.get("xkey-purge"), self.headers.get("Host")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish():
    Recorder.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", Recorder.received
    server.shutdown()
    server.server_close()


def test_a_publish_purges_its_keys_after_commit(settings, varnish, news_index, django_capture_on_commit_callbacks):
    url, received = varnish
    settings.XKEY_PURGE_URLS = [url]
    page = NewsPageFactory(parent=news_index, title="要清除的新闻")
    received.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.title = "改过"
        page.save_revision().publish()
    assert received == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert received, "no PURGE sent"
    keys = set(" ".join(header for _method, _path, header, _host in received).split())
    assert {f"page:{page.pk}", f"children:{news_index.pk}", "type:campaign.newspage"} <= keys
    assert all(method == "PURGE" and path == "/" for method, path, _header, _host in received)


def test_a_rolled_back_change_purges_nothing(settings, varnish, django_capture_on_commit_callbacks):
    from django.db import transaction

    url, received = varnish
    settings.XKEY_PURGE_URLS = [url]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                invalidation.stamp({"page:1"})
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and received == []


def test_purge_failures_are_logged_not_raised(settings, caplog, django_capture_on_commit_callbacks):
    settings.XKEY_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        invalidation.stamp({"page:1"})
    assert "xkey purge" in caplog.text


def test_many_keys_are_sent_in_bounded_batches(settings, varnish):
    url, received = varnish
    settings.XKEY_PURGE_URLS = [url]
    keys = {f"page:{n}" for n in range(2000)}
    purge.send_xkey_purge(keys)
    assert len(received) > 1
    assert all(len(header) <= purge.MAX_HEADER_LENGTH for _m, _p, header, _h in received)
    assert set(" ".join(header for _m, _p, header, _h in received).split()) == keys


def test_key_headers_fall_back_to_the_site_key_when_too_long(settings):
    settings.SURROGATE_KEY_HEADER = True
    headers = purge.key_headers({f"page:{n}" for n in range(2000)})
    assert headers["Surrogate-Key"] == "site" and headers["xkey"] == "site"
    settings.SURROGATE_KEY_HEADER = False
    assert purge.key_headers({"page:1"}) == {}


def test_the_frontend_cache_is_purged_on_publish(settings, varnish, news_index, django_capture_on_commit_callbacks):
    url, received = varnish
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    }
    page = NewsPageFactory(parent=news_index, title="CDN 上的新闻")
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "CDN 上改过的新闻"
        page.save_revision().publish()
    paths = {path for _method, path, _header, _host in received}
    assert page.url in paths and news_index.url in paths
    assert "/zh-hant" + page.url in paths
