"""Paginating search results across the public filter: hidden pages among the
top hits neither leak nor shorten a page, in both ranking modes, and counts
beyond the cap are shown as capped."""

import datetime

import pytest
from django.utils import timezone

from search import query
from search.query import search_pages
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def make_news(news_index, count, hidden=(), hidden_state="private", title="鲜花饼新闻", lead="导语。"):
    """``count`` news items published an hour apart, created oldest first as a
    newsroom does; item ``n`` is ``n`` hours old, those in ``hidden`` are
    hidden. Returns the public ones, newest first."""
    now = timezone.now()
    public = {}
    for n in reversed(range(count)):
        kwargs = {hidden_state: True} if n in hidden else {}
        page = NewsPageFactory(
            parent=news_index,
            title=f"{title}{n:02d}",
            lead=lead,
            published_at=now - datetime.timedelta(hours=n),
            **kwargs,
        )
        if n not in hidden:
            public[n] = page
    return [public[n] for n in sorted(public)]


def result_titles(client, params):
    html = client.get("/search/", params).content.decode()
    return html, html.split('class="search-result__title"')[1:]


@pytest.mark.parametrize("mode", ["scored", "frequent"])
def test_private_top_hit_neither_leaks_nor_shortens_the_page(client, news_index, monkeypatch, mode):
    if mode == "frequent":
        monkeypatch.setattr(query, "SCORE_LIMIT", 3)
    # The newest (top-ranked) item and another one on the first page are private.
    public = make_news(news_index, 13, hidden={0, 5})
    results = search_pages("鲜花饼")
    assert results.mode == mode
    # Counted exactly in both modes (under COUNT_LIMIT): every counted result passed the public filter.
    assert len(results) == 11 and not results.approximate
    assert results[:10] == public[:10]
    assert results[10:20] == public[10:]

    html, first = result_titles(client, {"q": "鲜花饼"})
    assert len(first) == 10
    assert "找到 11 条" in html  # the page's facets went through all 13: now exact
    # Titles are highlighted: <mark>鲜花饼</mark>新闻01
    assert "新闻01</a>" in html
    assert "新闻00</a>" not in html and "新闻05</a>" not in html
    html, second = result_titles(client, {"q": "鲜花饼", "page": "2"})
    assert len(second) == 1
    assert "新闻12</a>" in html


def test_frequent_mode_ranks_title_hits_first_then_newest(news_index, monkeypatch):
    # Frequent mode reads the index newest entry first: in a newsroom, items
    # are entered as they are published.
    monkeypatch.setattr(query, "SCORE_LIMIT", 2)
    now = timezone.now()
    days = datetime.timedelta(days=1)
    body_old = NewsPageFactory(parent=news_index, title="另一篇", lead="也说鲜花饼。", published_at=now - 60 * days)
    title_old = NewsPageFactory(parent=news_index, title="鲜花饼上市", published_at=now - 30 * days)
    title_new = NewsPageFactory(parent=news_index, title="鲜花饼热卖", published_at=now - days)
    body_new = NewsPageFactory(parent=news_index, title="一篇新闻", lead="文中提到鲜花饼。", published_at=now)
    results = search_pages("鲜花饼")
    assert results.mode == "frequent"
    assert results == [title_new, title_old, body_new, body_old]
    # AND semantics hold in this mode too.
    assert search_pages("鲜花饼 热卖") == [title_new]


def test_hidden_candidates_are_replaced_by_fetching_more(news_index, monkeypatch):
    # Frequent mode: the first batch of candidates (22 for a page of 10) holds the
    # 14 newest items, all hidden, so the page is made up from further batches.
    monkeypatch.setattr(query, "SCORE_LIMIT", 3)
    public = make_news(news_index, 30, hidden=set(range(14)), hidden_state="unpublished")
    results = search_pages("鲜花饼")
    assert list(results[:10]) == public[:10]
    assert results.mode == "frequent"
    assert list(results[10:20]) == public[10:16]


def test_results_stop_at_the_cap(news_index, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 2)
    public = make_news(news_index, 6, hidden={0, 1, 2}, hidden_state="unpublished")
    results = search_pages("鲜花饼")
    assert results == public[:2]
    assert results.capped


@pytest.mark.parametrize("hidden_state", ["unpublished", "private", "scheduled"])
def test_frequent_word_counts_never_include_hidden_items(client, news_index, monkeypatch, hidden_state):
    # Issue 14, item 8: past SCORE_LIMIT matches (100; 3 here) the API's count
    # and the page's total included drafts. Ten of thirty matches are hidden.
    monkeypatch.setattr(query, "SCORE_LIMIT", 3)
    public = make_news(news_index, 30, hidden=set(range(0, 30, 3)), hidden_state=hidden_state)
    assert search_pages("鲜花饼").mode == "frequent"
    body = client.get("/api/v1/search/", {"q": "鲜花饼", "limit": 5}).json()
    assert body["count"] == 20
    assert [item["title"] for item in body["results"]] == [page.title for page in public[:5]]
    html = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert "找到 20 条" in html
    assert "新闻01</a>" in html and "新闻00</a>" not in html


def test_counts_beyond_the_exact_bound_are_estimates_without_hidden_items(client, news_index, monkeypatch):
    from search import views

    # Past COUNT_LIMIT results the count is estimated from the index and scaled
    # by the share of candidates the public filter let through.
    monkeypatch.setattr(query, "SCORE_LIMIT", 3)
    monkeypatch.setattr(query, "COUNT_LIMIT", 5)
    monkeypatch.setattr(views, "FACET_SAMPLE", 2)
    make_news(news_index, 30, hidden=set(range(0, 30, 3)))
    results = search_pages("鲜花饼")
    assert results.approximate
    assert 15 <= len(results) <= 25  # 20 public of 30 matches; never the 30
    assert results.display_count() == f"约 {len(results)}"
    html = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert f"找到 约 {len(results)} 条" in html
    assert "新闻01</a>" in html and "新闻00</a>" not in html
    # The API estimates from its own page of candidates, so it may differ from the site's by a little,
    # but it too stays near the 20 public matches and never counts the 10 hidden ones.
    api_count = client.get("/api/v1/search/", {"q": "鲜花饼"}).json()["count"]
    assert 15 <= api_count <= 25


def test_counts_beyond_the_cap_are_shown_as_capped(client, news_index, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 5)
    make_news(news_index, 7)
    results = search_pages("鲜花饼")
    assert len(results) == 5 and results.capped
    html = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert "找到 5+ 条" in html


def test_type_filter_on_the_page_uses_the_same_ranking(client, news_index, officer_index):
    from tests.factories import OfficerPageFactory

    make_news(news_index, 3)
    OfficerPageFactory(parent=officer_index, title="鲜花饼师傅")
    html = client.get("/search/", {"q": "鲜花饼", "type": "officer"}).content.decode()
    assert "师傅</a>" in html and "新闻00</a>" not in html
    html = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert "找到 4 条" in html


def test_api_search_pages_across_hidden_hits(client, news_index):
    public = make_news(news_index, 5, hidden={0}, hidden_state="expired")
    body = client.get("/api/v1/search/", {"q": "鲜花饼", "limit": 2}).json()
    assert body["count"] == 4
    assert [item["title"] for item in body["results"]] == [page.title for page in public[:2]]
    body = client.get("/api/v1/search/", {"q": "鲜花饼", "limit": 2, "offset": 2}).json()
    assert [item["title"] for item in body["results"]] == [page.title for page in public[2:]]
