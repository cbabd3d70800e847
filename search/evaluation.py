"""Measuring search: recall on the judged queries, latency and index size.

Shared by ``manage.py search_report`` and, later, the benchmark. Nothing
here asserts a speed: timings are printed, never tested.
"""

import statistics
import time
from contextlib import contextmanager

from django.db import connection, transaction
from wagtail.models import Page

from search.judged_queries import JUDGED_QUERIES, STRICT_TOP3_KINDS
from search.results import page_text

STOCK_BACKEND = "wagtail.search.backends.database"
OUR_BACKEND = "search.backends"
TOP_N = 10


def evaluate(search, queries=JUDGED_QUERIES, top_n=TOP_N):
    """Run ``search(q) -> list of slugs`` over the judged queries.

    Returns a dict with overall recall (expected pages found in the top
    ``top_n`` / all expected pages), the number of queries that found all
    their expected pages, false positives on should-find-nothing queries,
    and per-query failures.
    """
    found = expected_total = complete = false_positives = 0
    failures = []
    for query, kind, expected in queries:
        slugs = search(query)
        top = slugs[:top_n]
        hits = [slug for slug in expected if slug in top]
        found += len(hits)
        expected_total += len(expected)
        problems = []
        if len(hits) < len(expected):
            problems.append(f"missing {sorted(set(expected) - set(hits))}")
        if not expected and slugs:
            false_positives += 1
            problems.append(f"expected nothing, got {slugs[:3]}")
        if kind in STRICT_TOP3_KINDS:
            unexpected = [slug for slug in slugs[:3] if slug not in expected]
            if unexpected:
                problems.append(f"unexpected in top 3: {unexpected}")
        if problems:
            failures.append((query, kind, "; ".join(problems)))
        else:
            complete += 1
    return {
        "queries": len(queries),
        "recall": found / expected_total if expected_total else 1.0,
        "found": found,
        "expected": expected_total,
        "complete": complete,
        "false_positives": false_positives,
        "failures": failures,
    }


def measure_latency(search, queries, repeat=3):
    """Wall-clock latency of ``search(q)`` in milliseconds: p50, p95, max."""
    timings = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            search(query)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    if not timings:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "max": 0.0}
    p95_index = max(0, int(round(0.95 * len(timings))) - 1)
    return {
        "n": len(timings),
        "p50": statistics.median(timings),
        "p95": timings[p95_index],
        "max": timings[-1],
    }


def text_size():
    """UTF-8 bytes of the indexed text of all live pages (title + fields)."""
    total = 0
    for page in Page.objects.live().specific().exclude(depth=1).iterator():
        total += len((page.title + " " + page_text(page)).encode())
    return total


def index_size_report(sample=2000):
    """Index bytes relative to the indexed text (UTF-8 title and fields).

    Above ``sample`` live pages the text is measured on an evenly spaced
    sample of that many pages and scaled up (reading 100,000 pages' fields
    takes minutes); ``sampled`` says so.
    """
    pages = Page.objects.live().exclude(depth=1)
    total = pages.count()
    index_bytes = index_size()
    if not total or not index_bytes:
        return {"index_bytes": index_bytes, "text_bytes": 0, "ratio": None, "pages": total, "sampled": None}
    if total > sample:
        ids = list(pages.order_by("pk").values_list("pk", flat=True))
        chosen = ids[:: total // sample][:sample]
        measured = Page.objects.filter(pk__in=chosen).specific()
        text_bytes = sum(len((p.title + " " + page_text(p)).encode()) for p in measured) * total / len(chosen)
        sampled = len(chosen)
    else:
        text_bytes, sampled = text_size(), None
    return {
        "index_bytes": index_bytes,
        "text_bytes": int(text_bytes),
        "ratio": index_bytes / text_bytes if text_bytes else None,
        "pages": total,
        "sampled": sampled,
    }


def segmented_text_ratio():
    """Bytes of segmented index text per byte of source text (live pages)."""
    from search.segment import segment_for_index

    source = segmented = 0
    for page in Page.objects.live().specific().exclude(depth=1).iterator():
        text = page.title + " " + page_text(page)
        source += len(text.encode())
        segmented += len(segment_for_index(text).encode())
    return segmented / source if source else 0.0


def index_size():
    """Bytes the search index occupies in the database, or None if unknown."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_indexentry')")
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_indexentry%'")
                return cursor.fetchone()[0]
            except Exception:
                cursor.execute(
                    "SELECT SUM(LENGTH(CAST(title AS BLOB)) + LENGTH(CAST(body AS BLOB))"
                    " + LENGTH(CAST(autocomplete AS BLOB))) FROM search_indexentry_fts"
                )
                return cursor.fetchone()[0]
    return None


def rebuild_index(backend):
    """Rebuild ``backend``'s index for every indexed model, quietly."""
    from modelsearch.index import get_indexed_models
    from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index

    for index, models in group_models_by_index(backend, get_indexed_models()).items():
        index.reset()
        rebuilder = backend.rebuilder_class(index)
        index = rebuilder.start()
        for model in models:
            index.add_model(model)
            objects = list(model.get_indexed_objects().order_by("pk"))
            if objects:
                index.add_items(model, objects)
        rebuilder.finish()


@contextmanager
def rolled_back():
    """Run a block in a transaction that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
