"""Deliver webhook events: at least once, signed, retried with backoff."""

import json
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partner_sync import guard, signing
from partner_sync.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

# How long a claimed delivery is left alone before the sweeper assumes the
# worker died mid-attempt and queues it again (same delivery id).
LEASE = timedelta(minutes=2)


def backoff(attempts):
    """Delay before the next attempt: 1, 3, 9 … 729 minutes (8 attempts, about 18 hours)."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 3 ** (attempts - 1))


def payload(delivery):
    event = delivery.event
    return {
        "delivery_id": str(delivery.delivery_id),
        "event": event.event,
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "item": {"type": event.item_type, "id": event.item_id, "url": event.url},
    }


def enqueue(delivery_pk):
    from partner_sync.tasks import deliver_webhook

    deliver_webhook.enqueue(delivery_pk)


def create_deliveries(event):
    """Called inside the transaction that records ``event``."""
    endpoints = WebhookEndpoint.objects.filter(is_active=True, partner_key__revoked=False)
    now = timezone.now()
    for endpoint in endpoints:
        if endpoint.wants(event.event):
            delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, next_attempt_at=now + LEASE)
            transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))


def attempt(delivery_pk):
    """One HTTP attempt. Returns the delivery, or None if someone else owns it."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=delivery_pk, status=WebhookDelivery.Status.PENDING).update(
        next_attempt_at=now + LEASE
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_pk)
    endpoint = delivery.endpoint
    body = json.dumps(payload(delivery), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "ZLKM-Webhooks/1",
        signing.EVENT_HEADER: delivery.event.event,
        signing.DELIVERY_HEADER: str(delivery.delivery_id),
        signing.TIMESTAMP_HEADER: timestamp,
        signing.SIGNATURE_HEADER: signing.sign(endpoint.secret, timestamp, body),
    }
    status_code, error = None, ""
    started = time.monotonic()
    try:
        guard.check_url(endpoint.url)
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT, allow_redirects=False
        )
        status_code = response.status_code
    except ValidationError as exc:
        error = exc.messages[0]
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    duration_ms = int((time.monotonic() - started) * 1000)

    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, status_code=status_code, error=error[:500], duration_ms=duration_ms
        )
        delivery.attempts += 1
        delivery.last_status_code = status_code
        delivery.last_error = error[:500]
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        delivery.save()
    return delivery


def queue_due(now=None):
    """Queue every pending delivery whose time has come (retries and orphans)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )[:500]
    )
    if due:
        WebhookDelivery.objects.filter(pk__in=due).update(next_attempt_at=now + LEASE)
        for pk in due:
            transaction.on_commit(lambda pk=pk: enqueue(pk))
    return len(due)


def redeliver(delivery):
    """An editor's "redeliver": the same delivery id, attempted again now."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now() + LEASE
    )
    transaction.on_commit(lambda: enqueue(delivery.pk))
