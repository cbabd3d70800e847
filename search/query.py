"""Public search: one function every surface (page, API) calls.

``search_pages(q, queryset=None)`` returns a lazy ``SearchResults``
sequence of specific, public pages, ranked: pages whose title holds every
query token first, then by relevance, with newer items breaking ties. It
never raises on odd input; anything that cannot be searched is empty.

Speed at scale (100,000 news items, ``make bench``) comes from asking the
index tables directly, in SQL, for a ranked list of page ids, instead of
Wagtail's search queryset, which scores every candidate and materialises
specific pages. Measured on the 100k bench dataset (SQLite): touching every
match of a frequent word (质量, 昆明: in nearly every item) costs 25-60 ms in
FTS5 alone, 130+ ms once joined to the index rows and 400+ ms with bm25, so
no per-query step may visit all matches:

1. Read the newest ``SCORE_LIMIT + 1`` matches in index order (entry ids
   only, one query; SQLite walks the FTS5 doclists backwards and stops,
   PostgreSQL walks the primary key backwards for a frequent word or uses
   the GIN indexes for a rare one).
2. Fewer than that ("scored" mode): they are all the matches. They are
   scored (SQLite FTS5 ``bm25`` / PostgreSQL ``ts_rank``, title weighted
   ``TITLE_WEIGHT`` times the body) and ranked (every token in the title,
   relevance bucket, date: news ``published_at``, else first publication),
   filtered by the public rule and counted exactly.
3. More ("frequent" mode, e.g. 质量 or 昆明 in nearly every item):
   relevance among hundreds of matches of a common word separates next to
   nothing, so the matches are read in windows (that first one, then
   ``WINDOW`` entries), most recently indexed first (index entry order:
   the order pages were first saved, which follows publication for content
   made in the CMS); within a window title matches come first. Only about
   the requested page of results is turned into pages. The count is
   extrapolated from the first window's density ("约 827", or "1000+" past
   ``MAX_RESULTS``).
4. The one public rule (``publishing.visibility.public_pages``) and the
   caller's queryset filter the ranked ids a little more than needed at a
   time; hits lost to hidden pages are made up from the following ids and
   windows. Specific pages are fetched only for the slice that is shown.
"""

import functools
import logging
import time
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError
from django.db import DatabaseError, connection
from django.db.models.lookups import In
from modelsearch.backends.base import FieldError as SearchFieldError
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from publishing.visibility import public_pages
from script_variants.converter import to_simplified
from search.backends import queries_index_tables
from search.segment import query_tokens

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
# Results ranked, filtered and counted per query; more are reported as "1000+".
MAX_RESULTS = 1000
# Up to this many matches every match is scored; above it, recency decides,
# and the newest SCORE_LIMIT + 1 matches are the first window.
SCORE_LIMIT = 100
# Frequent mode reads matches in windows of index entries (the first one smaller:
# it is all most searches need), at most MAX_WINDOWS of them (hidden pages or
# other types beyond that are not looked for).
WINDOW = 1000
MAX_WINDOWS = 16
# Relative weight of a title match over a body match in the score.
TITLE_WEIGHT = 10.0


def normalise_query(q):
    """Trim, drop control characters and cap the length of a raw query."""
    if not q:
        return ""
    q = str(q)[: MAX_QUERY_LENGTH * 4]
    q = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in q)
    return " ".join(q.split())[:MAX_QUERY_LENGTH].strip()


@functools.cache
def _model_content_type_ids(model):
    return frozenset(get_descendants_content_types_pks(model))


_backend_cache = {}


def _reads_index_tables():
    """True when the default search backend keeps its index in our database."""
    key = repr(settings.WAGTAILSEARCH_BACKENDS.get("default"))
    if key not in _backend_cache:
        _backend_cache.clear()
        _backend_cache[key] = queries_index_tables(get_search_backend())
    return _backend_cache[key]


def _content_type_ids(queryset):
    """Index content types worth asking for: the queryset's model and its
    subclasses, narrowed by a ``.type()`` filter when there is one. Only an
    optimisation: the queryset itself still filters the results."""
    ids = set(_model_content_type_ids(queryset.model))
    where = queryset.query.where
    if where.connector == "AND" and not where.negated:
        for child in where.children:
            target = getattr(getattr(child, "lhs", None), "target", None)
            if (
                isinstance(child, In)
                and getattr(target, "name", None) == "content_type"
                and isinstance(child.rhs, (list, tuple, set))
            ):
                ids &= {value.pk if isinstance(value, ContentType) else value for value in child.rhs}
    return sorted(ids)


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
    """Ranked page ids straight from the search index tables, per vendor.

    Each match is one index entry (``e``): its id orders the "frequent"
    mode, its object_id is the page id, its content_type_id the page type.
    """

    def __init__(self, tokens, content_types):
        self.tokens = tokens
        self.content_types = content_types
        self.entry_table = IndexEntry._meta.db_table
        page_table = Page._meta.db_table
        from campaign.models import NewsPage

        news_table = NewsPage._meta.db_table
        news_key = NewsPage._meta.pk.column
        self.date_join = (
            f"JOIN {page_table} p ON p.id = {self.page_id_sql} LEFT JOIN {news_table} n ON n.{news_key} = p.id"
        )
        self.date_sql = "COALESCE(n.published_at, p.first_published_at, p.latest_revision_created_at)"
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

    def pages(self, entry_ids):
        """{entry id: (page id, content type)} for the wanted types."""
        if not entry_ids:
            return {}
        marks = ", ".join(["%s"] * len(entry_ids))
        rows = self.run(
            f"SELECT e.id, {self.page_id_sql}, e.content_type_id FROM {self.entry_table} e WHERE e.id IN ({marks})",
            list(entry_ids),
        )
        wanted = set(self.content_types)
        return {entry_id: (pk, ct) for entry_id, pk, ct in rows if ct in wanted}


class _SQLiteIndex(_Index):
    page_id_sql = "CAST(e.object_id AS INTEGER)"

    def __init__(self, tokens, content_types):
        super().__init__(tokens, content_types)
        self.fts_table = f"{self.entry_table}_fts"
        # Tokens are letters, digits and Han only (search.segment): quoting
        # keeps words like AND, OR, NEAR from being read as FTS5 operators.
        phrases = " AND ".join(f'"{token}"' for token in tokens)
        self.expressions = {
            "all": f"{{body title}} : ({phrases})",
            "title": f"{{title}} : ({phrases})",
        }
        # Columns: autocomplete, body, title. bm25 is lower for better matches.
        self.score_sql = f"-bm25({self.fts_table}, 0.0, 1.0, {TITLE_WEIGHT})"

    def scored(self, entry_ids):
        """(page id, content type, title hit, score, date) of these matches."""
        fts, marks = self.fts_table, ", ".join(["%s"] * len(entry_ids))
        titles = self.run(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND rowid IN ({marks})",
            [self.expressions["title"], *entry_ids],
        )
        title_ids = {row[0] for row in titles}
        rows = self.run(
            f"SELECT e.id, {self.page_id_sql}, e.content_type_id, {self.score_sql}, {self.date_sql} "
            f"FROM {fts} JOIN {self.entry_table} e ON e.id = {fts}.rowid {self.date_join} "
            f"WHERE {fts} MATCH %s AND {fts}.rowid IN ({marks}) AND e.content_type_id IN ({self.types_sql})",
            [self.expressions["all"], *entry_ids, *self.content_types],
        )
        return [(page_id, ct, entry_id in title_ids, score, date) for entry_id, page_id, ct, score, date in rows]

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

    def title_hits(self, low, high):
        """Entry ids in [low, high] whose title holds every token (a range
        query: FTS5 seeks its doclists to ``low``, so this stays cheap)."""
        fts = self.fts_table
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND rowid >= %s AND rowid <= %s"
        return {row[0] for row in self.run(sql, [self.expressions["title"], low, high])}


_pg_stats = {"at": -3600.0, "frequencies": {}}


def _lexeme_frequencies():
    """{(column, lexeme): fraction of index entries}, from PostgreSQL's own
    statistics on the title and body tsvectors (``ANALYZE``; autovacuum
    keeps them), read at most every ten minutes."""
    if time.monotonic() - _pg_stats["at"] > 600:
        frequencies = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname IN ('title', 'body') AND most_common_elems IS NOT NULL",
                [IndexEntry._meta.db_table],
            )
            for column, lexemes, freqs in cursor.fetchall():
                frequencies.update({(column, lexeme): freq for lexeme, freq in zip(lexemes, freqs or [], strict=False)})
        _pg_stats.update(at=time.monotonic(), frequencies=frequencies)
    return _pg_stats["frequencies"]


class _PostgresIndex(_Index):
    page_id_sql = "e.object_id::integer"
    # A query matching at least this share of the entries (estimated) is read
    # newest first along the primary key instead of through the GIN indexes:
    # finding SCORE_LIMIT + 1 matches then takes under 2,000 rows.
    FREQUENT = 0.05

    def __init__(self, tokens, content_types):
        super().__init__(tokens, content_types)
        self.query_sql = "plainto_tsquery('simple', %s)"
        self.text = " ".join(tokens)
        self.score_sql = (
            f"{TITLE_WEIGHT} * ts_rank(e.title, plainto_tsquery('simple', %s), 1) "
            "+ ts_rank(e.body, plainto_tsquery('simple', %s), 1)"
        )
        # Every token in the title or the body, per column: there is no index
        # on (title || body). A rare query uses the GIN index of each column
        # (the @@ operator). For a frequent one the same test is written as
        # the function ts_match_vq, which no index serves, so PostgreSQL walks
        # the primary key backwards and stops at the LIMIT. Bigrams of one
        # word always occur together, which the planner cannot know: left to
        # itself it multiplies their selectivities and picks the bitmap scans,
        # 50-100 ms for a word in 10% of the items.
        frequencies = _lexeme_frequencies()

        def share(token):
            return frequencies.get(("title", token), 0) + frequencies.get(("body", token), 0)

        # Estimated share of entries matching: the bigrams of one word occur
        # together (the rarest of them), separate words independently.
        estimate = 1.0
        for word in _words(tokens):
            estimate *= min(share(token) for token in word)
        self.frequent = estimate >= self.FREQUENT

        def test(token):
            # Through the index only when it narrows: a token in most entries
            # (2022 in the bench bodies) is cheaper checked on the few rows left.
            if self.frequent or share(token) > 0.2:
                return f"(ts_match_vq(e.title, {self.query_sql}) OR ts_match_vq(e.body, {self.query_sql}))"
            return f"(e.title @@ {self.query_sql} OR e.body @@ {self.query_sql})"

        either = " AND ".join(test(token) for token in tokens)
        self.conditions = {"all": either}
        self.condition_params = {"all": [token for token in tokens for _column in (1, 2)]}

    def match_sql(self, tier, select="1", join="", types=True):
        sql = f"SELECT {select} FROM {self.entry_table} e {join} WHERE {self.conditions[tier]}"
        params = list(self.condition_params[tier])
        if not types:
            return sql, params
        return f"{sql} AND e.content_type_id IN ({self.types_sql})", [*params, *self.content_types]

    def scored(self, entry_ids):
        """(page id, content type, title hit, score, date) of these matches."""
        marks = ", ".join(["%s"] * len(entry_ids))
        return self.run(
            f"SELECT {self.page_id_sql}, e.content_type_id, e.title @@ {self.query_sql}, {self.score_sql}, "
            f"{self.date_sql} FROM {self.entry_table} e {self.date_join} "
            f"WHERE e.id IN ({marks}) AND e.content_type_id IN ({self.types_sql})",
            [self.text, self.text, self.text, *entry_ids, *self.content_types],
        )

    def window_sql(self, before):
        sql, params = self.match_sql("all", select="e.id", types=self.narrowed)
        if before is not None:
            sql, params = f"{sql} AND e.id < %s", [*params, before]
        # A rare query: "e.id + 0" keeps the planner from walking the primary
        # key (which it likes for ORDER BY ... LIMIT, and which would read the
        # whole table when the word is rare) instead of the GIN indexes.
        return f"{sql} ORDER BY {'e.id' if self.frequent else 'e.id + 0'} DESC", params

    def title_hits(self, low, high):
        # A primary key range of one window: no index on the title needed.
        sql = (
            f"SELECT e.id FROM {self.entry_table} e "
            f"WHERE e.id BETWEEN %s AND %s AND ts_match_vq(e.title, {self.query_sql})"
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


def _index_for(tokens, content_types):
    if connection.vendor == "sqlite":
        return _SQLiteIndex(tokens, content_types)
    if connection.vendor == "postgresql":
        return _PostgresIndex(tokens, content_types)
    return None


def _sort_scored(rows):
    """(title hit, relevance bucket, date) as before: near-equal scores tie
    so that newer items come first."""
    best = max((abs(score or 0) for _pk, _ct, _hit, score, _date in rows), default=0) or 1
    rows = sorted(
        rows,
        key=lambda row: (row[2], round(abs(row[3] or 0) / best, 1), row[4] is not None, row[4] or 0, row[0]),
        reverse=True,
    )
    return [(pk, ct) for pk, ct, *_rest in rows]


class SearchResults:
    """Lazy, ranked, public search results.

    Behaves like a sequence for paginators and serializers: ``count()`` /
    ``len()`` give the number of results (exact in "scored" mode; the
    index's count, ``approximate``, in "frequent" mode; at most
    ``MAX_RESULTS``, see ``capped``), slicing ranks and filters just enough
    ids and fetches specific pages for that slice only.
    """

    def __init__(self, query, queryset):
        self.query = query
        self.queryset = queryset
        self._index = None
        self._mode = None  # "scored", "frequent", "backend" or "none"
        self._matches = 0  # index matches, up to MAX_RESULTS + 1
        self._entries = []  # [(page id, content type id)], ranked, public
        self._complete = False  # _entries holds every result (up to MAX_RESULTS)
        # Frequent mode: ranked entry ids read so far, how many were checked,
        # the entry id the next window starts below, windows read.
        self._ranked, self._checked, self._before, self._windows, self._exhausted = [], 0, None, 0, False

    # -- ranking -------------------------------------------------------

    def _start(self):
        if self._mode is not None:
            return
        self._mode = "none"
        self._complete = True
        if not _reads_index_tables():
            self._mode = "backend"
            self._entries, self._matches = self._through_backend()
            return
        tokens = query_tokens(self.query)
        index = _index_for(tokens, _content_type_ids(self.queryset)) if tokens else None
        if index is None or not index.content_types:
            return
        self._index = index
        # The newest SCORE_LIMIT + 1 matches: all of them (scored), or the
        # first window of a frequent word. One query either way.
        rows = index.window(None, SCORE_LIMIT + 1)
        if not rows:
            return
        if len(rows) <= SCORE_LIMIT:
            self._mode = "scored"
            self._entries = self._public(_sort_scored(index.scored(rows)))
            self._matches = len(self._entries)
        else:
            self._mode = "frequent"
            self._complete = False
            self._add_window(rows, SCORE_LIMIT + 1)

    def _through_backend(self):
        """Any other backend (Elasticsearch, docs/search.md): its own ranking."""
        results = public_pages(self.queryset).search(to_simplified(self.query), operator="and")
        pages = list(results[: MAX_RESULTS + 1])
        return [(page.pk, page.content_type_id) for page in pages[:MAX_RESULTS]], len(pages)

    def _public(self, candidates):
        ids = [pk for pk, _ct in candidates]
        if not ids:
            return []
        visible = set(public_pages(self.queryset.filter(pk__in=ids)).values_list("pk", flat=True))
        return [(pk, ct) for pk, ct in candidates if pk in visible]

    def _ensure(self, needed):
        """Rank and filter until ``needed`` results are known (or all are).

        Frequent mode reads the matches in windows of ``WINDOW`` entries,
        newest first; within a window title matches come first. Entries are
        turned into pages and filtered by the public rule a little more
        than needed at a time.
        """
        self._start()
        needed = min(needed, MAX_RESULTS)
        while not self._complete and len(self._entries) < needed:
            if self._checked == len(self._ranked):
                if self._exhausted:
                    self._complete = True
                    break
                self._next_window()
                continue
            chunk = self._ranked[self._checked : self._checked + (needed - len(self._entries)) * 5 // 4 + 10]
            pages = self._index.pages(chunk)
            self._entries += self._public([pages[entry_id] for entry_id in chunk if entry_id in pages])
            self._checked += len(chunk)
        if self._complete and self._mode == "frequent":
            self._matches = len(self._entries)  # every result known: no longer an estimate
        del self._entries[MAX_RESULTS:]

    def _next_window(self):
        self._add_window(self._index.window(self._before, WINDOW), WINDOW)

    def _add_window(self, rows, size):
        """Rank one window of entry ids (newest first): title matches first."""
        self._windows += 1
        if len(rows) < size or self._windows >= MAX_WINDOWS:  # the rest: hidden or other types
            self._exhausted = True
        if rows:
            self._before = rows[-1]
            titles = self._index.title_hits(rows[-1], rows[0])
            self._ranked += [row for row in rows if row in titles] + [row for row in rows if row not in titles]
        if self._windows == 1:
            # The count without reading every match: extrapolated from the
            # first window's density over the older entries ("约").
            oldest = self._index.oldest_entry()
            density = len(rows) / (rows[0] - rows[-1] + 1)
            self._matches = len(rows) + round(density * max(0, rows[-1] - oldest))
            if self._index.narrowed:  # no more than there are pages of these (few) types
                self._matches = max(len(rows), min(self._matches, self._index.count_of_types()))

    def _safely(self, method, *args):
        try:
            return method(*args)
        except (DatabaseError, FieldError, SearchFieldError) as error:  # never a 500 for a query
            logger.warning("search failed for %r: %s", self.query, error)
            self._mode, self._entries, self._matches, self._complete = "none", [], 0, True
            return None

    @property
    def mode(self):
        """ "scored", "frequent" (see the module docstring), "backend" or "none"."""
        self._safely(self._start)
        return self._mode

    @property
    def capped(self):
        """True if the index holds more than ``MAX_RESULTS`` matches."""
        self._safely(self._start)
        return self._matches > MAX_RESULTS

    @property
    def approximate(self):
        """True if the count is the index's and not yet checked page by page."""
        self._safely(self._start)
        return not self._complete

    @property
    def entries(self):
        """Every (page id, content type id), ranked (up to ``MAX_RESULTS``)."""
        self._safely(self._ensure, MAX_RESULTS)
        return self._entries

    # -- sequence protocol ----------------------------------------------

    def count(self):
        self._safely(self._start)
        return min(self._matches, MAX_RESULTS)

    __len__ = count

    def __bool__(self):
        return self.count() > 0

    def display_count(self):
        """ "12", "约 827" or "1000+" for people."""
        if self.capped:
            return f"{MAX_RESULTS}+"
        return f"约 {self.count()}" if self.approximate else str(self.count())

    def _fetch(self, entries):
        """Specific pages for ``entries``, in order: one query per page type."""
        by_type = {}
        for pk, ct in entries:
            by_type.setdefault(ct, []).append(pk)
        pages = {}
        for ct, ids in by_type.items():
            model = ContentType.objects.get_for_id(ct).model_class() or Page
            pages.update(model._default_manager.in_bulk(ids))
        return [pages[pk] for pk, _ct in entries if pk in pages]

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(MAX_RESULTS)
            self._safely(self._ensure, stop)
            return self._fetch(self._entries[start:stop:step])
        if key < 0:
            raise IndexError("negative indexing is not supported")
        self._safely(self._ensure, key + 1)
        if key >= len(self._entries):
            raise IndexError(key)
        return self._fetch([self._entries[key]])[0]

    def __iter__(self):
        entries = self.entries
        for start in range(0, len(entries), 100):
            yield from self._fetch(entries[start : start + 100])

    def __eq__(self, other):
        if isinstance(other, (list, tuple, SearchResults)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"<SearchResults {self.query!r}: {self.display_count()} ({self.mode})>"

    def ids(self):
        return [pk for pk, _ct in self.entries]

    def type_counts(self, upto=None):
        """{content type id: results}, without fetching pages: over every
        result, or over the first ``upto`` (frequent mode: a sample)."""
        if upto is None:
            entries = self.entries
        else:
            self._safely(self._ensure, upto)
            entries = self._entries[:upto]
        counts = {}
        for _pk, ct in entries:
            counts[ct] = counts.get(ct, 0) + 1
        return counts


class _Empty(SearchResults):
    def __init__(self):
        super().__init__("", Page.objects.none())
        self._mode = "none"
        self._complete = True


def search_pages(q, queryset=None):
    """Ranked, public, specific pages matching ``q`` (a lazy sequence)."""
    q = normalise_query(q)
    if not q or not query_tokens(q):
        return _Empty()
    return SearchResults(q, queryset if queryset is not None else Page.objects.all())
