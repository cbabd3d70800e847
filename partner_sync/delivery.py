"""Deliver webhook events: at least once, signed, retried with backoff, never twice at once.

A delivery is claimed before it is sent: ``SELECT … FOR UPDATE SKIP LOCKED``
on PostgreSQL, then a conditional update that sets a lease (the compare-and-set
that also serialises SQLite's single writer). Only the worker holding the
lease sends; a retry is the same row, so it keeps its ``webhook-id``. Each
queued task names the attempt it is for, so a task queued twice (by the
publish and by the sweeper) cannot send an attempt early.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partner_sync import egress, payloads, signing
from partner_sync.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

# How long a claimed delivery is left alone before the sweeper assumes the
# worker died mid-attempt and queues it again (same delivery id).
LEASE = timedelta(minutes=2)
KEY_INVALID = "合作方密钥已吊销或过期，不再投递。"
ENDPOINT_INACTIVE = "Webhook 已停用，不再投递。"


def backoff(attempts):
    """Delay before the next attempt: 1, 3, 9 … 729 minutes (8 attempts, about 18 hours)."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 3 ** (attempts - 1))


def enqueue(delivery_pk, attempts=None):
    from partner_sync.tasks import deliver_webhook

    deliver_webhook.enqueue(delivery_pk, attempts)


def valid_key_filter(prefix="", now=None):
    """Endpoints (or deliveries, with ``prefix="endpoint__"``) whose partner key still works."""
    now = now or timezone.now()
    key = f"{prefix}partner_key__"
    return Q(**{f"{key}revoked": False}) & (
        Q(**{f"{key}expiry_date__isnull": True}) | Q(**{f"{key}expiry_date__gt": now})
    )


def create_deliveries(event):
    """Called inside the transaction that records ``event``."""
    endpoints = WebhookEndpoint.objects.filter(valid_key_filter(), is_active=True)
    now = timezone.now()
    for endpoint in endpoints:
        if endpoint.wants(event.event):
            delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, next_attempt_at=now + LEASE)
            transaction.on_commit(lambda pk=delivery.pk: enqueue(pk, 0))


def send_test_event(endpoint):
    """The admin's "send a test event": one attempt now, through the same path, logged."""
    item = WebhookDelivery.objects.create(endpoint=endpoint, is_test=True, next_attempt_at=None)
    return attempt(item.pk, 0)


def claim(delivery_pk, attempts=None):
    """Take the lease on a pending delivery; None if it is done, leased or not this attempt's turn."""
    now = timezone.now()
    free = Q(status=WebhookDelivery.Status.PENDING) & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
    with transaction.atomic():
        candidates = WebhookDelivery.objects.select_for_update(skip_locked=True).filter(free, pk=delivery_pk)
        if attempts is not None:
            candidates = candidates.filter(attempts=attempts)
        current = candidates.values_list("attempts", flat=True).first()
        if current is None:
            return None
        taken = WebhookDelivery.objects.filter(free, pk=delivery_pk, attempts=current).update(lease_until=now + LEASE)
        if not taken:
            return None
    return WebhookDelivery.objects.select_related("endpoint__partner_key", "event").get(pk=delivery_pk)


def attempt(delivery_pk, attempts=None):
    """One HTTP attempt. Returns the delivery, or None if someone else owns it."""
    delivery = claim(delivery_pk, attempts)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    key = endpoint.partner_key
    status_code, error = None, ""
    started = time.monotonic()
    if key.revoked or (key.expiry_date is not None and key.expiry_date <= timezone.now()):
        error, give_up = KEY_INVALID, True
    elif not endpoint.is_active:
        error, give_up = ENDPOINT_INACTIVE, True
    else:
        give_up = delivery.is_test  # a test event is tried once, while the editor waits
        if not delivery.payload:
            delivery.payload = payloads.build(delivery).decode()
            WebhookDelivery.objects.filter(pk=delivery.pk).update(payload=delivery.payload)
        body = delivery.payload.encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "ZLKM-Webhooks/2",
            **signing.headers(
                str(delivery.delivery_id),
                "test" if delivery.is_test else delivery.event.event,
                body,
                endpoint.signing_secrets(),
            ),
        }
        try:
            status_code = egress.post(endpoint.url, body, headers, settings.WEBHOOK_TIMEOUT)
        except egress.DeliveryFailed as exc:
            error = str(exc)
    duration_ms = int((time.monotonic() - started) * 1000)

    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, status_code=status_code, error=error[:500], duration_ms=duration_ms
        )
        delivery.attempts += 1
        delivery.last_status_code = status_code
        delivery.last_error = error[:500]
        delivery.lease_until = None
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif give_up or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        delivery.save()
    return delivery


def queue_due(now=None):
    """Queue every pending delivery whose time has come (retries and orphans).

    Rows another sweeper is handling are skipped (SKIP LOCKED), so two
    workers' sweepers split the work instead of both queuing it.
    """
    now = now or timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(free, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", "attempts")[:500]
        )
        if due:
            WebhookDelivery.objects.filter(pk__in=[pk for pk, _ in due]).update(next_attempt_at=now + LEASE)
            for pk, attempts in due:
                transaction.on_commit(lambda pk=pk, attempts=attempts: enqueue(pk, attempts))
    return len(due)


def redeliver(delivery):
    """An editor's "redeliver": the same delivery id, attempted again now."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now() + LEASE
    )
    attempts = WebhookDelivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)
    transaction.on_commit(lambda: enqueue(delivery.pk, attempts))
