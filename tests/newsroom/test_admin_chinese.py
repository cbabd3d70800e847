"""Every main admin screen of the editor, the chief (值班主任) and the partner manager is in Chinese.

Walks the screens with the test client and fails on any English phrase in the visible text,
attribute text (placeholder, title, aria-label, alt) and dialogs included, outside a short allow
list (issue #16, item 3). Pages are shown in each state an editor meets: in moderation, sent back
with a comment, scheduled, locked. Missing translations go into the project's ``locale/``
catalogues (django.po for the server's text, djangojs.po for the admin's scripts); text Wagtail
hard-codes is in the small template overrides under ``templates/wagtailadmin/``.
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow

from partner_api.models import PartnerKey
from partner_sync.models import WebhookEndpoint
from tests.newsroom.conftest import draft_news

pytestmark = pytest.mark.django_db

# Words that may stay as they are on a Chinese screen: names, acronyms and formats.
ALLOWED = {
    "API", "RSS", "URL", "HTML", "JSON", "ID", "UTC", "CSV", "PDF", "SEO", "HTTP", "HTTPS",
    "Webhook", "webhook", "Wagtail", "Gravatar", "Atom", "iCal", "ICS", "PNG", "JPG", "JPEG",
    "GIF", "WEBP", "MB", "KB", "px", "Asia", "Shanghai", "https", "zhiliangyue", "qidong",
    "Ctrl", "Alt", "Shift", "Esc", "Enter", "Tab", "Cmd", "Option",  # keys, as printed on the keyboard
}  # fmt: skip
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "value"}
# Not shown: code, and an iframe's fallback content. Elements with the ``hidden`` attribute are
# skipped too (the scripts fill them before showing them). <template> contents are dialogs and
# menus a person opens, so they count.
SKIPPED_TAGS = {"script", "style", "noscript", "svg", "code", "pre", "iframe"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.chunks = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in VOID_TAGS:
            if self.skipping:
                return
        elif self.skipping or tag in SKIPPED_TAGS or "hidden" in attributes:
            self.skipping += 1  # every element inside a skipped one is skipped, to its end tag
            return
        for name in VISIBLE_ATTRIBUTES:
            if name == "value" and not (tag == "input" and attributes.get("type") in {"submit", "button"}):
                continue
            if attributes.get(name):
                self.chunks.append(attributes[name])

    def handle_endtag(self, tag):
        if self.skipping and tag not in VOID_TAGS:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data.strip())


def english_phrases(html, data=()):
    """Chunks of visible text with an English word; addresses and the given data values don't count."""
    for value in data:
        html = html.replace(value, "")
    html = re.sub(r"https?://[^\s\"'<>]+", "", html)
    parser = VisibleText()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        words = [word for word in WORD.findall(chunk) if word not in ALLOWED]
        if words:
            found.append(chunk)
    return found


def pages_in_every_state(news_index, editor, chief):
    """A draft, one awaiting the chief, one sent back with a comment, one scheduled, one locked."""
    workflow = Workflow.objects.get(active=True)
    draft = draft_news(news_index, title="中文界面测试稿", owner=editor)
    in_moderation = draft_news(news_index, title="审核中的稿件", owner=editor)
    workflow.start(in_moderation, editor)
    sent_back = draft_news(news_index, title="被退回的稿件", owner=editor)
    task_state = workflow.start(sent_back, editor).current_task_state
    task_state.task.specific.on_action(task_state, chief, "reject", comment="第二段的数据请核对来源。")
    scheduled = draft_news(news_index, title="定时发布的稿件", owner=editor)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision(user=chief).publish(user=chief)
    locked = draft_news(news_index, title="锁定的稿件", owner=editor)
    locked.locked, locked.locked_by, locked.locked_at = True, chief, timezone.now()
    locked.save()
    return [draft, in_moderation, sent_back, scheduled, locked]


@pytest.fixture
def screens(news_index, editor, chief, partner_manager):
    pages = pages_in_every_state(news_index, editor, chief)
    page = pages[0]
    partner_manager.first_name = "合作经理"
    partner_manager.save()
    key, _secret = PartnerKey.objects.create_key(name="昆明日报")
    WebhookEndpoint.objects.create(partner_key=key, url="https://partner.example.com/hook")
    newsroom = [
        "/admin/",
        reverse("wagtailadmin_explore", args=(news_index.pk,)),
        *(reverse("wagtailadmin_pages:edit", args=(each.pk,)) for each in pages),
        reverse("wagtailadmin_pages:history", args=(page.pk,)),
        reverse("wagtailadmin_pages:add_subpage", args=(news_index.pk,)),
        reverse("wagtailadmin_pages:add", args=("campaign", "newspage", news_index.pk)),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_pages:search") + "?q=质量",
        reverse("wagtailadmin_account"),
    ]
    return {
        "data": [key.prefix, editor.username, chief.username],
        "editor": (editor, newsroom),
        "chief": (chief, newsroom),
        "partner_manager": (
            partner_manager,
            [
                "/admin/",
                reverse("wagtailadmin_account"),
                "/admin/snippets/partner_api/partnerkey/",
                "/admin/snippets/partner_api/partnerkey/add/",
                "/admin/snippets/partner_sync/webhookendpoint/",
                "/admin/snippets/partner_sync/webhookendpoint/add/",
                "/admin/snippets/partner_sync/webhookdelivery/",
            ],
        ),  # fmt: skip
    }


def test_sign_in_screen_is_chinese(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert english_phrases(html) == []
    assert "登录质量昆明" in html


@pytest.mark.parametrize("role", ["editor", "chief", "partner_manager"])
def test_every_main_screen_is_chinese(client, screens, role):
    user, paths = screens[role]
    data = screens["data"]
    client.force_login(user)
    problems = {}
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        phrases = english_phrases(response.content.decode(), data)
        if phrases:
            problems[path] = phrases
    assert problems == {}


def test_admin_scripts_speak_chinese(client, editor):
    """The admin's scripts (sidebar badges, StreamField, autosave) get their text from our djangojs.po too."""
    client.force_login(editor)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    for text in ("插入内容块", "（新）", "修改已自动保存。"):
        assert json.dumps(text) in catalogue  # the catalogue is JSON, non-ASCII escaped
