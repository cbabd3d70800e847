"""A story still marked 【待核对】 by the importer cannot be published, whichever way (#16).

The chief gets a clear Chinese error and nothing typed is lost; once the marks are gone, it
publishes as usual.
"""

import pytest
from django.urls import reverse
from wagtail.models import Workflow
from wagtail.rich_text import RichText

from campaign.models import NewsPage
from newsroom import publish_guard
from tests.newsroom.conftest import draft_news, news_form_data
from wirecopy import importer

pytestmark = pytest.mark.django_db

MARKED_LEAD = "【待核对】昆明市市场监镌ｇ理局发布通知。"


def marked_draft(parent, title, **fields):
    """A draft as the importer leaves it: its lead marked as damaged."""
    page = draft_news(parent, title=title, **fields)
    page.lead = MARKED_LEAD
    page.save()
    page.save_revision()
    return page


def test_the_guard_looks_for_the_importers_mark():
    assert publish_guard.DAMAGE_MARKER == importer.DAMAGE_MARKER


def test_a_marked_paragraph_in_the_body_counts_and_the_warnings_field_does_not(news_index):
    body = [("paragraph", RichText(f"<p><b>{importer.DAMAGE_MARKER}</b>受损的段落。</p>"))]
    page = draft_news(news_index, title="正文有标记", body=body)
    assert publish_guard.page_is_marked(page)
    clean = draft_news(news_index, title="只有警告", import_warnings="正文第 1 段：有乱码【待核对】")
    assert not publish_guard.page_is_marked(clean)


def test_publishing_from_the_edit_form_is_refused_and_nothing_typed_is_lost(client, news_index, chief):
    page = marked_draft(news_index, "导入的稿件")
    client.force_login(chief)
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = news_form_data(title="主任改过的标题", slug=page.slug, lead=MARKED_LEAD)
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert publish_guard.MESSAGE in html
    assert "主任改过的标题" in html  # the form comes back as typed
    page.refresh_from_db()
    assert not page.live

    # Saving a draft with the mark is fine; publishing once the mark is gone works.
    response = client.post(url, news_form_data(title="主任改过的标题", slug=page.slug, lead=MARKED_LEAD))
    assert response.status_code == 302
    fixed = news_form_data(title="主任改过的标题", slug=page.slug, lead="昆明市市场监督管理局发布通知。")
    response = client.post(url, {**fixed, "action-publish": "action-publish"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.title == "主任改过的标题"


def test_approving_from_the_review_queue_is_refused(client, news_index, editor, chief):
    page = marked_draft(news_index, "待审的导入稿", owner=editor)
    workflow_state = Workflow.objects.get(active=True).start(page, editor)
    task_state = workflow_state.current_task_state
    client.force_login(chief)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=(page.pk,)) in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert publish_guard.MESSAGE in html

    # The editor's "request changes" still works on a marked page.
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk)),
        {"comment": "请核对标记的段落。"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.workflow_in_progress


def test_approving_a_clean_story_from_the_review_queue_still_publishes(client, news_index, editor, chief):
    page = draft_news(news_index, title="干净的稿件", owner=editor)
    task_state = Workflow.objects.get(active=True).start(page, editor).current_task_state
    client.force_login(chief)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    assert client.post(url, {"comment": ""}).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_bulk_publishing_is_refused(client, news_index, chief):
    marked = marked_draft(news_index, "批量里的导入稿")
    clean = draft_news(news_index, title="批量里的干净稿")
    client.force_login(chief)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={marked.pk}&id={clean.pk}&next=/admin/", {}, follow=True)
    assert response.status_code == 200
    assert publish_guard.MESSAGE in response.content.decode()
    assert not NewsPage.objects.get(pk=marked.pk).live
    assert not NewsPage.objects.get(pk=clean.pk).live
