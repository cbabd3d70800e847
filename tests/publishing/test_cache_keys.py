"""One function keys every cached public response and every ETag (``publishing.cache_keys``)."""

import datetime

import pytest
from django.test import RequestFactory

from publishing import cache_keys, dependencies, invalidation
from publishing.response_cache import cache_key
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

# (path, dated): HTML and the API show activity status badges, which change at midnight in Shanghai.
SURFACES = [
    ("/api/v1/news/", True),
    ("/api/v1/news/?variant=zh-tw", True),
    ("/feeds/news/rss.xml", False),
    ("/zh-hant/feeds/news/atom.xml", False),
    ("/feeds/activities.ics", False),
    ("/sitemap.xml", False),
]


@pytest.fixture
def news(news_index):
    return NewsPageFactory(parent=news_index, title="键与 ETag")


def surfaces(news):
    return [(news.url, True), ("/zh-hant" + news.url, True), *SURFACES]


def test_every_surface_etag_is_the_one_key_and_answers_304(client, news):
    seen = set()
    for path, dated in surfaces(news):
        with dependencies.tracking(response=True) as tracker:
            response = client.get(path)
        assert response.status_code == 200, path
        # The stamp: the latest change among the keys the response read.
        stamp = invalidation.read_stamps(tracker.keys | {dependencies.SITE_KEY})[0]
        expected = cache_keys.etag(RequestFactory().get(path), stamp, dated=dated)
        assert response["ETag"] == expected, path
        assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, path
        seen.add(response["ETag"])
    assert len(seen) == len(surfaces(news))  # each URL and each variant its own ETag


def test_the_cache_entry_and_the_etag_share_the_key():
    request = RequestFactory().get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="zh-HK")
    key = cache_keys.response_key(request, 7)
    assert "rc:7:" + cache_key(request)[3:] == "rc:" + key
    assert key.startswith("7:") and ":zh-hk:" in key
    assert cache_keys.etag(request, 7) != cache_keys.etag(request, 8)
    json_request = RequestFactory().get("/api/v1/news/", HTTP_ACCEPT="application/json")
    html_request = RequestFactory().get("/api/v1/news/", HTTP_ACCEPT="text/html")
    assert cache_keys.etag(json_request, 7) != cache_keys.etag(html_request, 7)  # the body format


def test_midnight_in_shanghai_renews_pages_and_api_but_not_feeds(client, news, monkeypatch):
    before = {path: client.get(path)["ETag"] for path, _dated in surfaces(news)}
    tomorrow = cache_keys.shanghai_today() + datetime.timedelta(days=1)
    monkeypatch.setattr(cache_keys, "shanghai_today", lambda: tomorrow)
    for path, dated in surfaces(news):
        response = client.get(path, HTTP_IF_NONE_MATCH=before[path])
        if dated:
            assert response.status_code == 200 and response["ETag"] != before[path], path
        else:
            assert response.status_code == 304, path


def test_a_cached_copy_carries_the_fresh_etag(client, news, settings):
    from django.core.cache import cache

    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    try:
        for path, _dated in surfaces(news):
            first = client.get(path)
            second = client.get(path)
            assert second["X-Cache"] == "HIT", path
            assert second["ETag"] == first["ETag"], path
            again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
            assert again.status_code == 304 and again["X-Cache"] == "HIT", path
    finally:
        cache.clear()
