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
