"""Anonymous HTML is briefly cacheable and revalidates with 304; editors, previews and private pages never are."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(news_index):
    return NewsPageFactory(parent=news_index, title="缓存测试新闻")


def test_anonymous_page_gets_short_max_age_etag_and_last_modified(client, news):
    response = client.get(news.url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    assert response["ETag"] and response["Last-Modified"]


def test_conditional_requests_get_304_until_content_changes(client, news, news_index):
    first = client.get(news.url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(news.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(news.url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # Another URL has another ETag.
    assert client.get(news_index.url)["ETag"] != etag
    # Publishing another news item changes nothing this page shows: the ETag still matches.
    NewsPageFactory(parent=news_index, title="又一条新闻")
    assert client.get(news.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Publishing this one does: the old ETag no longer matches.
    news.title = "改过的标题"
    news.save_revision().publish()
    fresh = client.get(news.url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_logged_in_editors_are_never_cached(client, news):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    response = client.get(news.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    assert client.get(news.url, HTTP_IF_NONE_MATCH='W/"anything"').status_code == 200


def test_private_pages_are_never_cached(client, news_index):
    page = NewsPageFactory(parent=news_index, title="内部新闻", private=True)
    form = client.get(page.url)
    assert "no-store" in form["Cache-Control"] and not form.has_header("ETag")
    restriction = PageViewRestriction.objects.get(page=page)
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.id}/{page.id}/",
        {"password": "secret", "return_url": page.url},
    )
    assert response.status_code == 302
    response = client.get(page.url)
    assert response.status_code == 200 and "内部新闻" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_draft_previews_are_never_cached(client, news):
    news.title = "草稿标题"
    news.save_revision()
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[news.pk]))
    assert response.status_code == 200 and "草稿标题" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_feeds_and_calendar_revalidate(client, news):
    for url in ("/feeds/news/rss.xml", "/feeds/activities.ics", "/sitemap.xml"):
        response = client.get(url)
        assert "max-age" in response["Cache-Control"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, url
