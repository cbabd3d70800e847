"""HMAC-SHA256 webhook signatures over ``<timestamp>.<body>``."""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-ZLKM-Signature"
TIMESTAMP_HEADER = "X-ZLKM-Timestamp"
EVENT_HEADER = "X-ZLKM-Event"
DELIVERY_HEADER = "X-ZLKM-Delivery"
TOLERANCE_SECONDS = 300


def sign(secret, timestamp, body):
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature, now=None, tolerance=TOLERANCE_SECONDS):
    """True if the signature matches and the timestamp is recent (replay guard)."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature or "")
