"""The project's Wagtail search backend: Chinese-segmented text in its own index.

Configure with ``{"BACKEND": "search.backends"}`` in ``WAGTAILSEARCH_BACKENDS``
(cms/settings/base.py). It implements modelsearch's backend interface
(``BaseSearchBackend`` with its index, rebuilder, query compilers and
results classes), so ``Page.objects.search()``, the admin's page, snippet,
image and document searches and ``update_index`` use it unchanged.

Indexed text and queries both pass through ``search.segment``. The text is
kept in this app's own tables (``search.models``, created by its migration):
FTS5 on SQLite, ``tsvector`` columns with GIN indexes on PostgreSQL. Every
search, the public site's and the API's included, is ranked by
``search.query.Ranking``.
"""

import sys

from django.contrib.contenttypes.models import ContentType
from django.db import NotSupportedError, connections, router, transaction
from django.db.models import Q, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    get_model_root,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from tqdm import tqdm

from search.index_storage import FTS_TABLE
from search.models import IndexEntry
from search.query import MAX_RESULTS, Ranking, content_types_of, index_for
from search.segment import query_tokens, segment_for_index

# Attributes that date an object for the "newer first" tie-break, first found wins.
RANKED_AT_ATTRIBUTES = ("published_at", "first_published_at", "latest_revision_created_at", "created_at")


# -- what is indexed -------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return force_str(value)


def _field_texts(obj, field):
    """(field, text) for a search field of ``obj``, following RelatedFields."""
    if isinstance(field, (SearchField, AutocompleteField)):
        yield field, _text(field.get_value(obj))
    elif isinstance(field, RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return
        if hasattr(related, "all"):
            related = related.all()
        elif callable(related):
            related = [related()]
        else:
            related = [related]
        for sub_obj in related:
            for sub_field in field.fields:
                yield from _field_texts(sub_obj, sub_field)


def indexed_text(obj):
    """(autocomplete, body, title): the segmented text stored for ``obj``.

    SearchFields named "title" make the title, other SearchFields the body,
    AutocompleteFields the autocomplete text. A page's search description
    (the promote tab's one-line summary) is searched too.
    """
    title, body, autocomplete = [], [], []
    fields = obj.get_search_fields()
    for field in fields:
        for current, text in _field_texts(obj, field):
            if isinstance(current, AutocompleteField):
                autocomplete.append(text)
            elif current.field_name == "title":
                title.append(text)
            else:
                body.append(text)
    if hasattr(obj, "search_description") and not any(
        getattr(field, "field_name", None) == "search_description" for field in fields
    ):
        body.append(obj.search_description or "")
    return tuple(segment_for_index(" ".join(texts)) for texts in (autocomplete, body, title))


def index_rows(items):
    """[(object id, ranked_at, autocomplete, body, title)]: what the index stores for ``items``."""
    return [(force_str(obj.pk), ranked_at(obj), *indexed_text(obj)) for obj in items]


def ranked_at(obj):
    for name in RANKED_AT_ATTRIBUTES:
        value = getattr(obj, name, None)
        if value:
            return value
    return None


# -- the index -------------------------------------------------------------


class Index(BaseIndex):
    """The one index: ``IndexEntry`` rows and their text storage."""

    def __init__(self, backend):
        super().__init__(backend)
        self.connection = connections[router.db_for_write(IndexEntry)]
        if self.connection.vendor not in ("sqlite", "postgresql"):
            raise NotSupportedError("search.backends needs SQLite (FTS5) or PostgreSQL.")
        # Set between a rebuilder's start() and finish(): {content type id: object ids written},
        # and the rebuild's progress bars.
        self.written = None
        self.progress = None

    def __str__(self):
        return "search_indexentry (Chinese-segmented)"

    def reset(self):
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            if self.connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
            IndexEntry.objects.using(self.connection.alias).all().delete()

    def add_items(self, model, items):
        if not model.get_search_fields():
            return
        self.add_rows(model, index_rows(items))
        if self.progress is not None:
            self.progress.update(model, len(items))

    def add_rows(self, model, rows):
        """Write ``index_rows()`` of ``model``'s objects (computed here or elsewhere,
        e.g. in worker processes by a bulk build)."""
        content_type = ContentType.objects.db_manager(self.connection.alias).get_for_model(model).pk
        rows = {object_id: values for object_id, *values in rows}
        if not rows:
            return
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            if self.connection.vendor == "sqlite":
                self._write_sqlite(cursor, content_type, rows)
            else:
                self._write_postgres(cursor, content_type, rows)
        if self.written is not None:
            self.written.setdefault(content_type, set()).update(rows)

    def _write_sqlite(self, cursor, content_type, rows):
        entries = IndexEntry.objects.using(self.connection.alias)
        existing = dict(
            entries.filter(content_type_id=content_type, object_id__in=list(rows)).values_list("object_id", "id")
        )
        if existing:
            updated = [IndexEntry(id=pk, ranked_at=rows[object_id][0]) for object_id, pk in existing.items()]
            entries.bulk_update(updated, ["ranked_at"])
            cursor.executemany(
                f"UPDATE {FTS_TABLE} SET autocomplete = %s, body = %s, title = %s WHERE rowid = %s",
                [(*rows[object_id][1:], pk) for object_id, pk in existing.items()],
            )
        new = [object_id for object_id in rows if object_id not in existing]
        created = entries.bulk_create(
            [
                IndexEntry(content_type_id=content_type, object_id=object_id, ranked_at=rows[object_id][0])
                for object_id in new
            ]
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, autocomplete, body, title) VALUES (%s, %s, %s, %s)",
            [(entry.pk, *rows[entry.object_id][1:]) for entry in created],
        )

    def _write_postgres(self, cursor, content_type, rows):
        table = IndexEntry._meta.db_table
        cursor.executemany(
            f"INSERT INTO {table} (content_type_id, object_id, ranked_at, autocomplete, body, title) "
            "VALUES (%s, %s, %s, to_tsvector('simple', %s), to_tsvector('simple', %s), to_tsvector('simple', %s)) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET ranked_at = EXCLUDED.ranked_at, "
            "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title = EXCLUDED.title",
            [(content_type, object_id, *values) for object_id, values in rows.items()],
        )

    def delete_item(self, item):
        content_types = get_descendants_content_types_pks(get_model_root(type(item)))
        self.delete_entries(
            IndexEntry.objects.using(self.connection.alias).filter(
                content_type_id__in=content_types, object_id=force_str(item.pk)
            )
        )

    def delete_entries(self, entries):
        ids = list(entries.values_list("id", flat=True))
        if not ids:
            return
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                if self.connection.vendor == "sqlite":
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
                IndexEntry.objects.using(self.connection.alias).filter(id__in=chunk).delete()


class Progress:
    """A tqdm bar per model while ``update_index`` rebuilds (on stderr, when it is a terminal)."""

    def __init__(self, file=None):
        self.file = file or sys.stderr
        self.bar, self.model, self.counts = None, None, {}

    def update(self, model, count):
        if model is not self.model:
            self.close()
            self.model = model
            self.bar = tqdm(
                total=model.get_indexed_objects().count(),
                desc=f"索引 {model._meta.verbose_name}",
                unit="条",
                file=self.file,
                disable=None,  # off unless the stream is a terminal
                leave=True,
            )
        self.bar.update(count)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count

    def close(self):
        if self.bar is not None:
            self.bar.close()
        self.bar, self.model = None, None


class Rebuilder:
    """``update_index``: rewrite every entry in place, then drop the stale ones.

    Nothing is emptied first, so searches keep working during a rebuild and
    entries keep their ids (the index order the frequent-word mode reads).
    """

    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.written = {}
        self.index.progress = Progress()
        return self.index

    def finish(self):
        written, self.index.written = self.index.written, None
        self.index.progress.close()
        self.index.progress = None
        entries = IndexEntry.objects.using(self.index.connection.alias)
        stale = [
            pk
            for pk, content_type, object_id in entries.values_list("id", "content_type_id", "object_id").iterator()
            if object_id not in written.get(content_type, ())
        ]
        if stale:
            self.index.delete_entries(entries.filter(id__in=stale))
        if self.index.connection.vendor == "postgresql":
            with self.index.connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {IndexEntry._meta.db_table}")


# -- searching -------------------------------------------------------------


def _is_match_none(query):
    return isinstance(query, Not) and isinstance(query.subquery, MatchAll)


def _negates(query):
    """True if ``query`` holds a ``Not`` (other than MATCH_NONE) anywhere."""
    if _is_match_none(query):
        return False
    if isinstance(query, Not):
        return True
    if isinstance(query, Boost):
        return _negates(query.subquery)
    if isinstance(query, (And, Or)):
        return any(_negates(subquery) for subquery in query.subqueries)
    return False


def _plan(query):
    """(kind, text, operator) for a modelsearch query: kind "all", "none", "text" or "filter".

    Phrases and fuzzy terms match as all their tokens (adjacent bigrams
    overlap, so word order is already mostly kept); And/Or of plain terms
    become one list of tokens with that operator; boosts are ignored.
    Negations (``Not``) are applied as a filter on the queryset
    (``QueryCompiler.condition``): an And of terms and negations ranks by
    its terms ("text"); anything else with a negation is that filter in the
    queryset's order ("filter").
    """
    if isinstance(query, MatchAll):
        return "all", "", "and"
    if _is_match_none(query):
        return "none", "", "and"
    if isinstance(query, PlainText):
        return "text", query.query_string, query.operator
    if isinstance(query, (Phrase, Fuzzy)):
        return "text", query.query_string, "and"
    if isinstance(query, Boost):
        return _plan(query.subquery)
    if isinstance(query, Not):
        return "filter", "", "and"
    if isinstance(query, (And, Or)):
        parts = [_plan(subquery) for subquery in query.subqueries]
        operator = "and" if isinstance(query, And) else "or"
        if any(kind == "filter" for kind, _t, _o in parts):
            # Ranked by the other terms when every negation is a direct part of an And.
            positive = [subquery for subquery in query.subqueries if not isinstance(subquery, Not)]
            if operator == "or" or not positive or any(_negates(subquery) for subquery in positive):
                return "filter", "", "and"
            kind, text, operator = _plan(positive[0] if len(positive) == 1 else And(positive))
            return ("filter", "", "and") if kind == "all" else (kind, text, operator)
        if operator == "or" and any(kind == "all" for kind, _t, _o in parts):
            return "all", "", "and"
        texts = [text for kind, text, _o in parts if kind == "text"]
        if operator == "and" and any(kind == "none" for kind, _t, _o in parts) or not texts:
            return ("all", "", "and") if operator == "and" and not texts else ("none", "", "and")
        return "text", " ".join(texts), operator
    raise NotImplementedError(f"search.backends does not support {type(query).__name__} queries.")


class QueryCompiler(BaseSearchQueryCompiler):
    # Chinese words become several bigram tokens, which must all match.
    DEFAULT_OPERATOR = "and"
    prefix = False

    def columns(self):
        if self.fields is None:
            return ("body", "title")
        if all(field == "title" for field in self.fields):
            return ("title",)
        return ("body", "title") if "title" in self.fields else ("body",)

    def condition(self, query):
        """A ``Q`` on the queryset's primary key that holds exactly for the
        objects ``query`` matches (any tree of terms, And, Or and Not)."""
        if isinstance(query, MatchAll):
            return Q(pk__isnull=False)
        if _is_match_none(query):
            return Q(pk__in=[])
        if isinstance(query, Boost):
            return self.condition(query.subquery)
        if isinstance(query, Not):
            return ~self.condition(query.subquery)
        if isinstance(query, (And, Or)):
            conditions = [self.condition(subquery) for subquery in query.subqueries]
            combined = conditions[0]
            for condition in conditions[1:]:
                combined = combined & condition if isinstance(query, And) else combined | condition
            return combined
        if isinstance(query, (PlainText, Phrase, Fuzzy)):
            operator = query.operator if isinstance(query, PlainText) else "and"
            tokens = query_tokens(query.query_string)
            if not tokens:
                return Q(pk__in=[])
            content_types = content_types_of(self.queryset.model)
            index = index_for(tokens, content_types, columns=self.columns(), prefix=self.prefix, operator=operator)
            sql, params = index.object_ids_sql(self.queryset.model._meta.pk)
            return Q(pk__in=RawSQL(sql, params))
        raise NotImplementedError(f"search.backends does not support {type(query).__name__} queries.")

    def searched(self):
        """The queryset, narrowed by the query's negations (if it has any)."""
        if not hasattr(self, "_searched"):
            self._searched = self.queryset.filter(self.condition(self.query)) if _negates(self.query) else self.queryset
        return self._searched

    def ranking(self):
        """The one ``Ranking`` of this search, shared by its sliced results."""
        if not hasattr(self, "_ranking"):
            kind, text, operator = _plan(self.query)
            self.plan = kind
            self._ranking = Ranking(
                text if kind == "text" else "",
                self.searched(),
                specific=False,
                columns=self.columns(),
                prefix=self.prefix,
                operator=operator or self.DEFAULT_OPERATOR,
            )
        return self._ranking

    def matching(self):
        """The queryset narrowed to every match, in the queryset's own order."""
        ranking = self.ranking()
        if self.plan in ("all", "filter"):
            return self.searched()
        tokens = query_tokens(ranking.query)
        if self.plan == "none" or not tokens:
            return self.queryset.none()
        index = index_for(tokens, ranking.content_types, **ranking.options)
        sql, params = index.object_ids_sql(self.queryset.model._meta.pk)
        return self.searched().filter(pk__in=RawSQL(sql, params))


class AutocompleteQueryCompiler(QueryCompiler):
    prefix = True

    def columns(self):
        return ("autocomplete",)


class SearchResults(BaseSearchResults):
    def _objects(self):
        compiler = self.query_compiler
        ranking = compiler.ranking()
        if compiler.plan == "text" and compiler.order_by_relevance:
            stop = self.stop if self.stop is not None else MAX_RESULTS
            objects = ranking[self.start : stop]
            if self.prefetch_related:
                prefetch_related_objects(objects, *self.prefetch_related)
            return objects
        queryset = compiler.matching()
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return list(queryset[self.start : self.stop])

    def _do_search(self):
        objects = self._objects()
        if self._score_field:
            for position, obj in enumerate(objects):
                setattr(obj, self._score_field, float(len(objects) - position))
        return objects

    def _do_count(self):
        compiler = self.query_compiler
        ranking = compiler.ranking()
        if compiler.plan == "text" and compiler.order_by_relevance:
            total = ranking.count()
        else:
            total = compiler.matching().count()
        total = max(0, total - self.start)
        return min(total, self.stop - self.start) if self.stop is not None else total


class SearchBackend(BaseSearchBackend):
    query_compiler_class = QueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
    index_class = Index
    results_class = SearchResults
    rebuilder_class = Rebuilder
