"""A list request costs the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from tests.factories import ActivityPageFactory, NewsPageFactory, OfficerPageFactory

# Measured once per endpoint and pinned (at most 7 for a plain list): the content version
# (read once per request by publishing.response_cache, which also lets view restrictions,
# private collections and the Site be remembered per version), count, rows, renditions, then
# news: tags and related ids in one UNION query; activities: sub-activities, 相关报告, campaigns
# and the parent campaign's id (a dependency even while hidden, once per campaign); campaigns:
# organisations, activity ids; and last the stamps of the dependency keys the response read
# (publishing.invalidation), stored with the cached entry. Expansions prefetch whole related objects.
EXPECTED = {
    "/api/v1/news/": 6,
    "/api/v1/news/?expand=activities,officers,campaign&format=html": 20,  # + sessions of the activities
    "/api/v1/activities/": 10,  # + sessions (one prefetch)
    "/api/v1/officers/": 5,
    "/api/v1/campaigns/": 7,
    "/api/v1/organisations/": 6,
}


@pytest.fixture
def many(news_index, officer_index, campaign, image):
    from tests.factories import CampaignPageFactory, OrganisationFactory

    years = iter(range(2040, 2100))

    def make(count):
        for _ in range(count):
            year = next(years)
            CampaignPageFactory(parent=campaign.get_parent(), year=year, slug=str(year), hero_image=image)
            activity = ActivityPageFactory(parent=campaign, hero_image=image)
            officer = OfficerPageFactory(parent=officer_index, photo=image, campaign=campaign)
            item = NewsPageFactory(
                parent=news_index,
                campaign=campaign,
                hero_image=image,
                body=[
                    ("paragraph", RichText(f'<p><a linktype="page" id="{officer.pk}">x</a></p>')),
                    ("image", {"image": image, "caption": "c"}),
                ],
            )
            item.tags.add("质量月")
            item.activities.set([activity])
            item.officers.set([officer])
            item.save_revision().publish()
            organisation = OrganisationFactory()
            campaign.organisations.create(organisation=organisation, role="host")
        campaign.save_revision().publish()

    return make


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(EXPECTED))
def test_query_count_is_fixed(client, many, url, django_assert_num_queries):
    many(2)
    client.get(url)  # first request may create renditions
    small, small_items = count_queries(client, url)
    many(6)
    client.get(url)
    with django_assert_num_queries(EXPECTED[url]):
        response = client.get(url)
    assert len(response.json()["results"]) > small_items
    assert small == EXPECTED[url]


@pytest.fixture
def searchable(news_index, officer_index, campaign, image):
    """``make(n)``: n public campaigns, activities, officers and news items titled 巡检, news linked."""
    from tests.factories import CampaignPageFactory

    years = iter(range(2040, 2100))

    def make(count):
        for _ in range(count):
            year = next(years)
            CampaignPageFactory(
                parent=campaign.get_parent(), year=year, slug=str(year), title=f"{year}巡检", hero_image=image
            )
            activity = ActivityPageFactory(parent=campaign, title=f"巡检活动{year}", hero_image=image)
            officer = OfficerPageFactory(parent=officer_index, title=f"巡检官{year}", photo=image, campaign=campaign)
            item = NewsPageFactory(parent=news_index, title=f"巡检新闻{year}", campaign=campaign, hero_image=image)
            item.tags.add("质量月")
            item.activities.set([activity])
            item.officers.set([officer])
            item.save_revision().publish()

    return make


@pytest.mark.django_db
def test_search_query_count_is_fixed(client, searchable, django_assert_num_queries, monkeypatch):
    """Hits of every type are fetched per type (list querysets + attach), not one by one."""
    from search import query

    # search.query remembers index sizes for ten minutes: keep this test's out of later tests.
    monkeypatch.setattr(query, "_index_stats", {"at": -3600.0})
    url = "/api/v1/search/?q=巡检&limit=100"
    searchable(1)
    client.get(url)  # first request may create renditions
    small, small_items = count_queries(client, url)
    assert small_items == 4
    searchable(2)
    client.get(url)
    with django_assert_num_queries(small):
        response = client.get(url)
    results = response.json()["results"]
    assert len(results) == 12
    assert {item["type"] for item in results} == {"campaign", "activity", "officer", "news"}
    news = [item for item in results if item["type"] == "news"]
    assert all(
        item["tags"] == ["质量月"] and len(item["activities"]) == 1 and len(item["officers"]) == 1 for item in news
    )
    assert all("<mark>巡检</mark>" in item["highlighted_title"] and "snippet" in item for item in results)
