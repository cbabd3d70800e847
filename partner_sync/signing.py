"""Webhook signatures.

Standard Webhooks (https://www.standardwebhooks.com/): ``webhook-id``,
``webhook-timestamp`` and ``webhook-signature``, signed by the
``standardwebhooks`` library. During a secret roll-over the signature header
carries one ``v1,…`` signature per valid secret, space-separated, so a
receiver holding either secret verifies.

The ``X-ZLKM-*`` headers (HMAC-SHA256 over ``<timestamp>.<body>`` with the
current secret) are kept for one release for receivers written before the
switch; they are deprecated.
"""

import binascii
import hashlib
import hmac
import time
from datetime import UTC, datetime

from standardwebhooks import Webhook

SIGNATURE_HEADER = "X-ZLKM-Signature"
TIMESTAMP_HEADER = "X-ZLKM-Timestamp"
EVENT_HEADER = "X-ZLKM-Event"
DELIVERY_HEADER = "X-ZLKM-Delivery"
TOLERANCE_SECONDS = 300


def standard_webhook(secret):
    """The library's signer for ``secret``.

    Secrets issued before the switch were URL-safe base64, which the library
    may not decode; those sign with their raw bytes until they are rotated.
    """
    try:
        return Webhook(secret)
    except (binascii.Error, ValueError):
        return Webhook(secret.encode())


def headers(message_id, event_kind, body, secrets, now=None):
    """Every signature header for one attempt. ``body`` is the exact bytes sent."""
    moment = datetime.fromtimestamp(int(now if now is not None else time.time()), tz=UTC)
    timestamp = str(int(moment.timestamp()))
    text = body.decode()
    signatures = " ".join(standard_webhook(secret).sign(message_id, moment, text) for secret in secrets)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signatures,
        # Deprecated, one release: see docs/partner-guide.md.
        EVENT_HEADER: event_kind,
        DELIVERY_HEADER: message_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secrets[0], timestamp, body),
    }


def sign(secret, timestamp, body):
    """The legacy X-ZLKM-Signature value."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature, now=None, tolerance=TOLERANCE_SECONDS):
    """Legacy check of X-ZLKM-Signature: matches and the timestamp is recent (replay guard)."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature or "")
