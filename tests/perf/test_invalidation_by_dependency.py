"""A publish retires only the cached responses that read what it changed (publishing.invalidation)."""

import pytest
from django.core.cache import caches
from wagtail.models import Site

from publishing import invalidation
from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache")]


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def warm(client, urls):
    """Render each URL once, then check it is served from the cache; returns {url: ETag}."""
    etags = {}
    for url in urls:
        fetch(client, url)
        again = fetch(client, url)
        assert again["X-Cache"] == "HIT", url
        etags[url] = again["ETag"]
    return etags


@pytest.fixture
def site_pages(home, news_index):
    changed = NewsPageFactory(parent=news_index, title="要改的新闻")
    unrelated = NewsPageFactory(parent=news_index, title="无关的新闻")
    return home, news_index, changed, unrelated


def test_publishing_one_news_item_renders_only_what_depends_on_it(client, site_pages):
    home, news_index, changed, unrelated = site_pages
    urls = {
        "home": home.url,
        "list": news_index.url,
        "item": changed.url,
        "item_api": f"/api/v1/news/{changed.pk}/",
        "list_api": "/api/v1/news/",
        "unrelated": unrelated.url,
        "unrelated_api": f"/api/v1/news/{unrelated.pk}/",
    }
    before = warm(client, urls.values())

    changed.title = "改过的新闻"
    changed.save_revision().publish()

    for name in ("home", "list", "item", "item_api", "list_api"):
        response = fetch(client, urls[name])
        assert response["X-Cache"] == "MISS", name
        assert "改过的新闻" in response.content.decode(), name
        assert response["ETag"] != before[urls[name]], name
        assert fetch(client, urls[name])["X-Cache"] == "HIT", name
    for name in ("unrelated", "unrelated_api"):
        response = fetch(client, urls[name])
        assert response["X-Cache"] == "HIT", name
        assert response["ETag"] == before[urls[name]], name
        # A reader holding the old copy is told it is still good.
        assert client.get(urls[name], HTTP_IF_NONE_MATCH=before[urls[name]]).status_code == 304


def test_a_new_news_item_joins_the_lists_and_leaves_other_items_cached(client, site_pages):
    home, news_index, _changed, unrelated = site_pages
    before = warm(client, [home.url, news_index.url, unrelated.url])
    NewsPageFactory(parent=news_index, title="刚发布的新闻")
    for url in (home.url, news_index.url):
        response = fetch(client, url)
        assert response["X-Cache"] == "MISS" and "刚发布的新闻" in response.content.decode(), url
    assert fetch(client, unrelated.url)["ETag"] == before[unrelated.url]
    assert fetch(client, unrelated.url)["X-Cache"] == "HIT"


def test_a_site_change_renders_everything_again(client, site_pages):
    home, news_index, changed, unrelated = site_pages
    urls = [home.url, news_index.url, changed.url, unrelated.url, "/api/v1/news/", "/feeds/news/rss.xml"]
    before = warm(client, urls)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "质量昆明（新）"
    site.save()
    for url in urls:
        response = fetch(client, url)
        assert response["X-Cache"] == "MISS", url
        assert response["ETag"] != before[url], url


def test_every_process_sees_the_same_stamps(client, site_pages, settings):
    """Entries in one process's memory are checked against stamps in the database, not deleted by a publish."""
    _home, _news_index, changed, unrelated = site_pages
    settings.CACHES = {
        **settings.CACHES,
        "worker2": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker2"},
    }
    for alias in ("default", "worker2"):
        settings.RESPONSE_CACHE_ALIAS = alias
        caches[alias].clear()
        warm(client, [changed.url, unrelated.url])
    # Another process publishes: nothing here is told, only the stamps move.
    invalidation.stamp({f"page:{changed.pk}"})
    for alias in ("default", "worker2"):
        settings.RESPONSE_CACHE_ALIAS = alias
        assert fetch(client, changed.url)["X-Cache"] == "MISS", alias
        assert fetch(client, unrelated.url)["X-Cache"] == "HIT", alias
    caches["worker2"].clear()


def test_surrogate_keys_name_what_the_response_read(client, site_pages, settings):
    _home, news_index, changed, _unrelated = site_pages
    assert "Surrogate-Key" not in fetch(client, changed.url)  # off by default
    settings.SURROGATE_KEY_HEADER = True
    caches["default"].clear()
    response = fetch(client, changed.url)
    keys = set(response["Surrogate-Key"].split())
    assert {f"page:{changed.pk}", "site"} <= keys
    assert response["xkey"] == response["Surrogate-Key"]
    listing = set(fetch(client, news_index.url)["Surrogate-Key"].split())
    assert f"children:{news_index.pk}" in listing
    assert fetch(client, changed.url)["Surrogate-Key"] == response["Surrogate-Key"]  # kept on a hit
