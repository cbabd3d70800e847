"""Fault scenarios shared by the test suite and ``make reliability`` (bench/reliability.py).

Each runs real processes against a file SQLite database on loopback and
returns what it observed; the caller asserts or counts.
"""

import contextlib
import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs a management command with a short webhook lease, so a dead worker's
# claim expires in seconds instead of two minutes.
LEASE_WRAPPER = """
import sys
from datetime import timedelta
import django
django.setup()
from partner_sync import delivery
delivery.LEASE = timedelta(seconds=float(sys.argv[1]))
from django.core.management import call_command
call_command(*sys.argv[2:])
"""

SETUP_WEBHOOK = """
from django.db import transaction
from partner_api.models import PartnerKey
from partner_sync.models import WebhookEndpoint
from publishing import events
key, _ = PartnerKey.objects.create_key(name="昆明日报")
WebhookEndpoint.objects.create(partner_key=key, url="{url}")
with transaction.atomic():
    events.record("published", "news", 4242, "http://127.0.0.1/news/fault-test/")
"""


def instance_env(directory, **extra):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        SQLITE_PATH=str(Path(directory) / "db.sqlite3"),
        MEDIA_ROOT=str(Path(directory) / "media"),
        DEBUG="0",
        LOG_LEVEL="ERROR",
        WEBHOOK_ALLOW_LOOPBACK="1",
        WEBHOOK_TIMEOUT="60",
        WEBHOOK_RETRY_BASE_SECONDS="1",
        SCHEDULER_INTERVAL="0.5",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def make_database(directory, template=None):
    """A migrated file SQLite database: a copy of ``template`` if given, else ``migrate``."""
    target = Path(directory) / "db.sqlite3"
    if template and Path(template).exists():
        source = sqlite3.connect(template)
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        source.close()
        dest.close()
    else:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=instance_env(directory),
            check=True,
            timeout=300,
        )
    return target


class Receiver(http.server.ThreadingHTTPServer):
    """A loopback webhook receiver that hangs on its first request until released."""

    daemon_threads = True

    def __init__(self):
        self.requests = []
        self.release = threading.Event()
        self.first_arrived = threading.Event()
        self.later_arrived = threading.Event()
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def close(self):
        self.release.set()
        self.shutdown()
        self.server_close()


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server = self.server
        server.requests.append(dict(self.headers))
        if len(server.requests) == 1:
            server.first_arrived.set()
            server.release.wait(120)  # hang: the worker is killed while waiting for us
        else:
            server.later_arrived.set()
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass

    def log_message(self, *args):
        pass


def start_worker(directory, lease_seconds, log):
    return subprocess.Popen(
        [sys.executable, "-c", LEASE_WRAPPER, str(lease_seconds), "run_worker", "--interval", "0.5"],
        cwd=ROOT,
        env=instance_env(directory),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_hard(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def worker_killed_mid_delivery(directory, template=None, lease_seconds=3.0, timeout=60):
    """Kill -9 the worker while the receiver holds its request open, restart it, see the delivery arrive.

    Returns a dict: delivered (bool), delivery_ids (list of the X-Webhook delivery id header seen
    per request), status and attempts from the database, seconds to recover.
    """
    directory = Path(directory)
    make_database(directory, template)
    receiver = Receiver()
    log = open(directory / "worker.log", "ab")  # noqa: SIM115 - closed in finally
    workers = []
    try:
        subprocess.run(
            [
                sys.executable,
                "-c",
                LEASE_WRAPPER,
                str(lease_seconds),
                "shell",
                "-c",
                SETUP_WEBHOOK.format(url=receiver.url),
            ],
            cwd=ROOT,
            env=instance_env(directory),
            check=True,
            timeout=120,
        )
        workers.append(start_worker(directory, lease_seconds, log))
        if not receiver.first_arrived.wait(timeout):
            raise AssertionError("the first delivery attempt never reached the receiver")
        killed_at = time.monotonic()
        kill_hard(workers[0])
        workers.append(start_worker(directory, lease_seconds, log))
        delivered = receiver.later_arrived.wait(timeout)
        recovered_after = time.monotonic() - killed_at
        status = attempts = None
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with sqlite3.connect(directory / "db.sqlite3", timeout=20) as db:
                status, attempts = db.execute("SELECT status, attempts FROM partner_sync_webhookdelivery").fetchone()
            if status == "succeeded":
                break
            time.sleep(0.2)
        with sqlite3.connect(directory / "db.sqlite3", timeout=20) as db:
            (stored_id,) = db.execute("SELECT delivery_id FROM partner_sync_webhookdelivery").fetchone()
        return {
            "delivered": delivered,
            "delivery_ids": [headers.get("X-ZLKM-Delivery") for headers in receiver.requests],
            "stored_id": str(uuid.UUID(stored_id)),
            "status": status,
            "attempts": attempts,
            "recovered_after": recovered_after,
        }
    finally:
        for worker in workers:
            kill_hard(worker)
        receiver.close()
        log.close()


def postgres_binaries():
    """(initdb, pg_ctl) of the newest installed PostgreSQL, or None."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not versions:
        return None
    bin_dir = versions[-1].parent
    return bin_dir / "initdb", bin_dir / "pg_ctl"


def as_postgres_user(command):
    """Run as the postgres OS user when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *map(str, command)] if os.geteuid() == 0 else list(map(str, command))


class PrivateCluster:
    """A throwaway PostgreSQL server of our own on a loopback port: restarting it disturbs no one."""

    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.data = self.directory / "pgdata"
        self.port = port
        self.initdb, self.pg_ctl = postgres_binaries()

    def ctl(self, *args):
        subprocess.run(
            as_postgres_user([self.pg_ctl, "-D", self.data, "-w", "-t", "60", *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=90,
        )

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(self.directory)], check=True)
        subprocess.run(
            as_postgres_user([self.initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl("-o", options, "-l", self.directory / "server.log", "start")

    def restart(self):
        self.ctl("-m", "fast", "restart")

    def stop(self):
        with contextlib.suppress(Exception):
            self.ctl("-m", "immediate", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def postgres_restarted_under_load(directory, port=None, app_port=None, readers=10, seconds_after=5.0):
    """gunicorn on a private PostgreSQL; restart the server under load; count failures after it is back.

    Ports: ``RELIABILITY_PG_PORT`` (default 8115) for the private server, the next one for gunicorn.

    Returns {"requests", "failed_during", "failed_after", "recovered_after"}: ``failed_after`` counts
    failures once PostgreSQL has been accepting connections for 1 s (must be 0: no app restart needed).
    """
    import http.client

    port = port or int(os.environ.get("RELIABILITY_PG_PORT", "8115"))
    app_port = app_port or port + 1
    cluster = PrivateCluster(directory, port)
    cluster.start()
    env = instance_env(directory, DATABASE_URL=cluster.url, CONN_MAX_AGE="600")
    env.pop("SQLITE_PATH", None)
    log = open(Path(directory) / "gunicorn.log", "ab")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{app_port}",
         "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--preload"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    results = []  # (monotonic time, ok)
    stop = threading.Event()

    def load():
        while not stop.is_set():
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", app_port, timeout=10)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                body = json.loads(response.read() or b"{}")
                ok = body.get("checks", {}).get("database") == "ok"
                connection.close()
            except (OSError, ValueError, http.client.HTTPException):
                ok = False
            results.append((started, ok))
            time.sleep(0.02)

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (results and results[-1][1]):
            if not results:
                threads = [threading.Thread(target=load, daemon=True) for _ in range(readers)]
                for thread in threads:
                    thread.start()
            time.sleep(0.2)
        time.sleep(1)
        restart_began = time.monotonic()
        cluster.restart()
        back_at = time.monotonic()
        time.sleep(seconds_after)
        stop.set()
        for thread in threads:
            thread.join(15)
    finally:
        stop.set()
        kill_hard(server)
        cluster.stop()
        log.close()
    after = [ok for started, ok in results if started >= back_at + 1.0]
    during = [ok for started, ok in results if restart_began <= started < back_at + 1.0]
    first_ok = next((started for started, ok in results if started >= restart_began and ok), None)
    return {
        "requests": len(results),
        "failed_during": during.count(False),
        "failed_after": after.count(False),
        "requests_after": len(after),
        "recovered_after": None if first_ok is None else round(first_ok - restart_began, 2),
    }
