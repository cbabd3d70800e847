"""The publish-storm table of ``make bench``: invalidation by dependency against the global version.

Readers hit about 50 cached routes (home, the news list, news pages, API list
and details, the news feed) over 16 keep-alive connections while an editor
publishes the newest news item every few seconds (5 s; 3 s in quick mode).
The same storm runs twice on a fresh gunicorn (2 sync workers, the configured
cache: per-process local memory, or Redis with REDIS_URL):

* **global version** (baseline): ``RESPONSE_CACHE_GLOBAL_INVALIDATION`` makes
  every response depend on the key every change stamps, as before #13;
* **by dependency**: each response depends on the keys it read.

Reported per mode: the hit ratio on the routes the publish does not touch
(goal >= 99 %), renders per invalidated route per publish (goal 1; with the
local-memory cache each worker process renders its own copy, so 2 workers
give 2), STALE answers (the previous copy served during a render), and p50 /
p99 latency (goal p99 < 50 ms). Counted from ``X-Cache`` on every response:
MISS is one render, HIT and STALE are served from the cache.
"""

import http.client
import os
import statistics
import threading
import time

from bench import harness

TOUCHED = "touched"
UNTOUCHED = "untouched"


def storm_routes(limit=21):
    """[(path, kind)]: what one publish of the newest news item must re-render, and ~42 pages it must not."""
    from campaign.models import NewsIndexPage, NewsPage
    from publishing.visibility import public_pages

    news = list(public_pages(NewsPage.objects.all()).order_by("-published_at", "-pk")[: limit + 1])
    target, others = news[0], news[1:]
    index = public_pages(NewsIndexPage.objects.all()).first()

    def path(page):
        return "/" + page.url_path.split("/", 2)[2]

    routes = [
        ("/", TOUCHED),
        (path(index), TOUCHED),
        (path(index) + "?page=2", TOUCHED),
        ("/api/v1/news/?limit=20", TOUCHED),
        ("/feeds/news/rss.xml", TOUCHED),
        (path(target), TOUCHED),
        (f"/api/v1/news/{target.pk}/", TOUCHED),
    ]
    for page in others:
        routes += [(path(page), UNTOUCHED), (f"/api/v1/news/{page.pk}/", UNTOUCHED)]
    return target, routes


def publisher(target_id, interval, stop, published):
    """Publish a new revision of the target every ``interval`` seconds until ``stop`` is set."""
    from django.db import connection

    from campaign.models import NewsPage

    number = 0
    try:
        while not stop.wait(interval):
            number += 1
            page = NewsPage.objects.get(pk=target_id)
            page.title = f"{page.title.split(' · ')[0]} · 第{number}次更新"
            page.save_revision().publish()
            published.append(time.monotonic())
    finally:
        connection.close()


def readers(port, routes, duration, connections):
    """Each connection walks the routes (from its own offset); returns [(route index, X-Cache, ms, status)]."""
    deadline = time.monotonic() + duration
    records, lock = [], threading.Lock()

    def worker(offset):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, index = [], offset
        while time.monotonic() < deadline:
            route = index % len(routes)
            index += 1
            started = time.perf_counter()
            try:
                conn.request("GET", routes[route][0])
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                mine.append((route, "ERROR", None, 0))
                continue
            elapsed = (time.perf_counter() - started) * 1000
            mine.append((route, response.getheader("X-Cache") or "-", elapsed, response.status))
        conn.close()
        with lock:
            records.extend(mine)

    step = max(1, len(routes) // connections)
    threads = [threading.Thread(target=worker, args=(n * step,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 30)
    return records


def warm(port, routes, times=6):
    """Every route into both workers' caches: a few requests each, on two connections, until they hit."""
    for path, _kind in routes:
        for _ in range(times):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                pass
            finally:
                conn.close()


def summarise(records, routes, publishes, baseline):
    kinds = [kind for _path, kind in routes]
    untouched = [r for r in records if kinds[r[0]] == UNTOUCHED]
    served = [r for r in untouched if r[1] in ("HIT", "STALE")]
    # In the baseline every route is invalidated by every publish.
    invalidated = {i for i, kind in enumerate(kinds) if baseline or kind == TOUCHED}
    renders = sum(1 for r in records if r[0] in invalidated and r[1] == "MISS")
    latencies = sorted(r[2] for r in records if r[2] is not None)

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2) if latencies else None

    return {
        "requests": len(records),
        "publishes": publishes,
        "hit_ratio_untouched": round(len(served) / len(untouched), 4) if untouched else None,
        "renders_per_invalidated_route_per_publish": (
            round(renders / (len(invalidated) * publishes), 2) if publishes and invalidated else None
        ),
        "stale_answers": sum(1 for r in records if r[1] == "STALE"),
        "errors": sum(1 for r in records if r[1] == "ERROR" or r[3] >= 400),
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p99_ms": pct(0.99),
        "rps": round(len(records) / max(1e-9, STORM_WINDOW[0]), 1),
    }


STORM_WINDOW = [1.0]


def run_mode(*, baseline, port, routes, target_id, duration, interval, connections):
    from django.db import connection

    connection.close()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "BENCH_GLOBAL_INVALIDATION": "1" if baseline else "0",
        # A fresh namespace in a shared Redis: no entry from the other mode.
        "CACHE_KEY_PREFIX": f"storm-{'global' if baseline else 'deps'}-{time.time():.0f}",
    }
    site = harness.start_gunicorn("cms.wsgi:application", port, env)
    try:
        harness.wait_ready(f"http://127.0.0.1:{port}/bench/constant/")
        warm(port, routes)
        stop, published = threading.Event(), []
        editor = threading.Thread(target=publisher, args=(target_id, interval, stop, published), daemon=True)
        editor.start()
        STORM_WINDOW[0] = duration
        records = readers(port, routes, duration, connections)
        stop.set()
        editor.join(30)
    finally:
        harness.stop(site)
    return summarise(records, routes, len(published), baseline)


def run(*, port, quick, connections=16, stdout):
    """Both modes, side by side; returns the report section."""
    from django.conf import settings

    target, routes = storm_routes()
    duration = 16 if quick else 60
    interval = 3 if quick else 5
    stdout.write(
        f"发布风暴：{len(routes)} 条缓存路由，{connections} 个连接，每 {interval} 秒发布一条新闻，{duration} 秒…"
    )
    report = {
        "routes": len(routes),
        "touched_routes": sum(1 for _path, kind in routes if kind == TOUCHED),
        "interval_s": interval,
        "duration_s": duration,
        "connections": connections,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "workers": 2,
    }
    for name, baseline in (("global version (baseline)", True), ("by dependency", False)):
        report[name] = run_mode(
            baseline=baseline,
            port=port,
            routes=routes,
            target_id=target.pk,
            duration=duration,
            interval=interval,
            connections=connections,
        )
    print_table(report, stdout)
    return report


def print_table(report, stdout):
    modes = ("global version (baseline)", "by dependency")
    stdout.write("")
    stdout.write(
        f"publish storm: {report['routes']} routes ({report['touched_routes']} touched by each publish), "
        f"{report['connections']} connections, a publish every {report['interval_s']} s, "
        f"{report['cache']} × {report['workers']} workers"
    )
    stdout.write(f"{'':<44} {modes[0]:>26} {modes[1]:>16}")
    rows = [
        ("hit ratio, untouched routes (goal ≥ 0.99)", "hit_ratio_untouched"),
        ("renders / invalidated route / publish (goal 1)", "renders_per_invalidated_route_per_publish"),
        ("stale answers during renders", "stale_answers"),
        ("p50 ms", "p50_ms"),
        ("p99 ms (goal < 50)", "p99_ms"),
        ("req/s", "rps"),
        ("publishes", "publishes"),
        ("errors", "errors"),
    ]
    for label, key in rows:
        values = [report[mode].get(key) for mode in modes]
        stdout.write(f"{label:<44} {str(values[0]):>26} {str(values[1]):>16}")
