"""Measure what the Traditional variant costs next to the Simplified one.

For the performance benchmark (issue 9)::

    from script_variants.bench import print_variant_ratio
    print_variant_ratio()                      # Django test client, in-process
    print_variant_ratio(base_url="http://127.0.0.1:8000")  # a running server

Each path is fetched warm (once before timing, so page, response and
conversion caches are primed), then ``repeat`` times per variant,
interleaved. Reported: median milliseconds per variant and the ratio
Traditional / Simplified (the target is < 1.10 for cached responses).
"""

import statistics
import time
import urllib.request

DEFAULT_PATHS = {
    "home": ("/", "/zh-hant/", {}),
    "news page": ("/news/2022-quality-month-launch/", "/zh-hant/news/2022-quality-month-launch/", {}),
    "news feed": ("/feeds/news/rss.xml", "/zh-hant/feeds/news/rss.xml", {}),
    "calendar": ("/feeds/activities.ics", "/zh-hant/feeds/activities.ics", {}),
    "api news": ("/api/v1/news/", "/api/v1/news/?variant=zh-hant", {}),
    "api news (Accept-Language)": ("/api/v1/news/", "/api/v1/news/", {"Accept-Language": "zh-Hant"}),
}


def _fetcher(base_url):
    if base_url:

        def fetch(path, headers):
            request = urllib.request.Request(base_url.rstrip("/") + path, headers=headers)
            with urllib.request.urlopen(request) as response:
                response.read()
                return response.status

        return fetch
    from django.test import Client

    client = Client()

    def fetch(path, headers):
        meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        return client.get(path, **meta).status_code

    return fetch


def measure_variant_ratio(paths=None, repeat=50, base_url=None):
    """{name: (simplified_ms, traditional_ms, ratio)} for warm requests."""
    fetch = _fetcher(base_url)
    results = {}
    for name, (s_path, t_path, t_headers) in (paths or DEFAULT_PATHS).items():
        fetch(s_path, {})
        fetch(t_path, t_headers)
        s_times, t_times = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            fetch(s_path, {})
            s_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            fetch(t_path, t_headers)
            t_times.append(time.perf_counter() - start)
        s_ms = statistics.median(s_times) * 1000
        t_ms = statistics.median(t_times) * 1000
        results[name] = (s_ms, t_ms, t_ms / s_ms if s_ms else float("nan"))
    return results


def print_variant_ratio(paths=None, repeat=50, base_url=None, stream=None):
    import sys

    stream = stream or sys.stdout
    results = measure_variant_ratio(paths, repeat, base_url)
    print(f"{'surface':<28} {'简 ms':>8} {'繁 ms':>8} {'繁/简':>7}", file=stream)
    for name, (s_ms, t_ms, ratio) in results.items():
        print(f"{name:<28} {s_ms:8.2f} {t_ms:8.2f} {ratio:7.3f}", file=stream)
    worst = max(ratio for _s, _t, ratio in results.values())
    print(f"worst Traditional/Simplified ratio: {worst:.3f}", file=stream)
    return results
