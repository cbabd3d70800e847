"""Wagtail search backend that segments Chinese for SQLite FTS5 and PostgreSQL.

Configure with ``{"BACKEND": "search.backends"}`` in ``WAGTAILSEARCH_BACKENDS``.
Like Wagtail's database backend it picks the implementation from the default
database vendor. Indexed text and queries both pass through
``search.segment`` so ``Page.objects.live().search()``, the admin page
search and snippet search all find Chinese words.
"""

import threading
from contextlib import contextmanager
from functools import cache

from django.db import connection
from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import SearchBackend as _DatabaseSearchBackend
from modelsearch.backends.database.fallback import DatabaseSearchBackend as _FallbackBackend
from modelsearch.index import SearchField
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from search.segment import segment_for_index, segment_query

# The stock index classes build their ObjectIndexer from a module global.
# We swap in a segmenting subclass for the duration of one add_items call;
# the lock keeps concurrent calls from racing on that global.
_indexer_lock = threading.RLock()


@cache
def _segmenting_indexer_class(base):
    class SegmentingObjectIndexer(base):
        segmenting = True

        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            # Wagtail's Page.search_fields leave out the promote tab's search
            # description, which editors fill with the one-line summary.
            if hasattr(obj, "search_description") and not any(
                getattr(field, "field_name", None) == "search_description" for field in self.search_fields
            ):
                self.search_fields = [*self.search_fields, SearchField("search_description")]

        def prepare_value(self, value):
            return segment_for_index(super().prepare_value(value))

        def prepare_field(self, obj, field):
            # The stock indexer walks every field once per index column (three
            # times on SQLite, five on PostgreSQL), rendering StreamFields each
            # time; remember the prepared values for this object instead.
            if obj is not self.obj:
                return super().prepare_field(obj, field)
            prepared = self.__dict__.setdefault("_prepared", {})
            if id(field) not in prepared:
                prepared[id(field)] = list(super().prepare_field(obj, field))
            return iter(prepared[id(field)])

    return SegmentingObjectIndexer


@contextmanager
def _segmenting(module):
    with _indexer_lock:
        original = module.ObjectIndexer
        if not getattr(original, "segmenting", False):
            module.ObjectIndexer = _segmenting_indexer_class(original)
        try:
            yield
        finally:
            module.ObjectIndexer = original


def segment_search_query(query):
    """Rewrite a str or query object so every text leaf is segmented."""
    if isinstance(query, str):
        return segment_query(query)
    if isinstance(query, PlainText):
        return PlainText(segment_query(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        # Adjacent bigrams overlap, so a phrase becomes an AND of its tokens.
        return PlainText(segment_query(query.query_string), operator="and")
    if isinstance(query, Boost):
        return Boost(segment_search_query(query.subquery), query.boost)
    if isinstance(query, Not):
        return Not(segment_search_query(query.subquery))
    if isinstance(query, (And, Or)):
        return type(query)([segment_search_query(subquery) for subquery in query.subqueries])
    return query


class NoResults(EmptySearchResults):
    """Empty results that, unlike Wagtail's, still know their model."""

    def __init__(self, model=None):
        super().__init__()
        self.model = model

    def _clone(self):
        return self.__class__(self.model)


class SegmentingBackendMixin:
    """Segment queries before the stock compiler sees them."""

    index_module = None

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = PlainText(query, operator=kwargs.pop("operator", None) or "and")
        query = segment_search_query(query)
        if isinstance(query, PlainText) and not query.query_string:
            # Nothing searchable left (only punctuation, emoji...): no results,
            # but keep the model, which admin list views read.
            return NoResults(getattr(model_or_queryset, "model", model_or_queryset))
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _index_class(base, module):
    class SegmentingIndex(base):
        def __str__(self):
            return f"{base.__name__} (Chinese-segmented)"

        def add_items(self, model, objs):
            with _segmenting(module):
                return super().add_items(model, objs)

    return SegmentingIndex


@cache
def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite as module

    class SegmentingSQLiteSearchBackend(SegmentingBackendMixin, module.SQLiteSearchBackend):
        index_class = _index_class(module.SQLiteIndex, module)

    return SegmentingSQLiteSearchBackend


@cache
def _postgres_backend():
    from modelsearch.backends.database.postgres import postgres as module

    class SegmentingPostgresSearchBackend(SegmentingBackendMixin, module.PostgresSearchBackend):
        index_class = _index_class(module.PostgresIndex, module)

        def __init__(self, params):
            # "simple": no English stemming or stop words on Chinese tokens.
            params = {"SEARCH_CONFIG": "simple", **params}
            super().__init__(params)

    return SegmentingPostgresSearchBackend


class _SegmentingFallbackBackend(SegmentingBackendMixin, _FallbackBackend):
    """Databases without full-text search: icontains on segmented queries."""


def queries_index_tables(backend):
    """True if ``backend`` keeps its index in this database's FTS5 / tsvector
    tables, which ``search.query`` then reads directly."""
    return type(backend).__name__ in {"SegmentingSQLiteSearchBackend", "SegmentingPostgresSearchBackend"}


def SearchBackend(params):
    """Return the segmenting backend for the default database vendor."""
    stock = _DatabaseSearchBackend(params)
    if connection.vendor == "postgresql":
        return _postgres_backend()(params)
    if connection.vendor == "sqlite" and stock.__class__.__name__ == "SQLiteSearchBackend":
        return _sqlite_backend()(params)
    return _SegmentingFallbackBackend(params)
