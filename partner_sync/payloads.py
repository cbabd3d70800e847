"""What a webhook says: one change event in a Standard Webhooks envelope.

The payload is built once, at a delivery's first attempt, and stored, so every
retry sends the same bytes under the same ``webhook-id``. It is language
neutral: the item's type, id, URL and modified time. With
``WEBHOOK_INCLUDE_BODY`` it also carries the item's partner JSON, read through
the public API view itself, so a webhook can never say more than the API.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from cms.absolute_urls import base_url
from publishing import items

TEST_EVENT_TYPE = "webhook.test"


def modified_at(event):
    """When the item's partner JSON last changed (``publishing.items``); a removal's own time."""
    if event.is_removal:
        return event.occurred_at
    return items.modified_at_of(event.item_type, [event.item_id]).get(event.item_id) or event.occurred_at


def item_body(event):
    """The item as ``GET /api/v1/<type>/<id>/`` shows it to an anonymous partner, or None."""
    try:
        path = reverse(f"partner_api:{event.item_type}-detail", args=[event.item_id])
        match = resolve(path)
    except Resolver404:
        return None
    view = match.func.view_class.as_view(throttle_classes=[])
    origin = urlsplit(base_url())  # a Host that ALLOWED_HOSTS accepts
    request = RequestFactory().get(
        path, HTTP_ACCEPT="application/json", HTTP_HOST=origin.netloc, secure=origin.scheme == "https"
    )
    response = view(request, *match.args, **match.kwargs)
    return response.data if response.status_code == 200 else None


def build(delivery):
    """The JSON body of ``delivery`` as bytes."""
    if delivery.is_test:
        data = {
            "type": TEST_EVENT_TYPE,
            "timestamp": timezone.now().isoformat(),
            "delivery_id": str(delivery.delivery_id),
            "event": "test",
            "sequence": None,
            "occurred_at": timezone.now().isoformat(),
            "item": None,
        }
    else:
        event = delivery.event
        item = {
            "type": event.item_type,
            "id": event.item_id,
            "url": event.url,
            "modified_at": modified_at(event).isoformat(),
        }
        if settings.WEBHOOK_INCLUDE_BODY:
            item["body"] = None if event.is_removal else item_body(event)
        data = {
            "type": f"item.{event.event}",
            "timestamp": event.occurred_at.isoformat(),
            "delivery_id": str(delivery.delivery_id),
            "event": event.event,
            "sequence": event.sequence,
            "occurred_at": event.occurred_at.isoformat(),
            "item": item,
        }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()
