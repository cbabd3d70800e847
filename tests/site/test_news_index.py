"""The news index: months in Beijing time, counts and pages from either end of the list."""

import datetime

import pytest

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(params=[False, True], ids=["computed", "remembered"])
def cached(request, settings):
    from django.core.cache import cache

    settings.RESPONSE_CACHE_ENABLED = request.param
    cache.clear()
    yield request.param
    cache.clear()


def test_month_archive_counts_each_item_in_its_beijing_month(client, news_index, cached):
    # 16:30 UTC on 31 August is 1 September in Beijing (UTC+8).
    NewsPageFactory(
        parent=news_index, title="九月一日零点半", published_at=datetime.datetime(2022, 8, 31, 16, 30, tzinfo=UTC)
    )
    NewsPageFactory(
        parent=news_index, title="八月最后一晚", published_at=datetime.datetime(2022, 8, 31, 15, 30, tzinfo=UTC)
    )
    # Summer 1988 had daylight saving time (UTC+9): 15:30 UTC on 31 July is 1 August.
    NewsPageFactory(
        parent=news_index, title="夏令时八月", published_at=datetime.datetime(1988, 7, 31, 15, 30, tzinfo=UTC)
    )
    NewsPageFactory(
        parent=news_index, title="夏令时七月", published_at=datetime.datetime(1988, 7, 31, 14, 30, tzinfo=UTC)
    )
    body = client.get("/news/").content.decode()
    for month in ("2022年9月", "2022年8月", "1988年8月", "1988年7月"):
        assert f"{month}</a>（1）" in body, month
    for month, title in (
        ("2022-09", "九月一日零点半"),
        ("2022-08", "八月最后一晚"),
        ("1988-08", "夏令时八月"),
        ("1988-07", "夏令时七月"),
    ):
        listed = client.get(f"/news/?month={month}").content.decode()
        assert title in listed and listed.count('<li class="news-item') == 1, month


def test_every_page_of_the_list_holds_the_right_items_newest_first(client, news_index, cached):
    start = datetime.datetime(2022, 9, 1, 2, 0, tzinfo=UTC)
    for n in range(35):
        page = NewsPageFactory(
            parent=news_index, title=f"第{n:02d}条", published_at=start + datetime.timedelta(hours=n)
        )
        page.tags.add("质量月" if n % 2 else "发布会")
        page.save_revision().publish()
    seen = []
    for number in (1, 2, 3, 4):
        body = client.get(f"/news/?page={number}").content.decode()
        assert f"第 {number} / 4 页" in body
        seen += [f"第{n:02d}条" for n in range(35) if f">第{n:02d}条<" in body]
    assert len(seen) == 35 and set(seen) == {f"第{n:02d}条" for n in range(35)}
    last = client.get("/news/?page=4").content.decode()
    assert [title for title in ("第04条", "第03条", "第02条", "第01条", "第00条") if title in last] == [
        "第04条", "第03条", "第02条", "第01条", "第00条"
    ]  # fmt: skip
    assert last.index("第04条") < last.index("第00条")  # newest first on the far pages too
    tagged = client.get("/news/?tag=质量月&page=2").content.decode()  # 17 items: 10 + 7
    assert "第 2 / 2 页" in tagged and tagged.count('<li class="news-item') == 7
    assert client.get("/news/?tag=质量月&page=99").content.decode().count('<li class="news-item') == 7
