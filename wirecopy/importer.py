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
    split_article,
)

# Put before each damaged paragraph and a damaged lead, in the draft itself, so that an editor
# sees in the editor exactly which blocks to check, and a reader would see it too: it cannot
# go out unnoticed. Editors delete it once the passage is corrected.
DAMAGE_MARKER = "【待核对】"


class DamagedArticleError(ArticleError):
    """Refused in strict mode: damage remains that the cleaner could not repair."""

    def __init__(self, warnings):
        self.warnings = warnings
        super().__init__(f"稿件有 {len(warnings)} 处无法自动修复的问题，严格模式下拒绝导入。")


@dataclass(frozen=True)
class Finding:
    """One problem for the editor: where it is in the draft, and what it is."""

    line: int  # in the file, for the command line
    place: str  # in the draft: 标题, 导语, 正文第 N 段
    message: str
    # True for the note that closes a file too damaged to list in full: the count is then a minimum.
    more_follow: bool = False

    def __str__(self):
        return f"{self.place}：{self.message}"


@dataclass(frozen=True)
class PreparedArticle:
    """A file cleaned and split, ready to be saved; made without touching the database."""

    cleaned: CleanResult
    article: Article
    findings: list

    @property
    def warnings(self):
        return self.findings


@dataclass(frozen=True)
class ImportedArticle:
    page: NewsPage
    cleaned: CleanResult
    article: Article
    findings: list

    @property
    def warnings(self):
        return self.findings


def default_parent():
    """The first news index, where imported news goes unless told otherwise."""
    parent = NewsIndexPage.objects.order_by("path").first()
    if parent is None:
        raise ArticleError("没有新闻列表页（NewsIndexPage），无法导入。请先创建新闻列表页，或用 --parent 指定。")
    return parent


def body_blocks(article):
    """StreamField content for the article body: headings and paragraphs, damaged ones marked."""
    blocks = []
    for block in article.body:
        if block.kind == "heading":
            blocks.append(("heading", block.text))
        elif block.damaged:
            blocks.append(("paragraph", RichText(f"<p><b>{DAMAGE_MARKER}</b>{escape(block.text)}</p>")))
        else:
            blocks.append(("paragraph", RichText(f"<p>{escape(block.text)}</p>")))
    return blocks


def format_findings(findings, filename=None):
    """Findings as lines: ``正文第 3 段：…`` for the draft, ``file.txt:7: 正文第 3 段：…`` for the terminal."""
    if filename:
        return "\n".join(f"{filename}:{finding.line}: {finding}" for finding in findings)
    return "\n".join(str(finding) for finding in findings)


def prepare_article(data, *, strict=False, title=None):
    """Decode, clean and split ``data`` (the file's bytes). Pure: no database, no lock held.

    Raises ``ArticleError`` for unreadable files, and ``DamagedArticleError``
    in strict mode when damage remains.
    """
    cleaned = clean_article(decode_article(data))
    if strict and cleaned.warnings:
        raise DamagedArticleError(cleaned.warnings)
    article = split_article(cleaned.text, title=title, damaged_lines=cleaned.damaged_lines)
    findings = [
        Finding(found.line, article.place(found.line), found.message, more_follow=found.kind == "overflow")
        for found in cleaned.damage
    ]
    return PreparedArticle(cleaned=cleaned, article=article, findings=findings)


def save_article(prepared, *, parent=None):
    """Save a prepared article as a draft ``NewsPage`` under ``parent``, in one transaction."""
    article, cleaned = prepared.article, prepared.cleaned
    parent = parent or default_parent()
    lead = f"{DAMAGE_MARKER}{article.lead}" if article.lead_damaged else article.lead

    page = NewsPage(
        title=article.title[:255],
        source=article.source or NewsPage._meta.get_field("source").get_default(),
        author=article.author,
        lead=lead,
        body=body_blocks(article),
        import_warnings=format_findings(prepared.findings),
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
    return ImportedArticle(page=page, cleaned=cleaned, article=article, findings=prepared.findings)


def import_article(data, *, parent=None, strict=False, title=None):
    """Clean ``data`` (the file's bytes) and save it as a draft ``NewsPage``.

    Cleaning happens first, outside any transaction; only saving takes one.
    Raises ``ArticleError`` (nothing saved) for unreadable files, and
    ``DamagedArticleError`` in strict mode when damage remains. Otherwise the
    remaining damage is kept in ``import_warnings`` for editors, by block.
    """
    return save_article(prepare_article(data, strict=strict, title=title), parent=parent)
