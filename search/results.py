"""Presenting search results: type labels and highlighted snippets.

Shared by the public page and the API so both label and highlight alike.
"""

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.search import index

from search.segment import normalise, query_terms

# model_name -> (type key, label); anything else is a section page.
RESULT_TYPES = {
    "activitypage": ("activity", "活动"),
    "officerpage": ("officer", "春城质量官"),
    "newspage": ("news", "新闻"),
    "campaignpage": ("campaign", "年度质量月"),
}
OTHER_TYPE = ("page", "栏目")
TYPE_ORDER = ["activity", "officer", "news", "campaign", "page"]
TYPE_LABELS = dict([*RESULT_TYPES.values(), OTHER_TYPE])

SNIPPET_LENGTH = 120


def result_type(page):
    """(key, label) for a specific page or page model, e.g. ("news", "新闻")."""
    return RESULT_TYPES.get(page._meta.model_name, OTHER_TYPE)


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _flatten(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flatten(item)]
    return [str(value)]


def page_text(page):
    """Plain text of the page's indexed fields other than the title."""
    parts = [page.search_description or ""]
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            try:
                parts.extend(_flatten(field.get_value(page)))
            except Exception:
                continue
    texts = []
    for part in parts:
        part = " ".join(strip_tags(part).split())
        # Summaries often repeat inside the body: keep the longer text once.
        if part and not any(part in seen for seen in texts):
            texts = [seen for seen in texts if seen not in part]
            texts.append(part)
    return " ".join(texts)


def _matches(text, terms):
    """Merged (start, end) spans where any term occurs in ``text``."""
    folded = normalise(text)
    if len(folded) != len(text):  # NFKC changed lengths: positions would drift
        folded = text.lower()
    spans = []
    for term in {t for t in terms if t}:
        start = folded.find(term)
        while start != -1 and len(spans) < 200:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, query, length=None):
    """HTML-safe ``text`` with query terms in <mark>; windowed if ``length``."""
    text = text or ""
    spans = _matches(text, query_terms(query))
    start, end = 0, len(text)
    if length and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - length // 4, len(text) - length))
        end = start + length
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))


def snippet(page, query, length=SNIPPET_LENGTH):
    return highlight(page_text(page), query, length=length)
