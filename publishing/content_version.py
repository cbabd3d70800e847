"""The content version behind every cache key and ETag of a public response."""

import contextvars

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from publishing.models import ContentVersion

SINGLETON_ID = 1


# Set by publishing.response_cache for the duration of one anonymous GET
# request, so the version is read once per request (and, being read before any
# content, is never newer than what the request then shows).
pinned = contextvars.ContextVar("content_version_pinned", default=None)

# Values derived from the public content (restricted paths, private collections,
# the Site), remembered per process for one pinned (version, changed_at).
_remembered = (None, {})


def remembered(name, compute):
    """``compute()``, remembered in this process for as long as the pinned version holds.

    Only what every change to it bumps the version for may be remembered here
    (see ``publishing.signals``). Keyed by (version, changed_at): a restored or
    rolled-back database can repeat a version number. Outside a pinned request
    (workers, commands, tests without the middleware) it is computed every time.
    """
    global _remembered
    value = pinned.get()
    if value is None:
        return compute()
    key, values = _remembered
    if key != tuple(value):
        key, values = tuple(value), {}
        _remembered = (key, values)  # a new dict per version: old values are never read again
    if name not in values:
        values[name] = compute()
    return values[name]


def current():
    """(version, changed_at) of the public content, read from the database."""
    value = pinned.get()
    if value is not None:
        return value
    row = ContentVersion.objects.filter(pk=SINGLETON_ID).values_list("version", "changed_at").first()
    if row is None:
        row, _ = ContentVersion.objects.get_or_create(pk=SINGLETON_ID)
        return row.version, row.changed_at
    return row


def bump():
    """Mark the public content as changed and return the new version.

    The row lock taken here is held until the caller's transaction commits,
    so versions are handed out in commit order: the changes feed can use
    them as a gap-free cursor even while editors publish concurrently.
    """
    with transaction.atomic():
        row = ContentVersion.objects.select_for_update().filter(pk=SINGLETON_ID).first()
        if row is None:
            row, _ = ContentVersion.objects.get_or_create(pk=SINGLETON_ID)
        row.version = F("version") + 1
        row.changed_at = timezone.now()
        row.save(update_fields=["version", "changed_at"])
        row.refresh_from_db(fields=["version"])
        return row.version
