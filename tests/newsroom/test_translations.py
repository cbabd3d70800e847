"""Custom admin text is translatable, and the committed .mo shows it in Chinese."""

import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"


def po_messages():
    text = PO.read_text(encoding="utf-8")
    messages = {}
    for entry in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', entry + "\n", re.M)
        if match:
            msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
            msgstr = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2)))
            if msgid:
                messages[msgid.encode().decode("unicode_escape").encode("latin-1").decode()] = msgstr
    return messages


def test_every_message_is_translated_and_compiled():
    messages = po_messages()
    assert len(messages) > 30
    with open(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    for msgid, msgstr in messages.items():
        assert msgstr, f"untranslated: {msgid}"
        assert catalog.gettext(msgid) != msgid, f"not compiled into django.mo: {msgid}"


def test_admin_text_shows_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Import articles") == "导入稿件"
        assert translation.gettext("Going live or expiring in the next 7 days") == "未来 7 天的定时发布与下线"


def test_workflow_is_named_for_its_reviewer(client, db, editor, news_index):
    """The submit button reads "提交给值班主任审核"; an existing database's 编辑审核 is renamed."""
    import importlib

    from django.apps import apps
    from django.urls import reverse
    from wagtail.models import Workflow

    from tests.newsroom.conftest import draft_news

    migration = importlib.import_module("newsroom.migrations.0002_workflow_named_for_its_reviewer")
    Workflow.objects.filter(name="值班主任审核").update(name="编辑审核")  # as before the rename
    migration.forwards(apps, None)
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == ["值班主任审核"]

    page = draft_news(news_index, title="工作流名称")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "提交给值班主任审核" in html
    assert "编辑审核" not in html


def test_live_pages_read_published(client, db, editor, news_index):
    """The explorer labels a live page 已发布, not Wagtail's 在用."""
    from django.urls import reverse

    from tests.newsroom.conftest import draft_news

    page = draft_news(news_index, title="状态标签")
    page.latest_revision.publish()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_explore", args=(news_index.pk,))).content.decode()
    assert "已发布" in html
    assert "在用" not in html
