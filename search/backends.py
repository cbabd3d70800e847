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

from django.db import connection, transaction
from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import SearchBackend as _DatabaseSearchBackend
from modelsearch.backends.database.fallback import DatabaseSearchBackend as _FallbackBackend
from modelsearch.index import SearchField
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

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
        # Set by the rebuilder (update_index) between start() and finish():
        # finish() recomputes every title norm, so the per-batch refresh,
        # which scans the whole entry table, is skipped meanwhile.
        rebuilding = False

        def __str__(self):
            return f"{base.__name__} (Chinese-segmented)"

        def add_items(self, model, objs):
            with _segmenting(module):
                return super().add_items(model, objs)

        def _refresh_title_norms(self, full=False):
            if self.rebuilding and not full:
                return
            super()._refresh_title_norms(full)

    return SegmentingIndex


class _RebuildingMixin:
    """Mark the index as rebuilding until finish() refreshes all title norms."""

    def start(self):
        index = super().start()
        index.rebuilding = True
        return index

    def finish(self):
        self.index.rebuilding = False
        super().finish()


# Per database alias: the SQLite sums behind the title norm average, valid while
# nothing else has written to the database since our last add_items committed.
_sqlite_norm_state = {}


@cache
def _sqlite_index_class(module):
    """SQLite index with the stock results, written in bulk.

    The stock ``add_items`` inserts entries with ``title_norm`` 1.0 and then
    runs ``_refresh_title_norms``: an average over the whole entry table
    (``title`` is stored after ``body``, so that reads every row's overflow
    pages) and an UPDATE that fires the FTS5 update trigger, re-tokenising
    every new entry a second time. Here the average is worked out first, from
    sums remembered between calls when no one else wrote in between, and the
    entries are inserted with their final norm; the rows, FTS5 text and norms
    are the same as the stock code writes.
    """
    IndexEntry = module.IndexEntry
    base = _index_class(module.SQLiteIndex, module)

    class SegmentingSQLiteIndex(base):
        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            indexer_class = _segmenting_indexer_class(module.ObjectIndexer)
            rows = {}
            for obj in objs:
                indexer = indexer_class(obj, self.backend)
                rows[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
            if rows:
                self._write(get_content_type_pk(model), rows)

        def _state_key(self, cursor):
            raw = self.write_connection.connection
            cursor.execute("PRAGMA data_version")
            return raw, raw.total_changes, cursor.fetchone()[0]

        def _write(self, content_type_pk, rows):
            conn = self.write_connection
            table = conn.ops.quote_name(IndexEntry._meta.db_table)
            # Sums can only be remembered when our own transaction commits.
            top_level = not conn.in_atomic_block
            with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
                remembered = _sqlite_norm_state.get(conn.alias) if top_level else None
                if remembered and remembered[0] != self._state_key(cursor):
                    remembered = None
                existing = set(
                    self.entries.filter(content_type_id=content_type_pk, object_id__in=list(rows)).values_list(
                        "object_id", flat=True
                    )
                )
                if existing:
                    # Unchanged entries are left alone (no FTS5 rewrite).
                    cursor.executemany(
                        f"UPDATE {table} SET title = %s, autocomplete = %s, body = %s "
                        "WHERE content_type_id = %s AND object_id = %s "
                        "AND (title IS NOT %s OR autocomplete IS NOT %s OR body IS NOT %s)",
                        [(*rows[pk], content_type_pk, pk, *rows[pk]) for pk in existing],
                    )
                    remembered = None  # title lengths of the updated rows changed
                new = [(pk, *data) for pk, data in rows.items() if pk not in existing]
                if self.rebuilding:
                    norms = [1.0] * len(new)
                else:
                    if remembered:
                        _key, total, count, ones = remembered
                    else:
                        cursor.execute(f"SELECT SUM(LENGTH(title)), COUNT(*) FROM {table} WHERE LENGTH(title) > 0")
                        total, count = cursor.fetchone()
                        total, ones = total or 0, True
                    lengths = [len(title) for _pk, title, _autocomplete, _body in new]
                    total += sum(lengths)
                    count += sum(1 for length in lengths if length)
                    # SQLite's AVG of integers: float(sum) / count, as here.
                    average = total / count if count else None
                    norms = [average / length if length else 1.0 for length in lengths]
                cursor.executemany(
                    f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [(content_type_pk, *row, norm) for row, norm in zip(new, norms, strict=True)],
                )
                if not self.rebuilding and average is not None:
                    if ones:
                        # The stock refresh also renormalises older entries left at 1.0.
                        cursor.execute(
                            f"UPDATE {table} SET title_norm = %s / LENGTH(title) "
                            "WHERE title_norm = 1.0 AND LENGTH(title) > 0 AND %s / LENGTH(title) != 1.0",
                            [average, average],
                        )
                    # Entries can be left at exactly 1.0 only if the average is a whole number.
                    ones = average.is_integer()
            if top_level and not self.rebuilding and average is not None:
                with conn.cursor() as cursor:
                    _sqlite_norm_state[conn.alias] = (self._state_key(cursor), total, count, ones)
            else:
                _sqlite_norm_state.pop(conn.alias, None)

        def _refresh_title_norms(self, full=False):
            if not full:
                return super()._refresh_title_norms(full)
            # A full refresh sets every norm; only title_norm changes, so the
            # FTS5 update trigger (which would re-tokenise every entry) is
            # suspended for it, inside the transaction.
            conn = self.write_connection
            table = IndexEntry._meta.db_table
            trigger = f"update_{table}_fts"
            with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
                cursor.execute(f"SELECT AVG(LENGTH(title)) FROM {conn.ops.quote_name(table)} WHERE LENGTH(title) > 0")
                average = cursor.fetchone()[0]
                if average is None:
                    return
                cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger])
                found = cursor.fetchone()
                if found:
                    cursor.execute(f"DROP TRIGGER {conn.ops.quote_name(trigger)}")
                cursor.execute(
                    f"UPDATE {conn.ops.quote_name(table)} SET title_norm = %s / LENGTH(title) WHERE LENGTH(title) > 0",
                    [average],
                )
                if found:
                    cursor.execute(found[0])
            _sqlite_norm_state.pop(conn.alias, None)

    return SegmentingSQLiteIndex


@cache
def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite as module

    class SegmentingSQLiteSearchBackend(SegmentingBackendMixin, module.SQLiteSearchBackend):
        index_class = _sqlite_index_class(module)
        rebuilder_class = type("SegmentingSQLiteSearchRebuilder", (_RebuildingMixin, module.SQLiteSearchRebuilder), {})
        atomic_rebuilder_class = type(
            "SegmentingSQLiteSearchAtomicRebuilder", (_RebuildingMixin, module.SQLiteSearchAtomicRebuilder), {}
        )

    return SegmentingSQLiteSearchBackend


@cache
def _postgres_backend():
    from modelsearch.backends.database.postgres import postgres as module

    class SegmentingPostgresSearchBackend(SegmentingBackendMixin, module.PostgresSearchBackend):
        index_class = _index_class(module.PostgresIndex, module)
        rebuilder_class = type(
            "SegmentingPostgresSearchRebuilder", (_RebuildingMixin, module.PostgresSearchRebuilder), {}
        )
        atomic_rebuilder_class = type(
            "SegmentingPostgresSearchAtomicRebuilder", (_RebuildingMixin, module.PostgresSearchAtomicRebuilder), {}
        )

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
