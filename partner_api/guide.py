"""``GET /api/v1/docs/guide/``: docs/partner-guide.md as a web page, for partners who cannot open the repository."""

from functools import lru_cache

from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from markdown_it import MarkdownIt

GUIDE_PATH = settings.BASE_DIR / "docs" / "partner-guide.md"


@lru_cache(maxsize=1)
def rendered_guide(mtime):
    # Our own file: raw HTML in it is not rendered (html=False), so the page stays under the strict CSP.
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return mark_safe(markdown.render(GUIDE_PATH.read_text(encoding="utf-8")))


@require_safe
def guide(request):
    return render(request, "partner_api/guide.html", {"guide": rendered_guide(GUIDE_PATH.stat().st_mtime)})
