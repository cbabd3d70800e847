"""Exactly once with several workers (#20): scheduled publishing, expiry and webhook deliveries.

Workers race in threads, each on its own database connection, released
together by a barrier. On PostgreSQL this exercises the advisory lock and
``SELECT … FOR UPDATE SKIP LOCKED``; on SQLite, the single writer.
"""

import datetime
import json
import threading
from collections import Counter
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import PageLogEntry

from partner_sync import delivery
from partner_sync.models import WebhookAttempt, WebhookDelivery
from publishing import scheduler
from publishing.models import ChangeEvent
from tests.factories import NewsIndexPageFactory, NewsPageFactory

WORKERS = 4
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(work):
    """Run ``work()`` in WORKERS threads at once; return what each returned, and raise what any raised."""
    barrier = threading.Barrier(WORKERS)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(work())
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def make_due(page):
    """A scheduled page whose go-live time has just passed."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision = page.latest_revision
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()


def test_scheduled_pages_publish_and_expire_once_whatever_the_number_of_workers(home, endpoint, receiver):
    index = NewsIndexPageFactory(parent=home)
    scheduled = [NewsPageFactory(parent=index, scheduled=True) for _ in range(6)]
    expiring = [NewsPageFactory(parent=index, expired=True) for _ in range(3)]
    for page in scheduled:
        make_due(page)

    ran = race(scheduler.publish_scheduled)

    assert ran.count(True) >= 1
    publishes = Counter(
        PageLogEntry.objects.filter(action="wagtail.publish.scheduled").values_list("page_id", flat=True)
    )
    assert publishes == Counter({page.pk: 1 for page in scheduled})
    expiries = Counter(
        PageLogEntry.objects.filter(action="wagtail.unpublish.scheduled").values_list("page_id", flat=True)
    )
    assert expiries == Counter({page.pk: 1 for page in expiring})
    events = Counter(ChangeEvent.objects.filter(item_type="news").values_list("item_id", "event"))
    assert events == Counter({(page.pk, "published"): 1 for page in scheduled})
    # And partners heard of each exactly once.
    announced = Counter((json.loads(body)["item"]["id"], json.loads(body)["event"]) for _h, body in receiver.requests)
    assert announced == events


def test_each_delivery_is_sent_once_when_workers_race_for_it(home, endpoint, receiver):
    index = NewsIndexPageFactory(parent=home)
    with mock.patch.object(delivery, "enqueue"):  # queued, but no worker has run yet
        for _ in range(8):
            NewsPageFactory(parent=index)
    pending = list(WebhookDelivery.objects.values_list("pk", flat=True))
    assert len(pending) == 8

    def worker():
        # Every worker tries every delivery, in the same order, at the same time.
        return [delivery.attempt(pk, 0) is not None for pk in pending]

    results = race(worker)

    sent = Counter(headers["webhook-id"] for headers, _body in receiver.requests)
    assert sent == Counter({str(d.delivery_id): 1 for d in WebhookDelivery.objects.all()})
    assert sum(sum(r) for r in results) == len(pending)
    assert WebhookAttempt.objects.count() == len(pending)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}


def test_sweepers_racing_queue_each_retry_once_and_it_keeps_its_id(home, endpoint, receiver):
    index = NewsIndexPageFactory(parent=home)
    receiver.codes = [500] * 5  # every first attempt fails
    for _ in range(5):
        NewsPageFactory(parent=index)
    assert len(receiver.requests) == 5
    later = timezone.now() + datetime.timedelta(hours=1)

    race(lambda: delivery.queue_due(now=later))  # each worker's scheduler sweeps at once

    assert len(receiver.requests) == 10
    per_id = Counter(headers["webhook-id"] for headers, _body in receiver.requests)
    assert set(per_id.values()) == {2}, "each delivery: one failed attempt, one retry, same webhook-id"
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("succeeded", 2)}
