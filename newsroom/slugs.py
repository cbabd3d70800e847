"""Pinyin slugs: readable ASCII URLs from Chinese titles (see docs/urls.md)."""

import re

import rjieba
from django.utils.text import slugify

MAX_LENGTH = 80
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def pinyin_slug(text, max_length=MAX_LENGTH):
    """``"质量月启动仪式"`` -> ``"zhiliangyue-qidong-yishi"``: one hyphen between words.

    Words come from jieba so that syllables of a word stay together; a
    one-character word joins the Chinese word before it (质量+月 -> zhiliangyue,
    昆明+市 -> kunmingshi). Anything not Chinese goes through ``slugify``.
    """
    # Imported here: its dictionaries take about 50 MB, wanted only when an editor saves a page.
    from pypinyin import Style, lazy_pinyin

    parts = []
    previous_han = False
    for word in rjieba.cut(text or ""):
        is_han = bool(HAN.search(word))
        part = slugify("".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")) if is_han else word)
        if not part:
            previous_han = False
            continue
        if is_han and len(word) == 1 and previous_han and parts:
            parts[-1] += part
        else:
            parts.append(part)
        previous_han = is_han
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or slugify(text or "")[:max_length]


def needs_pinyin(slug):
    """A slug that is blank or still holds Chinese characters is (re)made in pinyin."""
    return not slug or bool(HAN.search(slug)) or slug != slug.encode("ascii", "ignore").decode()


def available_slug(base, parent, page=None):
    """``base``, or ``base-2``, ``base-3`` … whichever is free under ``parent``."""
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def slug_for(title, slug, parent, page=None):
    """The slug to store: the editor's own ASCII slug, else pinyin of it or of the title."""
    if not needs_pinyin(slug):
        return slug
    base = pinyin_slug(slug or title) or pinyin_slug(title) or "page"
    return available_slug(base, parent, page)
