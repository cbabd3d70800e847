"""Model validation reaches editors as clear Chinese form errors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.models import OfficerPage
from tests.factories import (
    ActivityPageFactory,
    CampaignPageFactory,
    OfficerIndexPageFactory,
    OfficerPageFactory,
)


def errors_of(page):
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    return excinfo.value.message_dict


def test_story_over_800_characters(home):
    index = OfficerIndexPageFactory(parent=home)
    officer = OfficerPageFactory(parent=index)
    officer.story = "质" * 801
    assert errors_of(officer)["story"] == ["质量故事不能超过 800 字（现在是 801 字）。"]
    officer.story = "质" * 800
    officer.full_clean()


def test_declaration_is_one_sentence(home):
    index = OfficerIndexPageFactory(parent=home)
    officer = OfficerPageFactory(parent=index)
    officer.declaration = "质量第一。诚信为本。"
    assert errors_of(officer)["declaration"] == ["质量宣言只能是一句话。"]
    officer.declaration = "我们必须为“质量昆明”竖起大拇指。"
    officer.full_clean()


def test_activity_ending_before_it_starts(home):
    campaign = CampaignPageFactory(parent=home)
    activity = ActivityPageFactory(parent=campaign)
    activity.start_date = datetime.date(2022, 10, 1)
    activity.end_date = datetime.date(2022, 9, 30)
    assert errors_of(activity)["end_date"] == ["结束日期不能早于开始日期。"]


def test_campaign_ending_before_it_starts(home):
    campaign = CampaignPageFactory(parent=home)
    campaign.end_date = campaign.start_date - datetime.timedelta(days=1)
    assert errors_of(campaign)["end_date"] == ["结束日期不能早于开始日期。"]


def test_two_campaigns_for_the_same_year(home):
    CampaignPageFactory(parent=home, year=2022, slug="2022")
    second = CampaignPageFactory.build(year=2022, slug="2022-bis", title="又一个2022")
    second.path = "9999"  # not saved: validation runs before the tree insert
    assert errors_of(second)["year"] == ["2022年的质量月已经存在，每年只能有一个。"]


def test_admin_shows_story_error_and_keeps_the_saved_page(home, admin_client):
    index = OfficerIndexPageFactory(parent=home)
    officer = OfficerPageFactory(parent=index, story="原来的故事。")
    url = reverse("wagtailadmin_pages:edit", args=(officer.pk,))
    response = admin_client.post(
        url,
        {
            "title": officer.title,
            "slug": officer.slug,
            "occupation": "演员",
            "appointed_year": "2022",
            "declaration": "",
            "story": "长" * 801,
        },
    )
    assert response.status_code == 200
    assert "质量故事不能超过 800 字" in response.content.decode()
    officer.refresh_from_db()
    assert officer.story == "原来的故事。"
    assert OfficerPage.objects.get(pk=officer.pk).get_latest_revision_as_object().story == "原来的故事。"


def test_admin_shows_duplicate_year_error(home, admin_client):
    CampaignPageFactory(parent=home, year=2022, slug="2022")
    url = reverse("wagtailadmin_pages:add", args=("campaign", "campaignpage", home.pk))
    response = admin_client.post(
        url,
        {
            "title": "重复的2022",
            "slug": "2022-dup",
            "year": "2022",
            "start_date": "2022-09-01",
            "end_date": "2022-10-31",
            "headline_figures-count": "0",
            "organisations-TOTAL_FORMS": "0",
            "organisations-INITIAL_FORMS": "0",
            "organisations-MIN_NUM_FORMS": "0",
            "organisations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "2022年的质量月已经存在" in response.content.decode()


def test_story_is_counted_as_a_reader_counts(home):
    """Paragraph breaks and spaces do not count, as on the public application form (participation.text)."""
    index = OfficerIndexPageFactory(parent=home)
    officer = OfficerPageFactory(parent=index)
    officer.story = "质" * 400 + "\n\n" + "量" * 400
    officer.full_clean()
    officer.story += "。"
    assert errors_of(officer)["story"] == ["质量故事不能超过 800 字（现在是 801 字）。"]
