"""Timed sessions of an activity: admin validation, the page, the calendar, the partner API, dependencies."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from campaign.blocks import LocationBlock
from campaign.models import ActivityPage, ActivitySession
from publishing import dependencies
from tests.factories import ActivityPageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime.datetime(2022, 9, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def activity(home):
    campaign = CampaignPageFactory(parent=home)
    page = ActivityPageFactory(
        parent=campaign,
        slug="lianliankan",
        signup_url="https://example.org/signup",
        locations=[
            {
                "type": "location",
                "value": {
                    "kind": "venue",
                    "name": "市民中心",
                    "address": "",
                    "url": "",
                    "latitude": 25.04,
                    "longitude": 102.71,
                },
            }
        ],
    )
    page.sessions = [
        ActivitySession(title="第一期直播", start=at(20, 14), end=at(20, 16), location="抖音号", sort_order=0),
        ActivitySession(title="第二期直播", start=at(27, 20), end=at(28, 1), sort_order=1),
    ]
    page.save_revision().publish()
    return ActivityPage.objects.get(pk=page.pk)


def test_session_end_before_start_is_a_chinese_form_error():
    session = ActivitySession(title="错的", start=at(20, 16), end=at(20, 14))
    with pytest.raises(ValidationError) as error:
        session.clean()
    assert error.value.message_dict["end"] == ["结束时间不能早于开始时间。"]


def test_location_needs_both_coordinates_or_none():
    block = LocationBlock()
    value = block.to_python({"kind": "venue", "name": "场馆", "address": "", "url": "", "latitude": 25.0})
    with pytest.raises(ValidationError):
        block.clean(value)
    ok = block.to_python({"kind": "venue", "name": "场馆", "address": "", "url": ""})
    assert block.clean(ok)["latitude"] is None


def test_page_shows_sessions_in_beijing_time_and_signup_button(activity, client):
    html = client.get(activity.url).content.decode()
    assert "场次与时间" in html
    assert "9月20日 14:00–16:00" in html
    assert "9月27日 20:00 – 9月28日 01:00" in html
    assert '<a class="button" href="https://example.org/signup" rel="noopener">我要报名</a>' in html


def test_page_without_sessions_has_no_sessions_section(home, client):
    page = ActivityPageFactory(parent=CampaignPageFactory(parent=home))
    html = client.get(page.url).content.decode()
    assert "场次与时间" not in html and "我要报名" not in html
    assert page.all_day


def test_calendar_has_all_day_activity_and_timed_sessions(activity, client):
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/activities.ics").content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    host = next(iter(events)).split("@")[1]
    whole = events[f"activity-{activity.pk}@{host}"]
    assert whole.decoded("dtstart") == datetime.date(2022, 9, 1)
    first_id, second_id = [s.pk for s in activity.sessions.order_by("sort_order")]
    first = events[f"activity-{activity.pk}-session-{first_id}@{host}"]
    assert first["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert first.decoded("dtstart") == at(20, 14)
    assert first.decoded("dtend") == at(20, 16)
    assert str(first["location"]) == "抖音号"
    second = events[f"activity-{activity.pk}-session-{second_id}@{host}"]
    assert second.decoded("dtend") == at(28, 1)
    assert str(second["location"]) == "市民中心"
    assert any(tz["tzid"] == "Asia/Shanghai" for tz in calendar.walk("VTIMEZONE"))


def test_partner_api_exposes_sessions_signup_and_coordinates(activity, client):
    item = client.get(f"/api/v1/activities/{activity.pk}/").json()
    assert item["all_day"] is False
    assert item["signup_url"] == "https://example.org/signup"
    assert item["sessions"] == [
        {
            "title": "第一期直播",
            "start": "2022-09-20T14:00:00+08:00",
            "end": "2022-09-20T16:00:00+08:00",
            "location": "抖音号",
        },
        {
            "title": "第二期直播",
            "start": "2022-09-27T20:00:00+08:00",
            "end": "2022-09-28T01:00:00+08:00",
            "location": "",
        },
    ]
    assert item["locations"][0]["latitude"] == 25.04 and item["locations"][0]["longitude"] == 102.71


def test_sessions_map_to_the_activity_page_key(activity):
    session = activity.sessions.first()
    assert dependencies.keys_for(session) == (f"page:{activity.pk}",)
