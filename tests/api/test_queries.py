"""A list request costs the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from tests.factories import ActivityPageFactory, NewsPageFactory, OfficerPageFactory

# Measured once per endpoint and pinned (at most 6 for a plain list): the content version
# (read once per request by publishing.response_cache, which also lets view restrictions,
# private collections and the Site be remembered per version), count, rows, renditions, then
# news: tags and related ids in one UNION query; activities: sub-activities, 相关报告, campaigns;
# campaigns: organisations, activity ids. Expansions prefetch whole related objects.
EXPECTED = {
    "/api/v1/news/": 5,
    "/api/v1/news/?expand=activities,officers,campaign&format=html": 17,
    "/api/v1/activities/": 7,
    "/api/v1/officers/": 4,
    "/api/v1/campaigns/": 6,
    "/api/v1/organisations/": 4,
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
