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
