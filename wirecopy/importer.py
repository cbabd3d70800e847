"""Turn an article file into a draft news page.

Shared by ``manage.py import_article`` and the demo loader. Imported pages
are always drafts: an editor reviews them, and any damage the cleaner could
not repair, before anything is published.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.rich_text import RichText

from campaign.models import NewsIndexPage, NewsPage
from newsroom.slugs import slug_for
from wirecopy.cleaner import (
    Article,
    ArticleError,
    CleanResult,
    clean_article,
    decode_article,
    format_warnings,
    split_article,
)


class DamagedArticleError(ArticleError):
    """Refused in strict mode: damage remains that the cleaner could not repair."""

    def __init__(self, warnings):
        self.warnings = warnings
        super().__init__(f"稿件有 {len(warnings)} 处无法自动修复的问题，严格模式下拒绝导入。")


@dataclass(frozen=True)
class ImportedArticle:
    page: NewsPage
    cleaned: CleanResult
    article: Article

    @property
    def warnings(self):
        return self.cleaned.warnings


def default_parent():
    """The first news index, where imported news goes unless told otherwise."""
    parent = NewsIndexPage.objects.order_by("path").first()
    if parent is None:
        raise ArticleError("没有新闻列表页（NewsIndexPage），无法导入。请先创建新闻列表页，或用 --parent 指定。")
    return parent


def body_blocks(article):
    """StreamField content for the article body: headings and paragraphs."""
    blocks = []
    for block in article.body:
        if block.kind == "heading":
            blocks.append(("heading", block.text))
        else:
            blocks.append(("paragraph", RichText(f"<p>{escape(block.text)}</p>")))
    return blocks


def import_article(data, *, parent=None, strict=False, title=None):
    """Clean ``data`` (the file's bytes) and save it as a draft ``NewsPage``.

    Raises ``ArticleError`` (nothing saved) for unreadable files, and
    ``DamagedArticleError`` in strict mode when damage remains. Otherwise the
    remaining damage is kept in ``import_warnings`` for editors.
    """
    cleaned = clean_article(decode_article(data))
    if strict and cleaned.warnings:
        raise DamagedArticleError(cleaned.warnings)
    article = split_article(cleaned.text, title=title)
    parent = parent or default_parent()

    page = NewsPage(
        title=article.title[:255],
        source=article.source or NewsPage._meta.get_field("source").get_default(),
        author=article.author,
        lead=article.lead,
        body=body_blocks(article),
        import_warnings=format_warnings(cleaned.warnings),
        live=False,
    )
    if not slugify(page.title, allow_unicode=True):
        # Wagtail derives the slug from the title; a title of punctuation gives none.
        digest = hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest()[:10]
        page.slug = find_available_slug(parent, f"news-{digest}")
    else:
        # The site's URL scheme (docs/urls.md): pinyin of the title, -2, -3 on clashes.
        page.slug = slug_for(page.title, "", parent)

    try:
        with transaction.atomic():
            page = parent.add_child(instance=page)
            page.save_revision(user=None, log_action=True)
    except ValidationError as error:
        raise ArticleError(f"页面校验未通过：{'；'.join(error.messages)}") from error
    return ImportedArticle(page=page, cleaned=cleaned, article=article)
