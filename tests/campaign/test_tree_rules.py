"""Editors cannot build a nonsense tree."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from campaign.models import (
    ActivityPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    OfficerIndexPage,
    OfficerPage,
)
from home.models import HomePage
from tests.factories import CampaignPageFactory

ALLOWED_CHILDREN = {
    HomePage: {CampaignPage, OfficerIndexPage, NewsIndexPage},
    CampaignPage: {ActivityPage},
    ActivityPage: set(),
    OfficerIndexPage: {OfficerPage},
    OfficerPage: set(),
    NewsIndexPage: {NewsPage},
    NewsPage: set(),
}


@pytest.mark.parametrize("parent_model", list(ALLOWED_CHILDREN))
def test_allowed_subpage_types(parent_model):
    assert set(parent_model.allowed_subpage_models()) == ALLOWED_CHILDREN[parent_model]


@pytest.mark.parametrize(
    ("child_model", "parents"),
    [
        (ActivityPage, {CampaignPage}),
        (NewsPage, {NewsIndexPage}),
        (OfficerPage, {OfficerIndexPage}),
        (CampaignPage, {HomePage}),
    ],
)
def test_allowed_parent_types(child_model, parents):
    assert set(child_model.allowed_parent_page_models()) == parents


def test_only_one_home_page(home):
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_admin_refuses_news_directly_under_campaign(home, admin_client):
    campaign = CampaignPageFactory(parent=home)
    url = reverse("wagtailadmin_pages:add", args=("campaign", "newspage", campaign.pk))
    response = admin_client.get(url)
    # Wagtail answers with "permission denied" and sends the editor back to the dashboard.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_admin_offers_activity_under_campaign(home, admin_client):
    campaign = CampaignPageFactory(parent=home)
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(campaign.pk,)), follow=True)
    assert response.status_code == 200
    # The only allowed child type goes straight to its create form.
    assert "活动" in response.content.decode()
