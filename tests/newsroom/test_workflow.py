"""值班主任审核: an editor submits, a 值班主任 approves and publishes or schedules, or rejects."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from campaign.models import NewsPage
from tests.factories import ActivityPageFactory, CampaignPageFactory
from tests.newsroom.conftest import draft_news, news_form_data

pytestmark = pytest.mark.django_db


def submit_as_editor(client, editor, news_index, title="质量月启动"):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("campaign", "newspage", news_index.pk))
    response = client.post(url, news_form_data(title, **{"action-submit": "1"}))
    assert response.status_code == 302
    return NewsPage.objects.get(title=title)


def current_task_state(page):
    return TaskState.objects.get(
        workflow_state__base_content_type__model="page", workflow_state__object_id=str(page.pk), status="in_progress"
    )


def test_editor_submits_and_cannot_publish(client, editor, news_index):
    page = submit_as_editor(client, editor, news_index)
    assert not page.live
    workflow_state = page.current_workflow_state
    assert workflow_state.workflow.name == "值班主任审核"
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Pressing "publish" anyway only saves a draft.
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        news_form_data(page.title, slug=page.slug, **{"action-publish": "1"}),
    )
    page.refresh_from_db()
    assert not page.live
    # …and the approval action is not the editor's to take.
    state = current_task_state(page)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk)), {"comment": ""}
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live


def test_chief_sees_it_awaiting_review_and_approves(client, editor, chief, news_index):
    page = submit_as_editor(client, editor, news_index)
    client.force_login(chief)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "质量月启动" in home
    # The review queue is the first panel, above the schedule and the activities.
    assert home.index("质量月启动") < home.index("未来 7 天的定时发布与下线") < home.index("各项活动状态")
    assert reverse("wagtailadmin_pages:edit", args=(page.pk,)) in home

    state = current_task_state(page)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk)), {"comment": ""}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    # The public sees it.
    assert client.get(page.url).status_code == 200


def test_chief_approves_with_a_go_live_time_and_it_is_scheduled(client, editor, chief, news_index):
    page = submit_as_editor(client, editor, news_index)
    client.force_login(chief)
    when = timezone.localtime() + datetime.timedelta(days=2)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        news_form_data(
            page.title,
            slug=page.slug,
            go_live_at=when.strftime("%Y-%m-%d %H:%M"),
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    page.refresh_from_db()
    assert not page.live
    scheduled = page.revisions.get(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at.strftime("%Y-%m-%d %H:%M") == when.astimezone(datetime.UTC).strftime(
        "%Y-%m-%d %H:%M"
    )
    # The dashboard lists it for the coming week.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "定时发布" in home and page.title in home


def test_chief_rejects_with_a_comment(client, editor, chief, news_index):
    page = submit_as_editor(client, editor, news_index)
    client.force_login(chief)
    state = current_task_state(page)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", state.pk)),
        {"comment": "导语太长，请压缩到两句。"},
    )
    page.refresh_from_db()
    assert not page.live
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert state.comment == "导语太长，请压缩到两句。"
    # The editor sees the comment in the workflow history.
    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_pages:workflow_history", args=(page.pk,)))
    assert history.status_code == 200


def test_activity_goes_through_the_same_workflow(client, editor, home):
    campaign = CampaignPageFactory(parent=home, year=2030, slug="2030")
    activity = ActivityPageFactory(parent=campaign)
    client.force_login(editor)
    assert activity.permissions_for_user(editor).can_submit_for_moderation()
    assert activity.get_workflow().name == "值班主任审核"


def test_locking_revisions_compare_and_history_are_reachable(client, editor, chief, news_index):
    page = draft_news(news_index, "质量月启动")
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        news_form_data("质量月启动（修改）", slug=page.slug),
    )
    # Editor locks the page; the chief sees the lock and can unlock it.
    assert client.post(reverse("wagtailadmin_pages:lock", args=(page.pk,))).status_code == 302
    page.refresh_from_db()
    assert page.locked and page.locked_by == editor

    client.force_login(chief)
    compare = client.get(reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "earliest", "latest")))
    assert compare.status_code == 200
    assert "质量月启动（修改）" in compare.content.decode()
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200
    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code == 200
    assert client.post(reverse("wagtailadmin_pages:unlock", args=(page.pk,))).status_code == 302
    page.refresh_from_db()
    assert not page.locked
