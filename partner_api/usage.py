"""Partner key usage (``last_used_at`` and requests per day), written in batches.

Writing two rows on every keyed request would cost more than serving the
request from the response cache, so each worker counts in memory and writes
what it counted at most every ``PARTNER_KEY_USAGE_FLUSH_SECONDS`` (and when
the worker exits). The figures an editor sees are therefore at most that many
seconds behind; a worker killed outright loses at most that many seconds of
counts. With 0 (the test settings) every request is written at once.
"""

import atexit
import contextlib
import threading
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

_lock = threading.Lock()
_pending = {}  # (key id, day) -> requests not written yet
_last_used = {}  # key id -> latest use not written yet
_last_flush = time.monotonic()


def flush_seconds():
    return getattr(settings, "PARTNER_KEY_USAGE_FLUSH_SECONDS", 0)


def record(key_id):
    now = timezone.now()
    day = timezone.localdate(now)
    with _lock:
        _pending[key_id, day] = _pending.get((key_id, day), 0) + 1
        _last_used[key_id] = now
    if time.monotonic() - _last_flush >= flush_seconds():
        flush()


def flush():
    """Write the counted requests (one UPDATE per key and day, an INSERT for a key's first of the day)."""
    global _last_flush
    from partner_api.models import PartnerKey, PartnerKeyUsage

    with _lock:
        pending, last_used = dict(_pending), dict(_last_used)
        _pending.clear()
        _last_used.clear()
        _last_flush = time.monotonic()
    if not pending and not last_used:
        return
    with transaction.atomic():
        gone = {
            key_id
            for key_id, moment in last_used.items()
            if not PartnerKey.objects.filter(pk=key_id).update(last_used_at=moment)
        }
        for (key_id, day), count in pending.items():
            if key_id in gone:  # deleted meanwhile: its counts go with it
                continue
            updated = PartnerKeyUsage.objects.filter(key_id=key_id, day=day).update(requests=F("requests") + count)
            if not updated:
                with transaction.atomic():  # a concurrent first request of the day may insert it first
                    usage, created = PartnerKeyUsage.objects.get_or_create(
                        key_id=key_id, day=day, defaults={"requests": count}
                    )
                if not created:
                    PartnerKeyUsage.objects.filter(pk=usage.pk).update(requests=F("requests") + count)


def flush_at_exit():
    with contextlib.suppress(Exception):  # the database may already be gone at shutdown
        flush()


atexit.register(flush_at_exit)
