"""The content version behind every cache key and ETag of a public response."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from publishing.models import ContentVersion

SINGLETON_ID = 1


def current():
    """(version, changed_at) of the public content, read from the database."""
    row = ContentVersion.objects.filter(pk=SINGLETON_ID).values_list("version", "changed_at").first()
    if row is None:
        row, _ = ContentVersion.objects.get_or_create(pk=SINGLETON_ID)
        return row.version, row.changed_at
    return row


def bump():
    """Mark the public content as changed, inside the caller's transaction."""
    updated = ContentVersion.objects.filter(pk=SINGLETON_ID).update(version=F("version") + 1, changed_at=timezone.now())
    if not updated:
        with transaction.atomic():
            ContentVersion.objects.get_or_create(pk=SINGLETON_ID, defaults={"version": 2})
