"""Public search: one function every surface (page, API) calls.

``search_pages(q, queryset=None)`` returns specific, public Page instances,
ranked: pages whose title contains every query term first, then by the
backend's relevance, with newer items breaking ties. It never raises on odd
input; anything that cannot be searched returns ``[]``.
"""

import logging
import unicodedata

from django.core.exceptions import FieldError
from django.db import DatabaseError
from modelsearch.backends.base import FieldError as SearchFieldError
from wagtail.models import Page

from publishing.visibility import public_pages
from script_variants.converter import to_simplified
from search.segment import normalise, query_terms, query_tokens

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
# Candidates re-ranked in Python; the backend's own order decides the cut.
MAX_CANDIDATES = 500


def normalise_query(q):
    """Trim, drop control characters and cap the length of a raw query."""
    if not q:
        return ""
    q = str(q)[: MAX_QUERY_LENGTH * 4]
    q = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in q)
    return " ".join(q.split())[:MAX_QUERY_LENGTH].strip()


def _date_key(page):
    value = (
        getattr(page, "published_at", None)
        or getattr(page, "start_date", None)
        or page.first_published_at
        or page.latest_revision_created_at
    )
    if value is None:
        return 0.0
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return float(value.toordinal()) * 86400  # a date


def search_pages(q, queryset=None):
    """Ranked, public, specific pages matching ``q``; ``[]`` on nothing."""
    q = normalise_query(q)
    if not q or not query_tokens(q):
        return []
    base = queryset if queryset is not None else Page.objects.all()
    try:
        # The index can only filter on FilterFields, so the one visibility
        # rule (and any filter on ``queryset``) goes in as an id subquery.
        visible = base.model.objects.filter(pk__in=public_pages(base).values("pk"))
        # Simplified before the backend: ours normalises again, Elasticsearch
        # (docs/search.md) needs it for Traditional queries.
        results = visible.specific().search(to_simplified(q), operator="and").annotate_score("_score")
        candidates = list(results[:MAX_CANDIDATES])
    except (DatabaseError, FieldError, SearchFieldError) as error:  # never a 500 for a query
        logger.warning("search failed for %r: %s", q, error)
        return []
    terms = query_terms(q)
    scores = [abs(getattr(page, "_score", 0) or 0) for page in candidates]
    best = max(scores, default=0) or 1
    ranked = []
    for position, page in enumerate(candidates):
        title = normalise(page.title)
        title_hit = all(term in title for term in terms)
        # Coarse relevance buckets, so near-equal scores tie and dates decide.
        bucket = round(scores[position] / best, 1)
        ranked.append(((title_hit, bucket, _date_key(page)), -position, page))
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [page for _key, _position, page in ranked]
