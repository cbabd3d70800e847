"""The public /search/ page as a reader uses it."""

import pytest
from django.core.management import call_command

from search.query import search_pages
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "",
    " ",
    "a" * 1000,
    "质" * 1000,
    '"质量"',
    "质量*",
    "NEAR(质量 月)",
    "质量 AND 论坛",
    "-论坛",
    "(春城)",
    "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "😀🎉",
    "\x00\x01\x1b",
    "%",
    "\\",
    "质量 OR",
    "NOT",
]


@pytest.fixture
def indexed_demo(demo):
    call_command("update_index", verbosity=0)
    return demo


def test_on_the_demo(client, indexed_demo):
    # One demo load for several checks: loading it takes seconds.
    check_odd_queries_never_500(client)
    check_done_when_queries_find_the_right_pages(client)
    check_results_are_labelled_by_type_and_highlighted(client)
    check_traditional_query_highlights_simplified_text(client)
    check_type_filter(client)
    check_no_results_says_so(client)


def check_odd_queries_never_500(client):
    for query in ODD_QUERIES:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
        assert isinstance(search_pages(query)[:10], list)
    assert search_pages("北京烤鸭 OR 1=1") == []


def check_done_when_queries_find_the_right_pages(client):
    for query, path in [
        ("小小质量官", "/2022/little-quality-officers-camp/"),
        ("春城质量官", "/officers/"),
        ("夏嘉伟", "/officers/xia-jiawei/"),
        ("質量月", "/2022/quality-month-publicity/"),
        ("连连看", "/2022/kunming-brands-lianliankan/"),
        ("论坛", "/2022/quality-empowers-industry-forum/"),
        ("0871-65392426", "/2022/little-quality-officers-camp/"),
    ]:
        html = client.get("/search/", {"q": query}).content.decode()
        assert f'href="{path}"' in html, query


def check_results_are_labelled_by_type_and_highlighted(client):
    html = client.get("/search/", {"q": "夏嘉伟"}).content.decode()
    assert '<span class="search-result__type">春城质量官</span>' in html
    assert '<span class="search-result__type">新闻</span>' in html
    assert '<span class="search-result__type">活动</span>' in html
    assert "<mark>夏嘉伟</mark>" in html


def check_traditional_query_highlights_simplified_text(client):
    html = client.get("/search/", {"q": "質量月"}).content.decode()
    assert "<mark>质量月</mark>" in html


def check_type_filter(client):
    html = client.get("/search/", {"q": "夏嘉伟", "type": "news"}).content.decode()
    assert '<span class="search-result__type">新闻</span>' in html
    assert '<span class="search-result__type">活动</span>' not in html
    assert client.get("/search/", {"q": "夏嘉伟", "type": "<bad>"}).status_code == 200


def test_empty_query_gives_a_helpful_page(client, home):
    html = client.get("/search/").content.decode()
    assert "例如" in html
    assert "?q=%E6%98%A5%E5%9F%8E%E8%B4%A8%E9%87%8F%E5%AE%98" in html  # 春城质量官 suggestion


def check_no_results_says_so(client):
    html = client.get("/search/", {"q": "北京烤鸭"}).content.decode()
    assert "没有找到与“北京烤鸭”相关的内容" in html


def test_query_and_content_are_escaped(client, news_index):
    NewsPageFactory(
        parent=news_index, title="<script>alert(1)</script> 鲜花饼", lead="<img src=x onerror=alert(2)> 鲜花饼"
    )
    html = client.get("/search/", {"q": '鲜花饼 "><script>alert(3)</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    html = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>鲜花饼</mark>" in html
    assert "<script>alert" not in html


def test_paginated(client, news_index):
    for number in range(23):
        NewsPageFactory(parent=news_index, title=f"鲜花饼新闻{number}")
    first = client.get("/search/", {"q": "鲜花饼"}).content.decode()
    assert "找到 23 条" in first
    assert first.count('class="search-result ') == 10
    assert "第 1 / 3 页" in first
    last = client.get("/search/", {"q": "鲜花饼", "page": "3"}).content.decode()
    assert last.count('class="search-result ') == 3
    for junk in ["0", "-1", "999", "abc"]:
        assert client.get("/search/", {"q": "鲜花饼", "page": junk}).status_code == 200


def test_title_match_ranks_above_body_match_and_newer_news_breaks_ties(news_index):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    body = NewsPageFactory(parent=news_index, title="一篇新闻", lead="文中提到鲜花饼。", published_at=now)
    old = NewsPageFactory(
        parent=news_index, title="鲜花饼上市", lead="导语。", published_at=now - datetime.timedelta(days=30)
    )
    new = NewsPageFactory(
        parent=news_index, title="鲜花饼热卖", lead="导语。", published_at=now - datetime.timedelta(days=1)
    )
    assert search_pages("鲜花饼") == [new, old, body]
