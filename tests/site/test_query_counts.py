"""Each page type renders in a fixed number of queries, however much it lists.

Counts are taken on a warm request (renditions already generated), as an
anonymous reader; the ETag/visibility check of the caching middleware is
included. If a count changes, look at the new queries before updating it.
"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ActivityPageFactory, CampaignPageFactory, NewsPageFactory, OfficerPageFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    # Each page reads the footer's site setting once (home.SiteFooter), and, once
    # rendered, the stamps of the dependency keys it read (publishing.invalidation).
    "home": 11,
    "campaign": 10,
    "activity": 18,  # + 相关报告 and the private collections (one rule for media), + 场次, + 参与表单
    "officer_index": 7,
    "officer": 11,
    "news_index": 9,
    "news": 13,
}


def image():
    return wagtail_factories.ImageFactory(title="测试图片")


@pytest.fixture
def content(home, news_index, officer_index):
    campaign = CampaignPageFactory(parent=home, year=2022, slug="2022", hero_image=image())
    state = {"campaign": campaign, "activities": [], "officers": [], "news": []}

    def grow(count):
        for _ in range(count):
            activity = ActivityPageFactory(parent=campaign, hero_image=image())
            officer = OfficerPageFactory(parent=officer_index, photo=image(), campaign=campaign)
            news = NewsPageFactory(parent=news_index, campaign=campaign, hero_image=image())
            news.tags.add(f"标签{len(state['news'])}", "质量月")
            news.activities = [activity, *state["activities"][:3]]
            news.officers = [officer, *state["officers"][:3]]
            news.save_revision().publish()
            state["activities"].append(activity)
            state["officers"].append(officer)
            state["news"].append(news)

    state["grow"] = grow
    return state


def urls(state):
    return {
        "home": "/",
        "campaign": state["campaign"].url,
        "activity": state["activities"][0].url,
        "officer_index": "/officers/",
        "officer": state["officers"][0].url,
        "news_index": "/news/",
        "news": state["news"][-1].url,
    }


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm: renditions, site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_content(client, content):
    content["grow"](2)
    small = {name: count_queries(client, url) for name, url in urls(content).items()}
    content["grow"](6)
    large = {name: count_queries(client, url) for name, url in urls(content).items()}
    assert small == large


@pytest.mark.parametrize("name", EXPECTED)
def test_query_count_is_pinned(client, content, django_assert_num_queries, name):
    content["grow"](4)
    url = urls(content)[name]
    assert client.get(url).status_code == 200
    with django_assert_num_queries(EXPECTED[name]):
        client.get(url)
