"""Load while publishing: readers on loopback while an editor publishes, edits and unpublishes.

Run by ``make reliability`` (bench/reliability.py); alone::

    .venv/bin/python bench/reliability_soak.py --seconds 20 --readers 50 --operations 200

A fresh SQLite instance with the demo content is served by gunicorn on
127.0.0.1 (port ``RELIABILITY_PORT``, default 8110). ``--readers`` threads
fetch API and HTML pages for ``--seconds`` while this process, through the
ORM on the same database, runs ``--operations`` publish/edit/unpublish steps
on one news item, spread over the run. Counted: responses >= 500, transport
errors, ``database is locked`` anywhere, lost writes (a revision missing or
the final state wrong) and stale reads (a reader shown a state older than
the newest change committed more than 1 s before its request began).

Stale reads are judged after the run, against the writer's complete
timeline. Judged as each response arrives, a reader that sees a change the
writer has committed but not yet noted (its thread waits for the GIL behind
50 readers) would be counted stale for being too new.
"""

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STALE_AFTER = 1.0
NOTED_WITHIN = 2.0  # the writer notes a commit within this long (GIL waits behind the readers)
MARKER = re.compile(r"压测第(\d+)次")


def instance_env(directory, port):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="0",
        SQLITE_PATH=str(Path(directory) / "db.sqlite3"),
        MEDIA_ROOT=str(Path(directory) / "media"),
        BASE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        PARTNER_API_KEY_RATE_PER_MINUTE="100000000",
    )
    return env


class Timeline:
    """The writer's committed states, in order: (monotonic time, index, live?)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.states = []

    def add(self, index, live):
        with self.lock:
            self.states.append((time.monotonic(), index, live))

    def acceptable(self, started, index_seen):
        """Is a response begun at ``started`` showing state ``index_seen`` (None = gone) fresh enough?"""
        return self.floor(started, index_seen) is None

    def floor(self, started, index_seen, finished=None):
        """None if fresh enough; else the newest state settled before ``started`` (what should show at least).

        A response may show any state committed since then, up to ``finished`` (+ NOTED_WITHIN, the
        writer noting its commit late) when given.
        """
        until = float("inf") if finished is None else finished + NOTED_WITHIN
        with self.lock:
            settled = [state for state in self.states if state[0] <= started - STALE_AFTER]
            later = [state for state in self.states if started - STALE_AFTER < state[0] <= until]
        if not settled:
            return None
        floor = settled[-1]
        candidates = [floor, *later]
        if index_seen is None:
            fresh = any(not live for _, _, live in candidates)
        else:
            fresh = any(live and index == index_seen for _, index, live in candidates)
        return None if fresh else floor


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.values = {"requests": 0, "errors_5xx": 0, "transport_errors": 0, "stale": 0, "locked": 0, "other_4xx": 0}
        self.examples = []

    def add(self, name, example=None):
        with self.lock:
            self.values[name] += 1
            if example and len(self.examples) < 10:
                self.examples.append(example)


def reader(port, key, paths, watched, observations, counters, stop):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Api-Key {key}", "Connection": "keep-alive"}
    while not stop.is_set():
        watching = random.random() < 0.4
        path = random.choice(watched if watching else paths)
        started = time.monotonic()
        try:
            connection.request(
                "GET", path, headers=headers if path.startswith("/api/") else {"Connection": "keep-alive"}
            )
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            counters.add("transport_errors", f"{path}: {exc!r}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        counters.add("requests")
        if "database is locked" in body:
            counters.add("locked", path)
        if response.status >= 500:
            counters.add("errors_5xx", f"{response.status} {path}")
        elif response.status not in (200, 404):
            counters.add("other_4xx", f"{response.status} {path}")
        if watching:
            if response.status == 404:
                seen = None
            else:
                match = MARKER.search(body)
                seen = int(match.group(1)) if match else -1
            observations.append(
                (started, seen, path, time.monotonic() - started, response.getheader("Last-Modified"), body[:120])
            )
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def stale_reads(timeline, observations, counters):
    """Count (with examples) the watched responses older than a change settled 1 s before their request."""
    for started, seen, path, took, last_modified, body in observations:
        floor = timeline.floor(started, seen, finished=started + took)
        if floor is not None:
            committed_at = time.gmtime(time.time() - (time.monotonic() - floor[0]))
            counters.add(
                "stale",
                f"{path} showed {seen}, expected {floor[1]} (live={floor[2]}) committed {started - floor[0]:.2f}s"
                f" before the request (at {time.strftime('%H:%M:%S', committed_at)} UTC); took {took:.2f}s;"
                f" Last-Modified {last_modified}: {body}",
            )
    return counters.values["stale"]


def writer(page_id, operations, seconds, timeline, errors, stop):
    from django.db import OperationalError, close_old_connections, transaction

    from campaign.models import NewsPage

    published_markers = []
    interval = seconds / max(operations, 1)
    for index in range(operations):
        if stop.is_set():
            break
        step_started = time.monotonic()
        try:
            with transaction.atomic():
                page = NewsPage.objects.get(pk=page_id)
                if index % 3 == 2:
                    page.unpublish()
                    live = False
                else:
                    page.title = f"质量月压测第{index}次"
                    page.lead = f"第{index}次修改的导语。"
                    page.save_revision().publish()
                    published_markers.append(index)
                    live = True
            timeline.add(index, live)
        except OperationalError as exc:
            errors.append(f"{index}: {exc}")
        finally:
            close_old_connections()
        time.sleep(max(0.0, interval - (time.monotonic() - step_started)))
    return published_markers


def setup_instance(directory, port):
    env = instance_env(directory, port)
    for command in (["migrate", "--noinput", "-v0"], ["load_initial_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    os.environ.update(env)
    import django

    django.setup()
    from campaign.models import NewsIndexPage, NewsPage
    from partner_api.models import PartnerKey

    index = NewsIndexPage.objects.first()
    page = NewsPage(title="质量月压测第-1次", slug="soak-test", lead="压测导语。")
    index.add_child(instance=page)
    page.save_revision().publish()
    _, key = PartnerKey.objects.create_key(name="压测", rate_per_minute=100_000_000)
    news = list(NewsPage.objects.live().exclude(pk=page.pk).values_list("pk", "url_path"))
    return page, key, news


def run(seconds=60, readers=50, operations=200, port=None, directory=None):
    port = port or int(os.environ.get("RELIABILITY_PORT", "8110"))
    directory = Path(directory or tempfile.mkdtemp(prefix="zlkm-soak-"))
    page, key, news = setup_instance(directory, port)
    page_path = "/news/soak-test/"
    paths = ["/", "/news/", "/2022/", "/officers/", "/api/v1/news/", "/api/v1/activities/", "/api/v1/campaigns/"]
    paths += [f"/api/v1/news/{pk}/" for pk, _ in news]
    watched = [f"/api/v1/news/{page.pk}/", page_path]
    log_path = directory / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "cms.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "4", "--worker-class", "gthread", "--threads", "8",
                "--timeout", "60", "--keep-alive", "5", "--preload",
            ],
            cwd=ROOT, env=instance_env(directory, port), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(port)
        warm_up(port, key, paths + watched)
        timeline, counters, stop, errors, observations = Timeline(), Counters(), threading.Event(), [], []
        timeline.add(-1, True)
        threads = [
            threading.Thread(target=reader, args=(port, key, paths, watched, observations, counters, stop), daemon=True)
            for _ in range(readers)
        ]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        published = writer(page.pk, operations, seconds, timeline, errors, stop)
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        stop.set()
        for thread in threads:
            thread.join(35)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
    lost = lost_writes(page.pk, published, operations)
    stale = stale_reads(timeline, observations, counters)
    server_log = log_path.read_text(errors="replace")
    locked = counters.values["locked"] + server_log.count("database is locked") + sum("locked" in e for e in errors)
    return {
        "seconds": round(elapsed, 1),
        "readers": readers,
        "operations": operations,
        "requests": counters.values["requests"],
        "requests_per_second": round(counters.values["requests"] / elapsed, 1),
        "errors_5xx": counters.values["errors_5xx"],
        "transport_errors": counters.values["transport_errors"],
        "other_4xx": counters.values["other_4xx"],
        "stale_over_1s": stale,
        "database_locked": locked,
        "writer_errors": len(errors),
        "lost_writes": lost,
        "examples": counters.examples + errors[:5],
        "directory": str(directory),
    }


def lost_writes(page_id, published, operations):
    from campaign.models import NewsPage

    page = NewsPage.objects.get(pk=page_id)
    titles = set()
    for revision in page.revisions.all():
        titles.add(revision.content.get("title", ""))
    missing = [index for index in published if f"质量月压测第{index}次" not in titles]
    expected_live = (operations - 1) % 3 != 2
    wrong_final = int(page.live != expected_live)
    return len(missing) + wrong_final


def warm_up(port, key, paths, rounds=3):
    """Let every gunicorn worker load its lazy parts (templates, segmenter) before counting."""

    def fetch(path):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path, headers={"Authorization": f"Api-Key {key}"})
        connection.getresponse().read()
        connection.close()

    for _ in range(rounds):
        threads = [threading.Thread(target=fetch, args=(path,)) for path in paths for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not start on port {port}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("RELIABILITY_SOAK_SECONDS", "60")))
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--operations", type=int, default=200)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    result = run(args.seconds, args.readers, args.operations, args.port)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
