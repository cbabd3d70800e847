"""One query path for every search: the public site, the API and the admin.

``Ranking(tokens, queryset, content_types)`` ranks the objects of
``queryset`` whose index entries (``search.models.IndexEntry`` and its text
storage) hold the tokens: objects whose title holds every token first, then
relevance, then newer (``IndexEntry.ranked_at``). The search backend
(``search.backends``) wraps it for ``Page.objects.search()``, the admin,
snippets and images; ``search_pages(q)`` wraps it with the public rule
(``publishing.visibility.public_pages``) for the site and the API. Nothing
here raises on odd input; anything that cannot be searched is empty.

Speed at scale (100,000 news items, ``make bench``): touching every match of
a frequent word (质量, 昆明: in nearly every item) costs 25-60 ms in FTS5 alone
and hundreds with bm25, so no step may visit all matches:

1. Read the newest ``SCORE_LIMIT + 1`` matches in index order (entry ids
   only, one query; SQLite walks the FTS5 doclists backwards and stops,
   PostgreSQL walks the primary key backwards for a frequent word or uses
   the GIN indexes for a rare one).
2. Fewer than that ("scored" mode): they are all the matches. They are
   scored (SQLite FTS5 ``bm25`` / PostgreSQL ``ts_rank``, title weighted
   ``TITLE_WEIGHT`` times the body) and ranked (every token in the title,
   relevance bucket, date), filtered by the queryset and counted exactly.
3. More ("frequent" mode): relevance among hundreds of matches of a common
   word separates next to nothing, so the matches are read in windows (that
   first one, then ``WINDOW`` entries), most recently indexed first; within
   a window title matches come first.
4. The queryset (for the public: the one public rule) filters the ranked ids
   by an id subquery a little more than needed at a time; hits lost to hidden
   objects are made up from the following ids and windows. Objects are
   fetched only for the slice that is shown.
5. Counts are exact up to ``COUNT_LIMIT`` (every counted result has been
   through the queryset's filter). Beyond, the matches are estimated from
   the first window's density and scaled by the share of candidates the
   filter let through, so hidden items are not counted ("约 827", "1000+"
   past ``MAX_RESULTS``).
"""

import logging
import time
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connection
from modelsearch.backends.base import FieldError as SearchFieldError
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from publishing.visibility import public_pages
from script_variants.converter import to_simplified
from search.index_storage import FTS_TABLE
from search.models import IndexEntry
from search.segment import query_tokens

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
# Results ranked, filtered and counted per query; more are reported as "1000+".
MAX_RESULTS = 1000
# Up to this many matches every match is scored; above it, recency decides,
# and the newest SCORE_LIMIT + 1 matches are the first window.
SCORE_LIMIT = 100
# Frequent mode reads matches in windows of index entries (the first one smaller:
# it is all most searches need), at most MAX_WINDOWS of them (hidden objects or
# other types beyond that are not looked for).
WINDOW = 1000
MAX_WINDOWS = 16
# Counts are exact up to this many results (each one through the queryset's
# filter); beyond, estimated without hidden items ("约 N").
COUNT_LIMIT = 100
# Relative weight of a title match over a body match in the score.
TITLE_WEIGHT = 10.0
# The backend this module reads the index of (anything else: its own search).
OWN_BACKEND = "search.backends"
INTEGER_FIELDS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
}


def normalise_query(q):
    """Trim, drop control characters and cap the length of a raw query."""
    if not q:
        return ""
    q = str(q)[: MAX_QUERY_LENGTH * 4]
    q = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in q)
    return " ".join(q.split())[:MAX_QUERY_LENGTH].strip()


def uses_own_index():
    """True when the default search backend is this app's (its index is in these tables)."""
    return settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == OWN_BACKEND


def content_types_of(*models):
    """Content type ids of these models and their subclasses."""
    return sorted({pk for model in models for pk in get_descendants_content_types_pks(model)})


_index_stats = {"at": -3600.0}


def _index_entries_per_type():
    """{"sizes": {content type id: index entries}}, read at most every ten
    minutes: it only chooses how to ask, never what is found."""
    if time.monotonic() - _index_stats["at"] > 600:
        with connection.cursor() as cursor:
            table = IndexEntry._meta.db_table
            cursor.execute(f"SELECT content_type_id, COUNT(*) FROM {table} GROUP BY content_type_id")
            _index_stats["sizes"] = dict(cursor.fetchall())
        _index_stats["at"] = time.monotonic()
    return _index_stats


class _Index:
    """Ranked object ids straight from the index tables, per vendor.

    Each match is one index entry (``e``): its id orders the "frequent"
    mode, its object_id is the object's key, its content_type_id the type.
    ``columns`` are the text columns searched (title, body, autocomplete);
    ``prefix`` makes every token match as a prefix (autocomplete);
    ``operator`` "and" needs every token, "or" any.
    """

    entry_table = IndexEntry._meta.db_table

    def __init__(self, tokens, content_types, columns=("body", "title"), prefix=False, operator="and"):
        self.tokens = tokens
        self.content_types = content_types
        self.columns = columns
        self.prefix = prefix
        self.operator = operator
        self.types_sql = ", ".join(["%s"] * len(content_types))
        # Narrowed to a few types (officers, activities...): the SQL asks for
        # them; otherwise other types are dropped after the index is read.
        sizes = _index_entries_per_type()["sizes"]
        wanted = sum(sizes.get(ct, 0) for ct in content_types)
        self.narrowed = wanted * 5 < sum(sizes.values())

    def run(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def oldest_entry(self):
        return self.run(f"SELECT MIN(id) FROM {self.entry_table}", [])[0][0] or 0

    def count_of_types(self):
        """Index entries of the wanted types, counted now."""
        sql = f"SELECT COUNT(*) FROM {self.entry_table} WHERE content_type_id IN ({self.types_sql})"
        return self.run(sql, list(self.content_types))[0][0]

    def window(self, before, limit):
        """Entry ids of up to ``limit`` matches below entry id ``before``
        (None: from the newest), newest first, read in index order."""
        sql, params = self.window_sql(before)
        return [row[0] for row in self.run(f"{sql} LIMIT %s", [*params, limit])]

    def objects(self, entry_ids):
        """{entry id: (object id, content type)} for the wanted types."""
        if not entry_ids:
            return {}
        marks = ", ".join(["%s"] * len(entry_ids))
        rows = self.run(
            f"SELECT e.id, e.object_id, e.content_type_id FROM {self.entry_table} e WHERE e.id IN ({marks})",
            list(entry_ids),
        )
        wanted = set(self.content_types)
        return {entry_id: (pk, ct) for entry_id, pk, ct in rows if ct in wanted}


def _object_id_sql(pk_field):
    """The index entry's object id as the type of ``pk_field``'s column."""
    while pk_field.is_relation:  # a page type's page_ptr
        pk_field = pk_field.target_field
    if pk_field.get_internal_type() in INTEGER_FIELDS:
        return "CAST(e.object_id AS INTEGER)" if connection.vendor == "sqlite" else "e.object_id::bigint"
    return "e.object_id"


class _SQLiteIndex(_Index):
    def __init__(self, tokens, content_types, **options):
        super().__init__(tokens, content_types, **options)
        self.fts_table = FTS_TABLE
        # Tokens are letters, digits and Han only (search.segment): quoting
        # keeps words like AND, OR, NEAR from being read as FTS5 operators.
        star = " *" if self.prefix else ""
        joined = f" {self.operator.upper()} ".join(f'"{token}"{star}' for token in tokens)
        self.expressions = {
            "all": f"{{{' '.join(self.columns)}}} : ({joined})",
            "title": f"{{title}} : ({joined})",
        }
        # Columns: autocomplete, body, title. bm25 is lower for better matches.
        self.score_sql = f"-bm25({self.fts_table}, 1.0, 1.0, {TITLE_WEIGHT})"

    def scored(self, entry_ids):
        """(object id, content type, title hit, score, date) of these matches."""
        fts, marks = self.fts_table, ", ".join(["%s"] * len(entry_ids))
        titles = self.run(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND rowid IN ({marks})",
            [self.expressions["title"], *entry_ids],
        )
        title_ids = {row[0] for row in titles}
        rows = self.run(
            f"SELECT e.id, e.object_id, e.content_type_id, {self.score_sql}, e.ranked_at "
            f"FROM {fts} JOIN {self.entry_table} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND {fts}.rowid IN ({marks}) AND e.content_type_id IN ({self.types_sql})",
            [self.expressions["all"], *entry_ids, *self.content_types],
        )
        return [(pk, ct, entry_id in title_ids, score, date) for entry_id, pk, ct, score, date in rows]

    def _types_sql(self):
        return f"rowid IN (SELECT id FROM {self.entry_table} WHERE content_type_id IN ({self.types_sql}))"

    def window_sql(self, before):
        # ORDER BY rowid DESC: FTS5 walks its doclists backwards, no sort, and
        # LIMIT stops it early. Only the FTS5 table is read.
        fts = self.fts_table
        sql, params = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [self.expressions["all"]]
        if before is not None:
            sql, params = f"{sql} AND rowid < %s", [*params, before]
        if self.narrowed:
            sql, params = f"{sql} AND {self._types_sql()}", [*params, *self.content_types]
        return f"{sql} ORDER BY rowid DESC", params

    def object_ids_sql(self, pk_field):
        """SQL for the object ids of every match (for a ``pk__in`` filter)."""
        fts = self.fts_table
        return (
            f"SELECT {_object_id_sql(pk_field)} FROM {self.entry_table} e "
            f"WHERE e.content_type_id IN ({self.types_sql}) AND e.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
            [*self.content_types, self.expressions["all"]],
        )

    def title_hits(self, low, high):
        """Entry ids in [low, high] whose title holds the tokens (a range
        query: FTS5 seeks its doclists to ``low``, so this stays cheap)."""
        fts = self.fts_table
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND rowid >= %s AND rowid <= %s"
        return {row[0] for row in self.run(sql, [self.expressions["title"], low, high])}


_pg_stats = {"at": -3600.0, "frequencies": {}}


def _lexeme_frequencies():
    """{(column, lexeme): fraction of index entries}, from PostgreSQL's own
    statistics on the tsvector columns (``ANALYZE``; autovacuum keeps them),
    read at most every ten minutes."""
    if time.monotonic() - _pg_stats["at"] > 600:
        frequencies = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname IN ('title', 'body', 'autocomplete') "
                "AND most_common_elems IS NOT NULL",
                [IndexEntry._meta.db_table],
            )
            for column, lexemes, freqs in cursor.fetchall():
                frequencies.update({(column, lexeme): freq for lexeme, freq in zip(lexemes, freqs or [], strict=False)})
        _pg_stats.update(at=time.monotonic(), frequencies=frequencies)
    return _pg_stats["frequencies"]


class _PostgresIndex(_Index):
    # A query matching at least this share of the entries (estimated) is read
    # newest first along the primary key instead of through the GIN indexes:
    # finding SCORE_LIMIT + 1 matches then takes under 2,000 rows.
    FREQUENT = 0.05

    def __init__(self, tokens, content_types, **options):
        super().__init__(tokens, content_types, **options)
        if self.prefix:
            self.query_sql = "to_tsquery('simple', %s)"
            terms = [f"{token}:*" for token in tokens]
        else:
            self.query_sql = "plainto_tsquery('simple', %s)"
            terms = list(tokens)
        joiner = " | " if self.operator == "or" else " & "
        self.text = joiner.join(terms) if self.prefix else " ".join(tokens)
        whole = "to_tsquery('simple', %s)" if self.prefix or self.operator == "or" else self.query_sql
        self.whole_sql = whole
        if not self.prefix and self.operator == "or":
            self.text = joiner.join(tokens)
        self.score_sql = f"{TITLE_WEIGHT} * ts_rank(e.title, {whole}, 1) + ts_rank(e.body, {whole}, 1)"
        # Every token in one of the columns: there is no index on their
        # concatenation. A rare query uses the GIN index of each column (the
        # @@ operator). For a frequent one the same test is written as the
        # function ts_match_vq, which no index serves, so PostgreSQL walks the
        # primary key backwards and stops at the LIMIT. Bigrams of one word
        # always occur together, which the planner cannot know: left to itself
        # it multiplies their selectivities and picks the bitmap scans.
        frequencies = _lexeme_frequencies()

        def share(token):
            return sum(frequencies.get((column, token), 0) for column in self.columns)

        if self.operator == "or":
            estimate = sum(share(token) for token in tokens)
        else:
            # The bigrams of one word occur together (the rarest of them), separate words independently.
            estimate = 1.0
            for word in _words(tokens):
                estimate *= min(share(token) for token in word)
        self.frequent = estimate >= self.FREQUENT

        def test(token):
            # Through the index only when it narrows: a token in most entries
            # (2022 in the bench bodies) is cheaper checked on the few rows left.
            if self.frequent or share(token) > 0.2:
                return "(" + " OR ".join(f"ts_match_vq(e.{c}, {self.query_sql})" for c in self.columns) + ")"
            return "(" + " OR ".join(f"e.{c} @@ {self.query_sql}" for c in self.columns) + ")"

        self.condition = f" {self.operator.upper()} ".join(test(token) for token in tokens)
        self.condition_params = [term for term in terms for _column in self.columns]

    def scored(self, entry_ids):
        """(object id, content type, title hit, score, date) of these matches."""
        marks = ", ".join(["%s"] * len(entry_ids))
        return self.run(
            f"SELECT e.object_id, e.content_type_id, e.title @@ {self.whole_sql}, {self.score_sql}, e.ranked_at "
            f"FROM {self.entry_table} e WHERE e.id IN ({marks}) AND e.content_type_id IN ({self.types_sql})",
            [self.text, self.text, self.text, *entry_ids, *self.content_types],
        )

    def window_sql(self, before):
        sql = f"SELECT e.id FROM {self.entry_table} e WHERE ({self.condition})"
        params = list(self.condition_params)
        if self.narrowed:
            sql, params = f"{sql} AND e.content_type_id IN ({self.types_sql})", [*params, *self.content_types]
        if before is not None:
            sql, params = f"{sql} AND e.id < %s", [*params, before]
        # A rare query: "e.id + 0" keeps the planner from walking the primary
        # key (which it likes for ORDER BY ... LIMIT, and which would read the
        # whole table when the word is rare) instead of the GIN indexes.
        return f"{sql} ORDER BY {'e.id' if self.frequent else 'e.id + 0'} DESC", params

    def object_ids_sql(self, pk_field):
        """SQL for the object ids of every match (for a ``pk__in`` filter)."""
        return (
            f"SELECT {_object_id_sql(pk_field)} FROM {self.entry_table} e "
            f"WHERE e.content_type_id IN ({self.types_sql}) AND ({self.condition})",
            [*self.content_types, *self.condition_params],
        )

    def title_hits(self, low, high):
        # A primary key range of one window: no index on the title needed.
        sql = (
            f"SELECT e.id FROM {self.entry_table} e "
            f"WHERE e.id BETWEEN %s AND %s AND ts_match_vq(e.title, {self.whole_sql})"
        )
        return {row[0] for row in self.run(sql, [low, high, self.text])}


def _words(tokens):
    """Group query tokens by the word they come from: overlapping bigrams
    (质量, 量月) chain into one word, anything else stands alone."""
    words = []
    for token in tokens:
        if words and len(token) == 2 and len(words[-1][-1]) == 2 and words[-1][-1][1] == token[0]:
            words[-1].append(token)
        else:
            words.append([token])
    return words


def index_for(tokens, content_types, **options):
    if connection.vendor == "sqlite":
        return _SQLiteIndex(tokens, content_types, **options)
    if connection.vendor == "postgresql":
        return _PostgresIndex(tokens, content_types, **options)
    return None


def _sort_scored(rows):
    """(title hit, relevance bucket, date): near-equal scores tie so that
    newer items come first."""
    best = max((abs(score or 0) for _pk, _ct, _hit, score, _date in rows), default=0) or 1
    rows = sorted(
        rows,
        key=lambda row: (
            bool(row[2]),
            round(abs(row[3] or 0) / best, 1),
            row[4] is not None,
            row[4].timestamp() if hasattr(row[4], "timestamp") else (row[4] or ""),
            row[0],
        ),
        reverse=True,
    )
    return [(pk, ct) for pk, ct, *_rest in rows]


class Ranking:
    """Lazy, ranked search results over ``queryset``'s objects.

    Behaves like a sequence for paginators and serializers: ``count()`` /
    ``len()`` give the number of results, exact up to ``MAX_RESULTS`` (see
    ``capped``); slicing ranks and filters just enough ids and fetches
    objects for that slice only. ``specific`` fetches pages as their
    specific type (the site and the API), otherwise as ``queryset``'s model
    (the admin). ``content_types`` narrows what is read from the index
    (default: ``queryset``'s model and its subclasses).
    """

    def __init__(self, query, queryset, content_types=None, specific=True, **options):
        self.query = query
        self.queryset = queryset
        self.model = queryset.model
        self.content_types = content_types if content_types is not None else content_types_of(self.model)
        self.specific = specific
        self.options = options
        self._index = None
        self._mode = None  # "scored", "frequent" or "none"
        self._entries = []  # [(object pk, content type id)], ranked, allowed by the queryset
        self._complete = False  # _entries holds every result (up to MAX_RESULTS + 1)
        # Frequent mode: ranked entry ids read so far, how many were checked,
        # the entry id the next window starts below, windows read.
        self._ranked, self._checked, self._before, self._windows, self._exhausted = [], 0, None, 0, False
        # Frequent mode: index matches of the wanted types, estimated from the
        # first window; candidates of those types put through the filter so far.
        self._matches, self._candidates = 0, 0

    # -- ranking -------------------------------------------------------

    def _start(self):
        if self._mode is not None:
            return
        self._mode = "none"
        self._complete = True
        if not uses_own_index():
            self._mode = "backend"
            self._entries = self._through_backend()
            return
        tokens = query_tokens(self.query)
        index = index_for(tokens, self.content_types, **self.options) if tokens and self.content_types else None
        if index is None:
            return
        self._index = index
        # The newest SCORE_LIMIT + 1 matches: all of them (scored), or the
        # first window of a frequent word. One query either way.
        rows = index.window(None, SCORE_LIMIT + 1)
        if not rows:
            return
        if len(rows) <= SCORE_LIMIT:
            self._mode = "scored"
            scored = [(self._key(pk), ct, *rest) for pk, ct, *rest in index.scored(rows)]
            self._entries = self._allowed(_sort_scored(scored))
        else:
            self._mode = "frequent"
            self._complete = False
            self._add_window(rows, SCORE_LIMIT + 1)

    def _through_backend(self):
        """Another backend (Elasticsearch, docs/search.md): its own ranking."""
        results = self.queryset.search(to_simplified(self.query), operator=self.options.get("operator", "and"))
        return [(obj.pk, getattr(obj, "content_type_id", None)) for obj in results[: MAX_RESULTS + 1]]

    def _key(self, object_id):
        try:
            return self.model._meta.pk.to_python(object_id)
        except ValidationError:
            return None

    def _allowed(self, candidates):
        """The candidates the queryset allows, in order: an id subquery."""
        ids = [pk for pk, _ct in candidates if pk is not None]
        if not ids:
            return []
        allowed = set(self.queryset.filter(pk__in=ids).values_list("pk", flat=True))
        return [(pk, ct) for pk, ct in candidates if pk in allowed]

    def _ensure(self, needed):
        """Rank and filter until ``needed`` results are known (or all are).

        Frequent mode reads the matches in windows of ``WINDOW`` entries,
        newest first; within a window title matches come first. Entries are
        filtered by the queryset a little more than needed at a time.
        """
        self._start()
        needed = min(needed, MAX_RESULTS + 1)
        while not self._complete and len(self._entries) < needed:
            if self._checked == len(self._ranked):
                if self._exhausted:
                    self._complete = True
                    break
                self._add_window(self._index.window(self._before, WINDOW), WINDOW)
                continue
            chunk = self._ranked[self._checked : self._checked + (needed - len(self._entries)) * 5 // 4 + 10]
            found = self._index.objects(chunk)
            candidates = [(self._key(found[key][0]), found[key][1]) for key in chunk if key in found]
            self._entries += self._allowed(candidates)
            self._candidates += len(candidates)
            self._checked += len(chunk)
        del self._entries[MAX_RESULTS + 1 :]

    def _add_window(self, rows, size):
        """Rank one window of entry ids (newest first): title matches first."""
        self._windows += 1
        if len(rows) < size or self._windows >= MAX_WINDOWS:  # the rest: hidden or other types
            self._exhausted = True
        if rows:
            self._before = rows[-1]
            titles = self._index.title_hits(rows[-1], rows[0])
            self._ranked += [row for row in rows if row in titles] + [row for row in rows if row not in titles]
        if self._windows == 1 and rows:
            # Matches without reading them all: the first window's density over
            # the older entries (one query for the oldest entry id).
            oldest = self._index.oldest_entry()
            density = len(rows) / (rows[0] - rows[-1] + 1)
            self._matches = len(rows) + round(density * max(0, rows[-1] - oldest))
            if self._index.narrowed:  # no more than there are entries of these (few) types
                self._matches = max(len(rows), min(self._matches, self._index.count_of_types()))

    def _safely(self, method, *args):
        try:
            return method(*args)
        except (DatabaseError, FieldError, SearchFieldError) as error:  # never a 500 for a query
            logger.warning("search failed for %r: %s", self.query, error)
            self._mode, self._entries, self._complete = "none", [], True
            return None

    @property
    def mode(self):
        """ "scored", "frequent" (see the module docstring), "backend" or "none"."""
        self._safely(self._start)
        return self._mode

    def _counted(self):
        """(results, exact?): exact up to ``COUNT_LIMIT`` (every one through the
        queryset's filter); beyond, the index's estimate of the matches times
        the share of candidates the filter let through, so hidden items are
        not counted."""
        self._safely(self._ensure, COUNT_LIMIT + 1)
        if self._complete or len(self._entries) <= COUNT_LIMIT:
            return len(self._entries), True
        share = len(self._entries) / self._candidates if self._candidates else 1.0
        return max(len(self._entries), round(self._matches * share)), False

    @property
    def approximate(self):
        """True if the count is an estimate (more than ``COUNT_LIMIT`` results)."""
        return not self._counted()[1]

    @property
    def capped(self):
        """True if there are more than ``MAX_RESULTS`` results."""
        return self._counted()[0] > MAX_RESULTS

    @property
    def entries(self):
        """Every (object pk, content type id), ranked (up to ``MAX_RESULTS``)."""
        self._safely(self._ensure, MAX_RESULTS)
        return self._entries[:MAX_RESULTS]

    # -- sequence protocol ----------------------------------------------

    def count(self):
        """Results, at most ``MAX_RESULTS``: exact up to ``COUNT_LIMIT``, then
        estimated (``approximate``); hidden items are never counted."""
        return min(self._counted()[0], MAX_RESULTS)

    __len__ = count

    def __bool__(self):
        self._safely(self._ensure, 1)
        return bool(self._entries)

    def display_count(self):
        """ "12", "约 827" or "1000+" for people."""
        total, exact = self._counted()
        if total > MAX_RESULTS:
            return f"{MAX_RESULTS}+"
        return str(total) if exact else f"约 {total}"

    def _fetch(self, entries):
        """Objects for ``entries``, in order: one query per type (specific) or one in all."""
        if self.specific and issubclass(self.model, Page):
            by_type = {}
            for pk, ct in entries:
                by_type.setdefault(ct, []).append(pk)
            objects = {}
            for ct, ids in by_type.items():
                model = ContentType.objects.get_for_id(ct).model_class() or Page
                objects.update(model._default_manager.in_bulk(ids))
        else:
            objects = {obj.pk: obj for obj in self.queryset.filter(pk__in=[pk for pk, _ct in entries])}
        return [objects[pk] for pk, _ct in entries if pk in objects]

    def entries_of(self, key):
        """The (object pk, content type id) of a slice of the results, ranked, without
        fetching objects (a caller fetching them its own way, e.g. the API)."""
        start, stop, step = key.indices(MAX_RESULTS)
        self._safely(self._ensure, stop)
        return self._entries[:MAX_RESULTS][start:stop:step]

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._fetch(self.entries_of(key))
        if key < 0:
            raise IndexError("negative indexing is not supported")
        self._safely(self._ensure, key + 1)
        if key >= min(len(self._entries), MAX_RESULTS):
            raise IndexError(key)
        return self._fetch([self._entries[key]])[0]

    def __iter__(self):
        entries = self.entries
        for start in range(0, len(entries), 100):
            yield from self._fetch(entries[start : start + 100])

    def __eq__(self, other):
        if isinstance(other, (list, tuple, Ranking)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"<Ranking {self.query!r}: {self.display_count()} ({self.mode})>"

    def ids(self):
        return [pk for pk, _ct in self.entries]

    def type_counts(self, upto=None):
        """{content type id: results} without fetching objects: over every
        result, or over the first ``upto`` (a sample)."""
        if upto is None:
            entries = self.entries
        else:
            self._safely(self._ensure, upto)
            entries = self._entries[:upto]
        counts = {}
        for _pk, ct in entries:
            counts[ct] = counts.get(ct, 0) + 1
        return counts


# The name the site and the API have always used for public results.
SearchResults = Ranking


def search_pages(q, queryset=None, models=None):
    """Ranked, public, specific pages matching ``q`` (a lazy sequence).

    ``queryset`` narrows what may be found (default: every page); ``models``
    names the page types wanted, which also narrows what is read from the index.
    """
    q = normalise_query(q)
    queryset = queryset if queryset is not None else Page.objects.all()
    if models:
        queryset = queryset.type(*models)
    content_types = content_types_of(*models) if models else None
    if not q or not query_tokens(q):
        return Ranking("", queryset.none(), content_types=[])
    return Ranking(q, public_pages(queryset), content_types=content_types)
