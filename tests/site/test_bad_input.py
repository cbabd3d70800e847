"""Bad query strings never give a 500."""

import pytest
from lxml import html as lxml_html

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_news(news_index):
    return [NewsPageFactory(parent=news_index) for _ in range(12)]


def current_page(response):
    tree = lxml_html.fromstring(response.content.decode())
    return tree.xpath("//ul[@class='pagination']//span[@aria-current='page']")[0].text_content()


@pytest.mark.parametrize(
    "query,expected",
    [
        ("abc", "第 1 / 2 页"),
        ("0", "第 1 / 2 页"),
        ("-3", "第 1 / 2 页"),
        ("2", "第 2 / 2 页"),
        ("99999", "第 2 / 2 页"),
    ],
)
def test_bad_page_numbers_fall_back(client, twelve_news, query, expected):
    response = client.get("/news/", {"page": query})
    assert response.status_code == 200
    assert current_page(response) == expected


def test_unknown_tag_gives_a_friendly_empty_page(client, twelve_news):
    response = client.get("/news/", {"tag": "没有这个标签"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "暂时没有带“没有这个标签”标签的新闻" in html
    assert '<meta name="robots" content="noindex">' in html


def test_tag_filter_and_month_archive(client, news_index):
    tagged = NewsPageFactory(parent=news_index, title="带标签的新闻")
    tagged.tags.add("质量月")
    tagged.save_revision().publish()
    NewsPageFactory(parent=news_index, title="别的新闻")
    html = client.get("/news/", {"tag": "质量月"}).content.decode()
    assert "带标签的新闻" in html and "别的新闻" not in html
    old = NewsPageFactory(parent=news_index, title="去年九月的新闻")
    old.published_at = old.published_at.replace(year=2022, month=9, day=30, hour=16, minute=30)  # 10-01 00:30 Beijing
    old.save_revision().publish()
    html = client.get("/news/", {"month": "2022-10"}).content.decode()
    assert "去年九月的新闻" in html and "别的新闻" not in html
    assert "2022年10月" in html
    assert "去年九月的新闻" not in client.get("/news/", {"month": "2022-09"}).content.decode()


@pytest.mark.parametrize("month", ["abc", "2022-13", "0000-01", "2022-1x", "99999-01"])
def test_malformed_month_is_404(client, news_index, month):
    assert client.get("/news/", {"month": month}).status_code == 404
