"""``make profile ROUTE=/path/``: where one route's time goes, kept under bench/profiles/.

Serves the route in-process on the bench dataset (``cms.settings.bench``;
``make bench-quick`` builds it) ``--requests`` times, uncached unless
``--cached``, with any ``--header 'Name: value'``. Writes, under
bench/profiles/:

* ``<route>-<stamp>.svg``: a py-spy flame graph (when py-spy may trace here);
* ``<route>-<stamp>.prof``: cProfile statistics (``python -m pstats`` or snakeviz);
* ``<route>-<stamp>.txt``: the 40 most expensive calls by cumulative time.
"""

import cProfile
import io
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

PROFILES_DIR = Path(settings.BASE_DIR) / "bench" / "profiles"
NO_CACHE = "X-Bench-No-Cache"


def header_kwargs(headers, cached):
    extra = {} if cached else {"HTTP_X_BENCH_NO_CACHE": "1"}
    for header in headers:
        name, _, value = header.partition(":")
        extra[f"HTTP_{name.strip().upper().replace('-', '_')}"] = value.strip()
    return extra


class Command(BaseCommand):
    help = "剖析一条路由的耗时（火焰图和 cProfile），写入 bench/profiles/（使用 cms.settings.bench）。"

    def add_arguments(self, parser):
        parser.add_argument("route")
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--cached", action="store_true", help="经过整页缓存（默认绕过）")
        parser.add_argument("--header", action="append", default=[], help="'Name: value'，可重复")
        parser.add_argument("--serve-only", action="store_true", help="只发请求（供 py-spy 采样）")

    def serve(self, route, extra, count):
        client = Client()
        first = client.get(route, **extra)  # warm: lazy imports, renditions
        if first.status_code >= 400:
            raise CommandError(f"{route} 返回 {first.status_code}")
        for _ in range(count):
            client.get(route, **extra)

    def handle(self, *args, route, requests, cached, header, serve_only, **opts):
        if settings.SETTINGS_MODULE != "cms.settings.bench":
            raise CommandError("请用 DJANGO_SETTINGS_MODULE=cms.settings.bench 运行（make profile）。")
        extra = header_kwargs(header, cached)
        if serve_only:
            self.serve(route, extra, requests)
            return
        PROFILES_DIR.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", route).strip("-") or "root"
        stem = PROFILES_DIR / f"{slug}{'-cached' if cached else ''}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"

        self.serve(route, extra, 2)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        self.serve(route, extra, requests)
        profiler.disable()
        per_request = (time.perf_counter() - started) / (requests + 1) * 1000
        profiler.dump_stats(f"{stem}.prof")
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(40)
        Path(f"{stem}.txt").write_text(f"{route}: {per_request:.2f} ms per request under cProfile\n\n{text.getvalue()}")
        self.stdout.write(f"cProfile：{stem}.prof，摘要 {stem}.txt（每请求 {per_request:.2f} ms，含剖析开销）")

        py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        if not Path(py_spy).exists():
            self.stdout.write("没有 py-spy：只写 cProfile 结果。")
            return
        command = [
            py_spy,
            "record",
            "--rate",
            "250",
            "--format",
            "flamegraph",
            "--output",
            f"{stem}.svg",
            "--",
            sys.executable,
            sys.argv[0],
            "profile_route",
            route,
            "--serve-only",
            "--requests",
            str(requests),
        ]
        if cached:
            command.append("--cached")
        for value in header:
            command += ["--header", value]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        # py-spy may report "No child process" after the child exits; the graph is written all the same.
        if Path(f"{stem}.svg").exists():
            self.stdout.write(f"火焰图：{stem}.svg")
        else:
            self.stdout.write(f"py-spy 无法采样（{result.stderr.strip()[-200:]}）：只写 cProfile 结果。")
