"""Record the partners' changes feed.

Each change is compared with what partners were last told (``SyncedItem``),
so an event is recorded exactly when their copy must change: a page that is
published behind a password produces nothing, and making a public page
private produces a tombstone. Events are written in the caller's
transaction; listeners (webhooks) hook in through ``event_recorded``.
"""

from django.db import transaction
from django.dispatch import Signal
from wagtail.models import Page

from cms.absolute_urls import absolute_url, page_url
from publishing import content_version
from publishing.item_types import model_for_type, type_for_model
from publishing.models import ChangeEvent, ItemType, SyncedItem
from publishing.visibility import is_public, is_public_media, is_public_snippet

# Sent inside the transaction with ``event`` (a ChangeEvent).
event_recorded = Signal()


def record(kind, item_type, item_id, url):
    # One transaction from the version bump to the event row, even when the caller
    # publishes outside one (Wagtail's publish action is not atomic): otherwise a
    # later sequence could commit first and a partner's cursor would pass this one.
    with transaction.atomic():
        event = ChangeEvent.objects.create(
            sequence=content_version.bump(), event=kind, item_type=item_type, item_id=item_id, url=url
        )
        event_recorded.send(sender=ChangeEvent, event=event)
    return event


def sync_page(page, reason="changed"):
    """Bring partners' view of one page in line with its public state.

    ``reason`` is what happened: "published", "unpublished", "deleted" or
    "changed" (moved, restricted, unrestricted).
    """
    item_type = type_for_model(page.specific_class)
    if item_type is None:
        return None
    sync_snippets_using(page)
    known = SyncedItem.objects.filter(item_type=item_type, item_id=page.pk).first()
    if reason != "deleted" and is_public(page):
        url = page_url(page)
        if known is None:
            SyncedItem.objects.create(item_type=item_type, item_id=page.pk, url=url)
            return record(ChangeEvent.Kind.PUBLISHED, item_type, page.pk, url)
        if known.url != url:
            known.url = url
            known.save(update_fields=["url"])
            return record(ChangeEvent.Kind.MOVED, item_type, page.pk, url)
        if reason == "published":
            return record(ChangeEvent.Kind.UPDATED, item_type, page.pk, url)
        return None
    if known is None:
        return None
    known.delete()
    if reason == "deleted":
        kind = ChangeEvent.Kind.DELETED
    elif getattr(page, "expired", False):
        kind = ChangeEvent.Kind.EXPIRED
    else:
        kind = ChangeEvent.Kind.UNPUBLISHED
    return record(kind, item_type, page.pk, known.url)


def sync_subtree(page, reason="changed"):
    """A page and everything below it, e.g. after a move or a view restriction."""
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific(defer=True).iterator():
        sync_page(descendant, reason)


def sync_snippet(instance, deleted=False, edited=True):
    """Bring partners' view of one snippet in line with its public state.

    ``edited``: the snippet itself was saved (an update for partners who have
    it); otherwise only a page using it changed, which matters only when that
    makes the snippet appear or disappear.
    """
    item_type = type_for_model(type(instance))
    if item_type is None:
        return None
    known = SyncedItem.objects.filter(item_type=item_type, item_id=instance.pk).first()
    if deleted or not is_public_snippet(instance):
        if known:
            known.delete()
            kind = ChangeEvent.Kind.DELETED if deleted else ChangeEvent.Kind.UNPUBLISHED
            return record(kind, item_type, instance.pk, "")
        return None
    if known is None:
        SyncedItem.objects.create(item_type=item_type, item_id=instance.pk, url="")
        return record(ChangeEvent.Kind.PUBLISHED, item_type, instance.pk, "")
    return record(ChangeEvent.Kind.UPDATED, item_type, instance.pk, "") if edited else None


def sync_snippets_using(page):
    """Snippets that are public through this page (``public_through``) appear or disappear with it."""
    for model in model_for_type().values():
        relation = getattr(model, "public_through", None)
        if relation is not None and issubclass(page.specific_class or type(page), relation_target(model, relation)):
            for instance in model._default_manager.filter(**{relation: page.pk}).distinct():
                sync_snippet(instance, edited=False)


def relation_target(model, relation):
    """The model at the end of a lookup path such as "campaign_roles__campaign"."""
    for name in relation.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def sync_document(document, deleted=False):
    """Documents are public while their collection is (publishing.visibility.is_public_media)."""
    known = SyncedItem.objects.filter(item_type=ItemType.DOCUMENT, item_id=document.pk).first()
    if deleted or not is_public_media(document):
        if known is None:
            return None
        known.delete()
        kind = ChangeEvent.Kind.DELETED if deleted else ChangeEvent.Kind.UNPUBLISHED
        return record(kind, ItemType.DOCUMENT, document.pk, known.url)
    url = absolute_url(document.url)
    if known is None:
        SyncedItem.objects.create(item_type=ItemType.DOCUMENT, item_id=document.pk, url=url)
        return record(ChangeEvent.Kind.PUBLISHED, ItemType.DOCUMENT, document.pk, url)
    if known.url != url:
        known.url = url
        known.save(update_fields=["url"])
        return record(ChangeEvent.Kind.MOVED, ItemType.DOCUMENT, document.pk, url)
    return record(ChangeEvent.Kind.UPDATED, ItemType.DOCUMENT, document.pk, url)
