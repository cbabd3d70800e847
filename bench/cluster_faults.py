"""make cluster-test: a soak of readers and editors on the running cluster while faults are injected.

Runs inside the cluster's environment (``deploy/cluster/cluster exec``): editors write through the
ORM to the cluster's PostgreSQL primary, readers read through Varnish, a webhook receiver on this
machine counts deliveries. Faults, one after the other, each followed by a quiet period:

1. kill -9 of app node 1's gunicorn (started again after FAULT_SECONDS);
2. kill -9 of worker 1's worker process (its supervisor starts a new one);
3. restart of the cluster's own Redis;
4. restart of the cluster's own PostgreSQL primary (port PG_PRIMARY_PORT, created by make cluster;
   the machine's shared PostgreSQL is never touched).

Then it prints the table: lost writes, double publishes, duplicate successful deliveries,
scheduled items late by more than one interval, and reader errors during and after each fault.
"""

import collections
import datetime
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import PageLogEntry  # noqa: E402

from campaign.models import NewsIndexPage, NewsPage  # noqa: E402
from partner_api.models import PartnerKey  # noqa: E402
from partner_sync.models import WebhookEndpoint  # noqa: E402

CLUSTER = [str(ROOT / "deploy" / "cluster" / "cluster")]
VARNISH = "http://" + os.environ.get("VARNISH_LISTEN", "127.0.0.1:18280")
RECEIVER_PORT = int(os.environ.get("CLUSTER_RECEIVER_PORT", "18290"))
INTERVAL = float(settings.SCHEDULER_INTERVAL)
FAULT_SECONDS = 8
QUIET_SECONDS = 12
READERS = 6
EDITORS = 2


class Receiver:
    """Partner webhook receiver: counts each webhook-id it answered with 200."""

    def __init__(self):
        self.ok = collections.Counter()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.ok[self.headers.get("webhook-id")] += 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Soak:
    def __init__(self):
        self.stop = threading.Event()
        self.reads = []  # (time, ok)
        self.why = collections.Counter()
        self.acknowledged = []  # page ids whose publish committed
        self.scheduled = []  # (page id, due)
        self.lock = threading.Lock()
        self.faults = []  # (name, start, end)

    # readers ------------------------------------------------------------------
    def reader(self, urls):
        while not self.stop.is_set():
            url = random.choice(urls)
            if not url.startswith("/api/") and random.random() < 0.3:  # some misses: faults behind the cache show
                url += ("&" if "?" in url else "?") + f"r={random.random()}"
            ok, why = False, ""
            try:
                with urllib.request.urlopen(VARNISH + url, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except urllib.error.HTTPError as error:
                why = str(error.code)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                # (HTTPException: a body cut short, e.g. a node killed while it was sending it)
                why = type(error).__name__
            with self.lock:
                self.reads.append((time.monotonic(), ok))
                if why:
                    self.why[why] += 1
            time.sleep(0.02)

    # editors ------------------------------------------------------------------
    def retrying(self, work):
        while not self.stop.is_set():
            try:
                return work()
            except Exception:  # the primary restarting: a new connection and again
                connection.close()
                time.sleep(0.5)
        return None

    def editor(self, number, index_id):
        n = 0
        while not self.stop.is_set():
            n += 1
            slug = f"soak-{os.getpid()}-{number}-{n}"
            scheduled = n % 4 == 0

            def publish(slug=slug, n=n, scheduled=scheduled):
                index = NewsIndexPage.objects.get(pk=index_id)
                existing = NewsPage.objects.filter(slug=slug).first()  # a retry after a lost answer
                page = existing or index.add_child(
                    instance=NewsPage(
                        title=f"压力测试 {number}-{n}",
                        slug=slug,
                        source="昆明信息港",
                        lead="导语。",
                        published_at=timezone.now(),
                        live=False,
                    )
                )
                due = None
                if scheduled:
                    due = timezone.now() + datetime.timedelta(seconds=INTERVAL)
                    page.go_live_at = due
                page.save_revision().publish()
                return page.pk, due

            result = self.retrying(publish)
            if result is None:
                break
            with self.lock:
                if scheduled:
                    self.scheduled.append(result)
                else:
                    self.acknowledged.append(result[0])
            time.sleep(0.3)
        connection.close()

    # faults ------------------------------------------------------------------
    def fault(self, name, inject, recover=None):
        start = time.monotonic()
        inject()
        if recover:
            time.sleep(FAULT_SECONDS)
            recover()
        end = time.monotonic()
        self.faults.append((name, start, end))
        print(f"  {name}: {end - start:.1f} s", flush=True)
        time.sleep(QUIET_SECONDS)


def cluster(*args):
    subprocess.run(CLUSTER + list(args), check=True, stdout=subprocess.DEVNULL)


def warm_up(urls, rounds=3):
    """Render every soak URL on every node (each of its workers) before the soak: a cold node
    answering its first renders while it carries the whole load is what the node kill measures
    otherwise, not the failover."""
    started = time.monotonic()
    nodes = os.environ.get("APP_NODES", "").split()
    for node in nodes:
        for _ in range(rounds * int(os.environ.get("APP_WORKERS_PER_NODE", "2"))):
            for url in urls:
                try:
                    with urllib.request.urlopen(f"http://{node}{url}", timeout=30) as response:
                        response.read()
                except (urllib.error.URLError, OSError):
                    pass
    print(f"warm-up: {len(urls)} URLs on {len(nodes)} nodes in {time.monotonic() - started:.1f} s", flush=True)


def main():
    receiver = Receiver()
    key, _plain = PartnerKey.objects.create_key(name=f"压力测试 {os.getpid()}")
    endpoint = WebhookEndpoint.objects.create(partner_key=key, url=f"http://127.0.0.1:{RECEIVER_PORT}/hook")
    index = NewsIndexPage.objects.live().first()
    news = NewsPage.objects.live().first()
    urls = ["/", index.url, news.url if news else "/", "/api/v1/news/", "/feeds/news/rss.xml"]
    warm_up(urls)
    soak = Soak()
    threads = [threading.Thread(target=soak.reader, args=(urls,), daemon=True) for _ in range(READERS)]
    threads += [threading.Thread(target=soak.editor, args=(i, index.pk), daemon=True) for i in range(EDITORS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    print(f"soak: {READERS} readers through Varnish, {EDITORS} editors; warming up {QUIET_SECONDS} s", flush=True)
    time.sleep(QUIET_SECONDS)
    soak.fault("kill app node 1", lambda: cluster("stop-node", "1", "KILL"), lambda: cluster("start-node", "1"))
    soak.fault("kill worker 1", lambda: cluster("kill-worker", "1"))
    soak.fault("restart Redis", lambda: cluster("restart-redis"))
    soak.fault("restart PostgreSQL primary", lambda: cluster("restart-primary", "immediate"))
    soak.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    print("draining: scheduled items and deliveries", flush=True)
    deadline = time.monotonic() + max(60, 6 * INTERVAL)
    while time.monotonic() < deadline:
        due_ids = [pk for pk, _ in soak.scheduled]
        live = NewsPage.objects.filter(pk__in=due_ids, live=True).count()
        pending = endpoint.deliveries.filter(status="pending").count()
        if live == len(due_ids) and not pending:
            break
        time.sleep(1)

    # The table ---------------------------------------------------------------
    live_ids = set(NewsPage.objects.filter(pk__in=soak.acknowledged, live=True).values_list("pk", flat=True))
    lost = len(set(soak.acknowledged) - live_ids)
    scheduled_ids = [pk for pk, _ in soak.scheduled]
    publishes = collections.Counter(
        PageLogEntry.objects.filter(
            page_id__in=scheduled_ids + soak.acknowledged, action__in=["wagtail.publish", "wagtail.publish.scheduled"]
        ).values_list("page_id", flat=True)
    )
    double = sum(1 for count in publishes.values() if count > 1)
    never = sum(1 for pk in scheduled_ids if publishes[pk] == 0)
    late = 0
    lateness = []
    for pk, due in soak.scheduled:
        published = NewsPage.objects.filter(pk=pk).values_list("last_published_at", flat=True).first()
        if published is None:
            late += 1
            continue
        # Due during a fault: counted from the end of that fault (recovery).
        allowed_from = due
        for _name, s, e in soak.faults:
            s_at = timezone.now() - datetime.timedelta(seconds=time.monotonic() - s)
            e_at = timezone.now() - datetime.timedelta(seconds=time.monotonic() - e)
            if s_at <= due <= e_at:
                allowed_from = e_at
        delay = (published - allowed_from).total_seconds()
        lateness.append((published - due).total_seconds())
        if delay > INTERVAL + 2:  # the next tick comes within one interval (2 s for the tick itself)
            late += 1
    duplicates = sum(1 for count in receiver.ok.values() if count > 1)

    def errors(start, end):
        window = [ok for t, ok in soak.reads if start <= t < end]
        failed = sum(1 for ok in window if not ok)
        return failed, len(window)

    print()
    print(f"soak {time.monotonic() - started:.0f} s; scheduler interval {INTERVAL:g} s")
    print(f"{'':34} {'value':>8}")
    print(f"{'writes acknowledged':34} {len(soak.acknowledged):>8}")
    print(f"{'lost writes':34} {lost:>8}")
    print(f"{'scheduled items':34} {len(scheduled_ids):>8}")
    print(f"{'double publishes':34} {double:>8}")
    print(f"{'scheduled never published':34} {never:>8}")
    print(f"{'scheduled late > 1 interval':34} {late:>8}")
    if lateness:
        print(f"{'  (max delay after due, s)':34} {max(lateness):>8.1f}")
    print(f"{'webhook deliveries received':34} {sum(receiver.ok.values()):>8}")
    print(f"{'duplicate successful deliveries':34} {duplicates:>8}")
    print()
    print(f"{'fault':30} {'errors during':>16} {'errors after (12 s)':>20}")
    for name, s, e in soak.faults:
        during = errors(s, e + 2)
        after = errors(e + 2, e + 2 + QUIET_SECONDS - 2)
        pct = 100 * during[0] / during[1] if during[1] else 0
        print(f"{name:30} {during[0]:>5}/{during[1]:<5} {pct:4.1f}% {after[0]:>8}/{after[1]:<6}")
    print(f"reader errors by kind: {dict(soak.why)}")
    summary = {
        "lost_writes": lost,
        "double_publishes": double,
        "duplicate_deliveries": duplicates,
        "late_scheduled": late,
        "reader_errors": {
            name: {"during": errors(s, e + 2), "after": errors(e + 2, e + QUIET_SECONDS)} for name, s, e in soak.faults
        },
    }
    (Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster")) / "cluster-test.json").write_text(
        json.dumps(summary, indent=2)
    )
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])
    ok = lost == 0 and double == 0 and duplicates == 0 and late == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
