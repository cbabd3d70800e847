"""``make bench``: our routes side by side with stock Wagtail API v2, Django itself and the ceiling.

Runs inside ``manage.py bench`` with ``cms.settings.bench``: the dataset is
generated (or reused from bench/data/), SQL queries per route are counted
in-process with ``CaptureQueriesContext``, then two gunicorns with 2 sync
workers each (the site, and a bare WSGI app serving our API list bytes from
memory) are loaded on loopback by wrk (or the Python fallback), routes
alternating within each round. Results go to bench/results/<stamp>.json.
"""

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import load
from bench.stock_api import QUERY as STOCK_QUERY

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"
NO_CACHE = {"X-Bench-No-Cache": "1"}
# The search mix (issue 6): the scale dataset's frequent words (质量 and 昆明 are in
# almost every item, 质量月 / 小小质量官 in half the titles), rarer ones, names,
# Traditional script, a single character, Latin letters and digits, several
# words (AND) and a query that finds nothing.
SEARCH_QUERIES = [
    "质量",
    "昆明",
    "质量月",
    "春城质量官",
    "小小质量官",
    "五华区",
    "品牌建设",
    "检验检测",
    "计量",
    "夏嘉伟",
    "叶明",
    "質量強市",
    "质",
    "2022",
    "KMPP2022",
    "0871-65392426",
    "质量 论坛",
    "五华区 计量 2022",
    "连连看",
    "北京烤鸭",
]


def bench_key():
    """A partner key for the keyed routes, with a quota the load generator cannot reach."""
    from partner_api.models import PartnerKey

    PartnerKey.objects.filter(name="bench").delete()
    _obj, key = PartnerKey.objects.create_key(name="bench", rate_per_minute=2_000_000_000)
    return {"Authorization": f"Api-Key {key}"}


def routes(news_id, news_path, keyed=None):
    """(name, server, path, headers, cached?) in the order they are run in each round."""
    api_list = "/api/v1/news/?limit=20"
    keyed = keyed or {}
    return [
        ("API list (ours, uncached)", "site", api_list, NO_CACHE, False),
        ("API list (stock Wagtail v2)", "site", f"/bench/stock/v2/pages/?{STOCK_QUERY}", {}, False),
        ("API list (ours, cached)", "site", api_list, {}, True),
        ("API list (keyed, warm)", "site", api_list, keyed, True),
        ("API list, Traditional (ours, cached)", "site", api_list + "&variant=zh-hant", {}, True),
        ("constant JsonResponse (Django)", "site", "/bench/constant/", {}, False),
        ("same bytes from memory (ceiling)", "ceiling", "/", {}, False),
        ("API detail (ours, uncached)", "site", f"/api/v1/news/{news_id}/", NO_CACHE, False),
        ("API detail (stock Wagtail v2)", "site", f"/bench/stock/v2/pages/{news_id}/", {}, False),
        ("API detail (ours, cached)", "site", f"/api/v1/news/{news_id}/", {}, True),
        ("API detail (keyed, warm)", "site", f"/api/v1/news/{news_id}/", keyed, True),
        ("home HTML (uncached)", "site", "/", NO_CACHE, False),
        ("home HTML (cached)", "site", "/", {}, True),
        ("news HTML (uncached)", "site", news_path, NO_CACHE, False),
        ("news HTML (cached)", "site", news_path, {}, True),
        ("search HTML", "site", "/search/?q=%E8%B4%A8%E9%87%8F%E6%9C%88", {}, False),
        ("changes feed", "site", "/api/v1/changes/?limit=100", {}, False),
    ]


def count_queries(path, headers):
    client = Client()
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    client.get(path, **extra)  # warm: renditions, lazy imports
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    return len(captured), response.status_code, response.content


def search_latency(budget=30, repeat=3):
    """In-process latency of what /search/ asks of search_pages: the first page of
    results and the (capped) count, for each query of the mix, ``repeat`` times."""
    from publishing import content_version
    from search.evaluation import index_size_report
    from search.query import search_pages

    if connection.vendor == "postgresql":
        # The planner needs statistics on the freshly bulk-loaded index (autovacuum
        # gathers them in production; it may be off or not have run yet here).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_indexentry")
    for q in SEARCH_QUERIES[:3]:  # warm: imports, converter tables, page cache
        search_pages(q)[:10]
    timings, per_query = [], {}
    deadline = time.monotonic() + budget
    for _ in range(repeat):
        for q in SEARCH_QUERIES:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            token = content_version.pinned.set(None)
            # As in a request (publishing.response_cache): read and pin the content version first.
            content_version.pinned.set(content_version.current())
            try:
                results = search_pages(q)
                results[:10]
                len(results)
            finally:
                content_version.pinned.reset(token)
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            row = per_query.setdefault(q, {"count": results.display_count(), "mode": results.mode})
            row.setdefault("ms", []).append(round(elapsed, 1))
    timings.sort()
    return {
        "complete": len(timings) == repeat * len(SEARCH_QUERIES),
        "n": len(timings),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
        "max_ms": timings[-1],
        "vendor": connection.vendor,
        "queries": per_query,
        "index": index_size_report(),
    }


def api_search_over_http(port, repeat=5):
    """API search as a partner meets it: ``/api/v1/search/?q=…&limit=10`` over HTTP
    (uncached), one request at a time, each query of the mix ``repeat`` times.
    Latency in ms: p50, p95, max; any non-200 answer counts as an error."""
    timings, errors = [], 0
    paths = [f"/api/v1/search/?q={urllib.parse.quote(q)}&limit=10" for q in SEARCH_QUERIES]
    for path in paths[:3]:  # warm both workers
        for _ in range(2):
            _timed_get(f"http://127.0.0.1:{port}{path}")
    for _ in range(repeat):
        for path in paths:
            elapsed, status = _timed_get(f"http://127.0.0.1:{port}{path}")
            timings.append(elapsed)
            errors += status != 200
    timings.sort()
    return {
        "n": len(timings),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
        "max_ms": timings[-1],
        "errors": errors,
        "vendor": connection.vendor,
    }


def _timed_get(url):
    request = urllib.request.Request(url, headers=NO_CACHE)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def print_api_search(api_search, stdout):
    stdout.write(
        f"{'API search p50 / p95 (' + api_search['vendor'] + ', HTTP)':<42} "
        f"{api_search['p50_ms']:.1f} / {api_search['p95_ms']:.1f} ms over {api_search['n']} requests"
        f"{', ' + str(api_search['errors']) + ' errors' if api_search['errors'] else ''}"
    )


def print_search(search, stdout):
    """The search lines of the table; also used by ``manage.py bench --search-only``."""
    stdout.write(
        f"{'search p50 / p95 (' + search['vendor'] + ', in-process)':<42} "
        f"{search['p50_ms']:.1f} / {search['p95_ms']:.1f} ms over {search['n']} searches"
        f"{'' if search['complete'] else ' (time budget hit)'}"
    )
    index = search.get("index") or {}
    if index.get("index_bytes"):
        stdout.write(
            f"{'search index / indexed text':<42} {index['ratio']:.1f}× "
            f"({index['index_bytes'] / 2**20:.0f} MB index, {index['text_bytes'] / 2**20:.0f} MB text"
            f"{', text estimated from ' + str(index['sampled']) + ' pages' if index.get('sampled') else ''})"
        )


def run_search_only(*, dataset_info, stdout, budget=120, port=8120):
    """``manage.py bench --search-only``: the search figures alone, on whatever
    database DATABASE_URL names (SQLite by default): in-process, then the API over HTTP."""
    search = search_latency(budget, repeat=5)
    stdout.write(f"{'query':<20} {'results':>8} {'mode':>9}  ms (each run)")
    for q, row in search["queries"].items():
        stdout.write(f"{q:<20} {row['count']:>8} {row['mode'] or '-':>9}  {' '.join(f'{ms:.1f}' for ms in row['ms'])}")
    connection.close()
    site = start_gunicorn("cms.wsgi:application", port, {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.bench"})
    try:
        wait_ready(f"http://127.0.0.1:{port}/bench/constant/")
        api_search = api_search_over_http(port)
    finally:
        stop(site)
    print_search(search, stdout)
    print_api_search(api_search, stdout)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "db": connection.vendor},
        "dataset": dataset_info,
        "search": search,
        "api_search": api_search,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"search-{connection.vendor}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    stdout.write(f"结果已写入 {out.relative_to(settings.BASE_DIR)}")
    return report


def start_gunicorn(app, port, env):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        app,
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--log-level=error",
        "--timeout=60",
        "--preload",
    ]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, start_new_session=True)


def wait_ready(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return True
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not start")


def drain(url, timeout=60):
    """Wait until requests queued by the previous run are done (slow routes leave a backlog)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                response.read()
        except OSError:
            continue
        if time.monotonic() - started < 0.2:
            return


def worker_pids(master):
    path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    try:
        return [int(pid) for pid in path.read_text().split()]
    except OSError:
        return []


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def run(*, news, duration, rounds, connections, port, dataset_info, stdout, quick):
    from campaign.models import NewsPage
    from publishing.visibility import public_pages

    latest = public_pages(NewsPage.objects.all()).order_by("-published_at").first()
    news_path = "/" + latest.url_path.split("/", 2)[2]
    plan = routes(latest.pk, news_path, bench_key())

    stdout.write("按路由统计 SQL 查询数（进程内，第二次请求）…")
    queries, bodies = {}, {}
    for name, server, path, headers, _cached in plan:
        if server != "site":
            continue
        # Uncached routes bypass the cache; a cached route's second request is a hit.
        count, status, body = count_queries(path, headers)
        queries[name] = {"queries": count, "status": status}
        bodies[name] = body
    search = search_latency(10 if quick else 40)
    connection.close()

    if search["p95_ms"] > 1000 or not search["complete"]:
        # Multi-second searches would hold both workers long after their own run and
        # starve the routes measured next; the in-process figures above are reported instead.
        plan = [route for route in plan if route[0] != "search HTML"]
        stdout.write(f"搜索太慢（p95 {search['p95_ms']:.0f} ms），不做负载测试。")

    ceiling_file = Path(tempfile.mkdtemp(prefix="zlkm-bench-")) / "body.json"
    ceiling_file.write_bytes(bodies["API list (ours, cached)"])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.bench", "BENCH_CEILING_FILE": str(ceiling_file)}
    site = start_gunicorn("cms.wsgi:application", port, env)
    ceiling = start_gunicorn("bench.ceiling:application", port + 1, env)
    results = {name: [] for name, *_ in plan}
    summary_skipped = {
        "search HTML": {
            "rps": None,
            "p50_ms": search["p50_ms"],
            "p99_ms": None,
            "errors": 0,
            "queries": queries.get("search HTML", {}).get("queries"),
            "tool": "in-process",
        }
    }
    try:
        wait_ready(f"http://127.0.0.1:{port}/bench/constant/")
        wait_ready(f"http://127.0.0.1:{port + 1}/")
        stdout.write("预热…")
        for name, server, path, headers, _cached in plan:
            base = port if server == "site" else port + 1
            for _ in range(4):  # both workers: lazy imports, renditions, the cache entry
                request = urllib.request.Request(f"http://127.0.0.1:{base}{path}", headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                except OSError as error:
                    stdout.write(f"  预热 {name} 失败：{error}")
            load.run(f"http://127.0.0.1:{base}{path}", 1, 4, headers)
        for round_no in range(rounds):
            for name, server, path, headers, _cached in plan:
                base = port if server == "site" else port + 1
                result = load.run(f"http://127.0.0.1:{base}{path}", duration, connections, headers)
                results[name].append(result)
                drain(f"http://127.0.0.1:{port}/bench/constant/")
                stdout.write(
                    f"  第{round_no + 1}轮 {name:<40} {result['rps']:>9.1f} req/s  "
                    f"p50 {result['p50_ms'] or 0:.2f} ms  p99 {result['p99_ms'] or 0:.2f} ms"
                )
        api_search = api_search_over_http(port)
        rss = {
            "site": [peak_rss_mb(pid) for pid in worker_pids(site)],
            "ceiling": [peak_rss_mb(pid) for pid in worker_pids(ceiling)],
        }
    finally:
        stop(site)
        stop(ceiling)

    from bench import storm

    publish_storm = storm.run(port=port + 2, quick=quick, connections=connections, stdout=stdout)

    summary = {}
    for name, runs in results.items():
        best = max(runs, key=lambda r: r["rps"])
        summary[name] = {
            "rps": round(statistics.median(r["rps"] for r in runs), 1),
            "p50_ms": best["p50_ms"],
            "p99_ms": max((r["p99_ms"] or 0) for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "queries": queries.get(name, {}).get("queries"),
            "tool": best["tool"],
        }
    for name, value in summary_skipped.items():
        summary.setdefault(name, value)
    rps = {name: value["rps"] for name, value in summary.items()}
    django_ceiling = rps["constant JsonResponse (Django)"]
    memory_ceiling = rps["same bytes from memory (ceiling)"]
    ratios = {
        "api_list_uncached_vs_stock": ratio(rps["API list (ours, uncached)"], rps["API list (stock Wagtail v2)"]),
        "api_detail_uncached_vs_stock": ratio(rps["API detail (ours, uncached)"], rps["API detail (stock Wagtail v2)"]),
        "api_list_cached_vs_django": ratio(rps["API list (ours, cached)"], django_ceiling),
        "api_list_cached_vs_ceiling": ratio(rps["API list (ours, cached)"], memory_ceiling),
        "news_html_cached_vs_django": ratio(rps["news HTML (cached)"], django_ceiling),
        "news_html_cached_vs_ceiling": ratio(rps["news HTML (cached)"], memory_ceiling),
        "traditional_vs_simplified_cached": ratio(
            rps["API list, Traditional (ours, cached)"], rps["API list (ours, cached)"]
        ),
        "api_list_keyed_vs_cached": ratio(rps["API list (keyed, warm)"], rps["API list (ours, cached)"]),
        "api_detail_keyed_vs_cached": ratio(rps["API detail (keyed, warm)"], rps["API detail (ours, cached)"]),
    }
    rss_site = [value for value in rss["site"] if value]
    goals = goal_rows(summary, ratios, memory_ceiling, max(rss_site) if rss_site else None, news)
    report = {
        "goals": goals,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "quick": quick,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "db": connection.vendor},
        "settings": {"duration_s": duration, "rounds": rounds, "connections": connections, "workers": 2},
        "dataset": dataset_info,
        "routes": summary,
        "ratios": ratios,
        "peak_rss_mb": rss,
        "search": search,
        "api_search": api_search,
        "publish_storm": publish_storm,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"bench-{'quick-' if quick else ''}{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_table(report, stdout)
    stdout.write(f"结果已写入 {out.relative_to(settings.BASE_DIR)}")
    return report


def goal_rows(summary, ratios, memory_ceiling, rss_mb, news):
    """Issue 21's goals, each as (measure, figure, goal, met?) from this one run."""

    def rps(name):
        return (summary.get(name) or {}).get("rps")

    def at_least(value, goal):
        return None if value is None else value >= goal

    large = news >= 100_000
    list_goal = 40 if large else 15
    rows = [
        ("uncached API list vs stock v2", ratios["api_list_uncached_vs_stock"], f">= {list_goal}x", list_goal),
        ("uncached API detail vs stock v2", ratios["api_detail_uncached_vs_stock"], ">= 4x", 4),
        ("keyed API list warm vs anonymous cached", ratios["api_list_keyed_vs_cached"], ">= 0.8", 0.8),
        ("keyed API detail warm vs anonymous cached", ratios["api_detail_keyed_vs_cached"], ">= 0.8", 0.8),
        ("uncached home req/s", rps("home HTML (uncached)"), ">= 200", 200),
        ("uncached news page req/s", rps("news HTML (uncached)"), ">= 400", 400),
        (f"search page req/s ({news} items)", rps("search HTML"), ">= 600 (at 100k)", 600),
    ]
    for name in ("API list (ours, cached)", "API detail (ours, cached)", "home HTML (cached)", "news HTML (cached)"):
        rows.append((f"{name} vs in-memory ceiling", ratio(rps(name), memory_ceiling), ">= 0.6", 0.6))
    goals = [
        {"measure": measure, "figure": figure, "goal": text, "met": at_least(figure, bound)}
        for measure, figure, text, bound in rows
    ]
    worst = max(
        ((row.get("p99_ms") or 0, name) for name, row in summary.items() if name != "same bytes from memory (ceiling)"),
        default=(None, None),
    )
    goals.append(
        {
            "measure": f"worst p99 latency ms ({worst[1]})",
            "figure": worst[0],
            "goal": "< 50",
            "met": None if worst[0] is None else worst[0] < 50,
        }
    )
    goals.append(
        {
            "measure": "peak RSS per site worker MB",
            "figure": rss_mb,
            "goal": "< 150",
            "met": None if rss_mb is None else rss_mb < 150,
        }
    )
    return goals


def print_goals(goals, stdout):
    stdout.write("")
    stdout.write(f"{'goal (issue 21)':<52} {'figure':>10} {'goal':>18} {'met':>5}")
    for row in goals:
        figure = row["figure"]
        shown = "-" if figure is None else (f"{figure:.3g}" if isinstance(figure, float) else str(figure))
        met = {True: "yes", False: "NO", None: "-"}[row["met"]]
        stdout.write(f"{row['measure']:<52} {shown:>10} {row['goal']:>18} {met:>5}")


def print_table(report, stdout):
    stdout.write("")
    stdout.write(f"{'route':<42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'SQL/req':>8} {'err':>5}")
    for name, row in report["routes"].items():
        queries = "-" if row["queries"] is None else str(row["queries"])
        stdout.write(
            f"{name:<42} {row['rps'] or 0:>9.1f} {row['p50_ms'] or 0:>8.2f} {row['p99_ms'] or 0:>8.2f} "
            f"{queries:>8} {row['errors']:>5}"
        )
    stdout.write("")
    for name, value in report["ratios"].items():
        stdout.write(f"{name:<42} {value}")
    rss = report["peak_rss_mb"]["site"]
    stdout.write(f"{'peak RSS per site worker (MB)':<42} {', '.join(f'{v:.0f}' for v in rss if v)}")
    print_search(report["search"], stdout)
    print_api_search(report["api_search"], stdout)
    if report.get("publish_storm"):
        from bench import storm

        storm.print_table(report["publish_storm"], stdout)
    dataset = report["dataset"]
    stdout.write(
        f"{'dataset':<42} {dataset.get('news')} news; generation {dataset.get('news_per_second', 0):.0f} news/s, "
        f"index {dataset.get('index_per_second', 0):.0f} items/s ({'cached' if dataset.get('cached') else 'fresh'})"
    )
    if report.get("goals"):
        print_goals(report["goals"], stdout)
