"""The dashboard fits each role (#16): the chief's review count, today's publications, imports
to check, and an editor's returned stories with the reviewer's comment."""

import re

import pytest
from wagtail.models import Workflow

from tests.newsroom.conftest import draft_news

pytestmark = pytest.mark.django_db


def duty_count(html, key):
    match = re.search(rf'data-duty="{key}"><strong[^>]*>(\d+)</strong>', html)
    return int(match.group(1)) if match else None


@pytest.fixture
def newsroom_day(news_index, editor, chief):
    chief.last_name = "王"
    chief.save()
    workflow = Workflow.objects.get(active=True)
    waiting = draft_news(news_index, title="等主任审核的稿件", owner=editor)
    workflow.start(waiting, editor)
    returned = draft_news(news_index, title="被退回的稿件", owner=editor)
    task_state = workflow.start(returned, editor).current_task_state
    task_state.task.specific.on_action(task_state, chief, "reject", comment="第二段的数据请核对来源。")
    published = draft_news(news_index, title="今天发布的稿件")
    published.save_revision(user=chief).publish(user=chief)
    draft_news(news_index, title="导入的稿件", import_warnings="正文第 2 段：有无法识别的字符“镌ｇ”")
    return {"returned": returned}


def test_the_chief_sees_the_review_count_today_and_imports_to_check(client, newsroom_day, chief):
    client.force_login(chief)
    html = client.get("/admin/").content.decode()
    assert duty_count(html, "review") == 1
    assert duty_count(html, "published") >= 1
    assert "今天发布的稿件" in html
    assert duty_count(html, "to-check") == 1
    assert "导入的稿件" in html and "镌ｇ" in html
    assert html.index("今日值班") < html.index("等待你的审查")  # the summary, then the queue


def test_the_editor_sees_returned_stories_with_the_reviewers_comment(client, newsroom_day, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert duty_count(html, "review") is None  # an editor reviews nothing
    panel = html[html.index("退回给我修改的稿件") :]
    assert "被退回的稿件" in panel
    assert "第二段的数据请核对来源。" in panel
    assert "王主任" in panel


def test_the_partner_manager_sees_no_newsroom_panel(client, newsroom_day, partner_manager):
    client.force_login(partner_manager)
    html = client.get("/admin/").content.decode()
    assert "今日值班" not in html
    assert "退回给我修改的稿件" not in html
