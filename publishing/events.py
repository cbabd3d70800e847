"""Record the partners' changes feed.

Each item is compared with what partners were last told (``SyncedItem``): its
public state, its URL and a digest of its partner JSON. An event is recorded
exactly when their copy must change: a page published behind a password
produces nothing, making a public page private produces a tombstone, and an
item whose JSON changed because something it embeds changed (a renamed
campaign, a retitled image, an image moved into a private collection)
produces one ``updated``.

A change names the objects it touched by their dependency keys
(``publishing.dependencies``); :func:`flush` re-renders every item whose
record holds one of them, once per item, in (type, id) order, after the
directly changed items. Keys touched while a page's child rows are being
saved wait for the page's own signal (or, failing that, the commit).

Events are written in the caller's transaction; listeners (webhooks) hook in
through ``event_recorded``.
"""

import threading

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from publishing import content_version, dependencies, invalidation, items
from publishing.models import ChangeEvent, SyncedItem

# Sent inside the transaction with ``event`` (a ChangeEvent).
event_recorded = Signal()

_pending = threading.local()


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


def sync_item(item_type, item_id, reason="changed", expired=False):
    """Bring partners' view of one item in line with its current JSON; return the event recorded, if any.

    ``reason`` is "deleted" when the object is gone; otherwise the item is
    rendered and compared with what partners were told.
    """
    known = SyncedItem.objects.filter(item_type=item_type, item_id=item_id).first()
    rendered = None if reason == "deleted" else items.render(item_type, item_id)
    if rendered is not None:
        data, keys = rendered
        url = data.get("url") or ""
        digest = items.fingerprint(data)
        items.store_dependencies(item_type, item_id, keys)
        if known is None:
            SyncedItem.objects.create(
                item_type=item_type, item_id=item_id, url=url, fingerprint=digest, modified_at=timezone.now()
            )
            return record(ChangeEvent.Kind.PUBLISHED, item_type, item_id, url)
        if known.url == url and known.fingerprint == digest:
            return None
        kind = ChangeEvent.Kind.MOVED if known.url != url else ChangeEvent.Kind.UPDATED
        known.url, known.fingerprint, known.modified_at = url, digest, timezone.now()
        known.save(update_fields=["url", "fingerprint", "modified_at"])
        return record(kind, item_type, item_id, url)
    if known is None:
        items.forget(item_type, item_id)
        return None
    known.delete()
    items.forget(item_type, item_id)
    if reason == "deleted":
        kind = ChangeEvent.Kind.DELETED
    elif expired:
        kind = ChangeEvent.Kind.EXPIRED
    else:
        kind = ChangeEvent.Kind.UNPUBLISHED
    return record(kind, item_type, item_id, known.url)


def changed(*keys):
    """Note that the objects behind ``keys`` changed; their dependents are synced by the next :func:`flush`.

    If nothing flushes before the transaction commits, the commit does.
    """
    if dependencies.is_tracking():
        return  # bookkeeping saved while rendering (see sync_object)
    pending = getattr(_pending, "keys", None)
    if pending is None:
        pending = _pending.keys = set()
    pending.update(keys)
    # Registered on every call: a rolled-back transaction drops its callbacks.
    transaction.on_commit(_flush_after_commit)


def _flush_after_commit():
    if getattr(_pending, "keys", None):
        with transaction.atomic():
            if not flush():
                content_version.bump()


def flush(keys=(), handled=(), also=()):
    """Sync every item depending on ``keys`` or on keys noted by :func:`changed`.

    ``handled`` are (type, id) pairs already synced for this change; ``also``
    are items to sync whether or not they have a record (e.g. documents in a
    collection whose privacy changed). A key naming an item itself
    (``organisation:4``) syncs that item too: it may be about to become
    public, and then it has no record yet. Returns
    how many events were recorded; when none were, the content version is
    still bumped, since cached pages may show what changed.
    """
    keys = set(keys) | (getattr(_pending, "keys", None) or set())
    _pending.keys = None
    # Cached responses and ETags depending on any of these are retired in this transaction.
    invalidation.stamp(keys)
    handled = set(handled)
    recorded = 0
    targets = set(items.dependents(keys)) | set(also)
    targets |= {item for item in map(items.item_for_key, keys) if item is not None}
    for item_type, item_id in sorted(targets):
        if (item_type, item_id) in handled:
            continue
        handled.add((item_type, item_id))
        if sync_item(item_type, item_id) is not None:
            recorded += 1
    return recorded


def page_keys(page, parent_id=None):
    """What a change to a page touches: the page, and the set of its parent's public children."""
    from wagtail.models import Page

    if parent_id is None and page.depth and page.depth > 1:
        parent_id = Page.objects.filter(path=page.path[: -page.steplen]).values_list("pk", flat=True).first()
    keys = {dependencies.page_key(page.pk)} | invalidation.page_type_keys(page.specific_class or type(page))
    if parent_id is not None:
        keys.add(dependencies.children_key(parent_id))
    return keys


def sync_pages(pages, reason="changed", extra_keys=(), expired=False):
    """Sync some pages themselves, then everything depending on them; bump the version if nothing was recorded."""
    handled, keys, recorded = set(), set(extra_keys), 0
    for page in pages:
        keys |= page_keys(page)
        item_type = items.type_for_model(page.specific_class)
        if item_type is None:
            continue
        handled.add((item_type, page.pk))
        if sync_item(item_type, page.pk, reason, expired=expired) is not None:
            recorded += 1
    recorded += flush(keys, handled)
    if not recorded:
        content_version.bump()
    return recorded


def sync_subtree(page, extra_keys=()):
    """A page and everything below it, e.g. after a move or a view restriction."""
    from wagtail.models import Page

    return sync_pages(Page.objects.descendant_of(page, inclusive=True).order_by("path"), extra_keys=extra_keys)


def sync_object(instance, keys, deleted=False, also=()):
    """A non-page object changed: sync it if it is an item, then its dependents."""
    if dependencies.is_tracking():
        # Saved while an item is being rendered: Wagtail's own bookkeeping (a
        # document's file size, an image's hash), nothing a partner sees.
        return 0
    item_type = items.type_for_model(type(instance))
    handled, recorded = set(), 0
    if item_type is not None:
        handled.add((item_type, instance.pk))
        if sync_item(item_type, instance.pk, "deleted" if deleted else "changed") is not None:
            recorded += 1
    recorded += flush(keys, handled, also)
    if not recorded:
        content_version.bump()
    return recorded
