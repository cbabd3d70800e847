"""Drafts, scheduled, expired, private, withdrawn and deleted pages never
appear in search results, on the public page or through search_pages."""

import pytest

from search.query import search_pages
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["unpublished", "withdrawn", "scheduled", "expired", "private"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_news_is_not_found(client, news_index, state):
    NewsPageFactory(parent=news_index, title="公开的鲜花饼新闻")
    NewsPageFactory(parent=news_index, title="隐藏的鲜花饼新闻", **{state: True})

    titles = [page.title for page in search_pages("鲜花饼")]
    assert titles == ["公开的鲜花饼新闻"]

    html = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert "公开的" in html
    assert "隐藏的" not in html


def test_child_of_private_page_is_not_found(news_index):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    NewsPageFactory(parent=news_index, title="登录后才能看的鲜花饼")
    assert search_pages("鲜花饼") == []


def test_deleted_page_is_not_found(news_index):
    page = NewsPageFactory(parent=news_index, title="将被删除的鲜花饼")
    assert search_pages("鲜花饼") == [page]
    page.delete()
    assert search_pages("鲜花饼") == []


def test_unpublished_changes_of_a_live_page_are_not_searchable(news_index):
    page = NewsPageFactory(parent=news_index, title="已发布的鲜花饼")
    page.title = "草稿里的普洱茶"
    page.save_revision()  # a draft revision, not published
    assert search_pages("普洱茶") == []
    assert [p.title for p in search_pages("鲜花饼")] == ["已发布的鲜花饼"]


def test_queryset_filters_are_honoured(news_index, officer_index):
    from campaign.models import NewsPage

    kept = NewsPageFactory(parent=news_index, title="鲜花饼甲", author="甲")
    NewsPageFactory(parent=news_index, title="鲜花饼乙", author="乙")
    NewsPageFactory(parent=news_index, title="鲜花饼丙", author="甲", expired=True)
    assert search_pages("鲜花饼", queryset=NewsPage.objects.filter(author="甲")) == [kept]
