"""Periodic work that Wagtail otherwise leaves to cron.

The worker started by ``make run`` runs :func:`tick` every
``SCHEDULER_INTERVAL`` seconds: scheduled go-live and expiry
(``publish_scheduled``) and any registered periodic job, e.g. re-enqueuing
webhook deliveries that a killed worker left behind.

Several workers may run at once (two nodes, or a restarted one beside an old
one). Scheduled publishing and expiry still run once per moment: on
PostgreSQL each tick's publishing holds a transaction-level advisory lock,
and a worker that cannot take it skips that round. SQLite has one writer and
IMMEDIATE transactions, which serialise the ticks by themselves.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "worker:heartbeat"
PERIODIC_JOBS = []
# Advisory lock id for scheduled publishing, the same number in every worker.
PUBLISH_SCHEDULED_LOCK = 20_220_901


def periodic(func):
    """Register a callable to run on every scheduler tick."""
    PERIODIC_JOBS.append(func)
    return func


def holds_exclusive_lock(lock_id):
    """Inside a transaction: True if this worker alone may do ``lock_id``'s work until commit."""
    if connection.vendor != "postgresql":
        return True  # SQLite: the IMMEDIATE transaction already excludes every other writer
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_id])
        return cursor.fetchone()[0]


def publish_scheduled():
    """Scheduled go-live and expiry, once per moment however many workers tick. True if this worker ran it."""
    with transaction.atomic():
        if not holds_exclusive_lock(PUBLISH_SCHEDULED_LOCK):
            return False
        call_command("publish_scheduled", verbosity=0)
    return True


def tick():
    """One round of periodic work; each job runs in its own transaction."""
    publish_scheduled()
    for job in PERIODIC_JOBS:
        try:
            with transaction.atomic():
                job()
        except Exception:  # one broken job must not stop scheduled publishing
            logger.exception("periodic job %s failed", job.__name__)
    beat()


def beat():
    from publishing.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"beat_at": now})
    cache.set(HEARTBEAT_KEY, now.isoformat(), timeout=None)


def run_forever(stop_event, interval=None):
    interval = interval or settings.SCHEDULER_INTERVAL
    while not stop_event.is_set():
        close_old_connections()
        try:
            tick()
        except Exception:
            logger.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop_event.wait(interval)


def start_in_background(interval=None):
    stop_event = threading.Event()
    thread = threading.Thread(target=run_forever, args=(stop_event, interval), name="scheduler", daemon=True)
    thread.start()
    return stop_event, thread


def wait_for_first_tick(timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and cache.get(HEARTBEAT_KEY) is None:
        time.sleep(0.1)
