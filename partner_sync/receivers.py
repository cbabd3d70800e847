"""Hook webhooks and housekeeping into the changes feed and the scheduler."""

from datetime import timedelta

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from partner_sync import delivery
from publishing.events import event_recorded
from publishing.models import ChangeEvent, ContentVersion
from publishing.scheduler import periodic


@receiver(event_recorded)
def queue_webhooks(sender, event, **kwargs):
    delivery.create_deliveries(event)


@periodic
def queue_due_deliveries():
    delivery.queue_due()


@periodic
def compact_changes():
    """Drop change events past the retention; older cursors then get a 410."""
    cutoff = timezone.now() - timedelta(days=settings.CHANGES_RETENTION_DAYS)
    old = ChangeEvent.objects.filter(occurred_at__lt=cutoff).order_by("-sequence").first()
    if old is None:
        return
    ChangeEvent.objects.filter(sequence__lte=old.sequence, deliveries__isnull=True).delete()
    ContentVersion.objects.filter(compacted_through__lt=old.sequence).update(compacted_through=old.sequence)
