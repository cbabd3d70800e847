"""Admin home panels: the week's schedule, each activity's status, work awaiting review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityPageFactory, CampaignPageFactory, NewsPageFactory
from tests.newsroom.conftest import draft_news

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_scheduled_and_expiring_pages_in_the_next_seven_days(client, chief, news_index):
    soon = draft_news(news_index, "三天后发布")
    soon.go_live_at = timezone.now() + datetime.timedelta(days=3)
    soon.save_revision().publish()
    later = draft_news(news_index, "十天后发布")
    later.go_live_at = timezone.now() + datetime.timedelta(days=10)
    later.save_revision().publish()
    expiring = NewsPageFactory(parent=news_index, title="五天后下线")
    expiring.expire_at = timezone.now() + datetime.timedelta(days=5)
    expiring.save_revision().publish()

    html = dashboard(client, chief)
    assert "未来 7 天的定时发布与下线" in html
    assert "三天后发布" in html and "五天后下线" in html
    assert "十天后发布" not in html
    # Shown in Beijing time.
    shown = timezone.localtime(soon.revisions.get(approved_go_live_at__isnull=False).approved_go_live_at)
    assert shown.strftime("%Y-%m-%d %H:%M") in html


def test_empty_schedule_says_so(client, editor, news_index):
    assert "未来 7 天没有定时发布或到期下线的页面" in dashboard(client, editor)


def test_activity_status_panel(client, editor, home):
    campaign = CampaignPageFactory(parent=home, year=2031, slug="2031")
    today = timezone.localdate()
    ActivityPageFactory(
        parent=campaign,
        title="已结束的活动",
        number=1,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )
    ActivityPageFactory(
        parent=campaign, title="进行中的活动", number=2, start_date=today, end_date=today + datetime.timedelta(days=3)
    )
    ActivityPageFactory(
        parent=campaign,
        title="即将开始的活动",
        number=3,
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=9),
    )
    html = dashboard(client, editor)
    assert "各项活动状态" in html
    section = html[html.index("各项活动状态") :]
    assert section.index("已结束的活动") < section.index("进行中的活动") < section.index("即将开始的活动")
    for label in ("已结束", "进行中", "即将开始"):
        assert label in section


def test_partner_manager_sees_no_pages_on_the_dashboard(client, partner_manager, home, news_index):
    campaign = CampaignPageFactory(parent=home, year=2032, slug="2032")
    ActivityPageFactory(parent=campaign, title="保密活动")
    html = dashboard(client, partner_manager)
    assert "保密活动" not in html
    # No page panels that would claim there are no pages: partner panels only.
    for heading in ("各项活动状态", "未来 7 天的定时发布与下线"):
        assert heading not in html
    assert "投递失败的 Webhook" in html


def test_chief_still_sees_the_page_panels(client, chief, home, news_index):
    html = dashboard(client, chief)
    assert "各项活动状态" in html and "未来 7 天的定时发布与下线" in html
