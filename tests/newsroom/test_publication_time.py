"""Honest times: 发布时间 follows the real go-live unless the editor sets it on purpose."""

import datetime
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaign.models import NewsPage
from tests.newsroom.conftest import news_form_data

pytestmark = pytest.mark.django_db


def submit(client, editor, news_index, title="质量月启动", published_at=""):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("campaign", "newspage", news_index.pk))
    response = client.post(url, news_form_data(title, published_at=published_at, **{"action-submit": "1"}))
    assert response.status_code == 302
    return NewsPage.objects.get(title=title)


def test_new_news_form_leaves_publication_time_blank(client, editor, news_index):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:add", args=("campaign", "newspage", news_index.pk)))
    assert response.status_code == 200
    assert response.context["form"]["published_at"].value() is None
    assert "留空则以实际上线时间为准" in response.content.decode()


def test_blank_time_follows_the_approved_go_live(client, editor, chief, news_index):
    page = submit(client, editor, news_index)
    assert not page.published_at_fixed
    # Reopened, the draft still shows 发布时间 blank rather than the moment it was written.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert client.get(edit_url).context["form"]["published_at"].value() is None

    client.force_login(chief)
    go_live = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=16, minute=0, second=0, microsecond=0)
    response = client.post(
        edit_url,
        news_form_data(
            page.title,
            slug=page.slug,
            published_at="",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    page.refresh_from_db()
    assert not page.live
    # The message says when it goes live (Asia/Shanghai).
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[-1] == f"“质量月启动”已批准，将于 {go_live.month}月{go_live.day}日 16:00 发布"

    # The scheduler publishes it a minute after its go-live time.
    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.published_at == go_live
    assert page.published_at_fixed
    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=5)):
        html = client.get(page.url).content.decode()
    assert f"{go_live.year}年{go_live.month}月{go_live.day}日 16:00" in html

    # A later edit and publication keeps the go-live time.
    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(hours=1)):
        client.post(
            edit_url, news_form_data("质量月启动（更新）", slug=page.slug, published_at="", **{"action-publish": "1"})
        )
    page.refresh_from_db()
    assert page.title == "质量月启动（更新）"
    assert page.published_at == go_live


def test_blank_time_follows_an_immediate_publication(client, editor, chief, news_index):
    page = submit(client, editor, news_index)
    written = page.published_at
    client.force_login(chief)
    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            news_form_data(
                page.title,
                slug=page.slug,
                published_at="",
                **{"action-workflow-action": "1", "workflow-action-name": "approve"},
            ),
        )
    page.refresh_from_db()
    assert page.live
    assert page.published_at == later != written


def test_a_time_set_on_purpose_is_kept(client, editor, chief, news_index):
    page = submit(client, editor, news_index, published_at="2026-09-01 09:00")
    assert page.published_at_fixed
    client.force_login(chief)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        news_form_data(
            page.title,
            slug=page.slug,
            published_at="2026-09-01 09:00",
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    page.refresh_from_db()
    assert page.live
    assert timezone.localtime(page.published_at).strftime("%Y-%m-%d %H:%M") == "2026-09-01 09:00"
