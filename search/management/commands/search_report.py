"""Compare stock Wagtail search with ours on the judged query set.

Run on a database holding the demo content (``load_initial_data``). Each
backend's index is rebuilt inside a transaction that is rolled back, so the
real index is left as it was.
"""

from django.core.management.base import BaseCommand
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from publishing.visibility import public_pages
from search.evaluation import (
    OUR_BACKEND,
    STOCK_BACKEND,
    evaluate,
    index_size,
    measure_latency,
    rebuild_index,
    rolled_back,
    segmented_text_ratio,
    text_size,
)
from search.judged_queries import JUDGED_QUERIES
from search.query import search_pages


def stock_search(query):
    """What a stock Wagtail site does: the raw query, database backend."""
    try:
        results = list(Page.objects.live().search(query, backend=STOCK_BACKEND)[:50])
    except Exception:
        return []
    visible = set(public_pages().filter(pk__in=[page.pk for page in results]).values_list("pk", flat=True))
    return [page.slug for page in results if page.pk in visible]


def our_search(query):
    return [page.slug for page in search_pages(query)]


class Command(BaseCommand):
    help = "打印搜索质量报告：原版 Wagtail 搜索与中文分词搜索的召回率、索引大小和耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--failures", action="store_true", help="List every failing query.")

    def handle(self, **options):
        if not public_pages().exclude(depth__lte=2).exists():
            self.stderr.write("No public content: run `manage.py load_initial_data` first.")
            return
        text_bytes = text_size()
        self.stdout.write(f"Judged queries: {len(JUDGED_QUERIES)}; indexed text: {text_bytes:,} bytes\n")
        rows = []
        for label, backend_path, search in (
            ("stock Wagtail", STOCK_BACKEND, stock_search),
            ("segmented (ours)", OUR_BACKEND, our_search),
        ):
            with rolled_back():
                rebuild_index(get_search_backend(backend_path))
                size = index_size()
                result = evaluate(search)
                latency = measure_latency(search, [query for query, _kind, _expected in JUDGED_QUERIES])
            rows.append((label, result, size, latency))

        self.stdout.write(
            f"Segmented text is {segmented_text_ratio():.1f}x the source text (unigrams + bigrams). "
            "Index bytes below include fixed table/index overhead, which dominates at demo size."
        )
        for label, result, size, latency in rows:
            ratio = f"{size / text_bytes:.1f}x text" if size and text_bytes else "n/a"
            self.stdout.write(
                f"{label:18} recall@10 {result['recall']:.0%} ({result['found']}/{result['expected']})"
                f"  queries fully right {result['complete']}/{result['queries']}"
                f"  false hits on empty queries {result['false_positives']}"
                f"  index {size or 0:,} bytes ({ratio})"
                f"  p50 {latency['p50']:.1f} ms  p95 {latency['p95']:.1f} ms"
            )
            if options["failures"]:
                for query, kind, problem in result["failures"]:
                    self.stdout.write(f"    [{kind}] {query}: {problem}")
