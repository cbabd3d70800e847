"""Wire Wagtail's and Django's signals to the changes feed and the content version.

Every change names the objects it touched by their dependency keys
(``publishing.dependencies``); ``publishing.events`` syncs the changed item
itself and every public item whose recorded dependencies hold one of them.
Nothing here knows a page type: content apps declare their item types
(``partner_item_type``) and register their other models' keys.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from publishing import dependencies, events, invalidation, items


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    events.sync_pages([instance], "published")


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    events.sync_pages([instance], "unpublished", expired=bool(getattr(instance, "expired", False)))


@receiver(post_page_move)
def page_was_moved(sender, instance, parent_page_before=None, **kwargs):
    extra = {dependencies.children_key(parent_page_before.pk)} if parent_page_before is not None else set()
    events.sync_subtree(instance, extra_keys=extra)


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance, **kwargs):
    events.sync_subtree(instance)


@receiver(post_delete)
def object_deleted(sender, instance, **kwargs):
    # Deleting a subtree sends this for every page row (and again for each
    # specific row); SyncedItem makes the tombstone appear once.
    if isinstance(instance, Page):
        if type(instance) is Page:
            events.sync_pages([instance], "deleted")
        return
    announce_row_change(sender, instance, deleted=True)


@receiver(post_save)
def object_saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page):
        return
    announce_row_change(sender, instance)


def announce_row_change(sender, instance, deleted=False):
    """Snippets that are items sync now; child rows registered with ``announce`` wait for their page's signal."""
    if dependencies.is_tracking():
        return  # Wagtail's bookkeeping while an item is rendered
    item_type = items.type_for_model(sender)
    if item_type is not None:
        events.sync_object(instance, {items.item_key(item_type, instance.pk)}, deleted=deleted)
    elif dependencies.announces(sender):
        keys = dependencies.keys_for(instance) or ()
        # An item the row makes public (or hides), e.g. an organisation given a role, syncs at once;
        # everything depending on the row waits for its page's signal (or the commit).
        for item_type, item_id in filter(None, map(items.item_for_key, keys)):
            events.sync_item(item_type, item_id)
        events.changed(*keys)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading a backup: nothing to sync while rows arrive
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        events.sync_subtree(page)
    else:
        invalidation.stamp({dependencies.SITE_KEY})


def collection_keys(collection_id):
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return {f"collection:{collection_id}"}
    subtree = Collection.objects.filter(path__startswith=collection.path).values_list("pk", flat=True)
    return {f"collection:{pk}" for pk in subtree}


def items_in_collections(keys):
    """Media items filed in these collections: they appear or disappear with the collection's privacy."""
    ids = [int(key.split(":")[1]) for key in keys]
    found = []
    for item_type, model in items.item_models().items():
        if not issubclass(model, Page) and any(field.name == "collection" for field in model._meta.fields):
            found += [
                (item_type, pk) for pk in model.objects.filter(collection_id__in=ids).values_list("pk", flat=True)
            ]
    return found


@receiver(post_save, sender=Collection)
@receiver(post_delete, sender=Collection)
def collection_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading a backup: nothing to sync while rows arrive
        return
    # Which images are private is remembered per content version: always start a new one.
    keys = collection_keys(instance.pk)
    events.sync_object(instance, keys, also=items_in_collections(keys))


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_privacy_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading a backup: nothing to sync while rows arrive
        return
    keys = collection_keys(instance.collection_id)
    events.sync_object(instance, keys, also=items_in_collections(keys))


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading a backup: nothing to sync while rows arrive
        return
    # Every URL is built from the site; which Site serves a host is remembered per version.
    events.sync_object(instance, {dependencies.SITE_KEY})


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def tag_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading a backup: nothing to sync while rows arrive
        return
    events.sync_object(instance, {f"tag:{instance.pk}"})


# Bookkeeping Wagtail saves on its own, lazily, while reading an image (e.g.
# generating a rendition): nothing a reader sees changes.
IMAGE_BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
def image_changed(sender, instance, update_fields=None, raw=False, **kwargs):
    # Title, alt text, focal point, file and collection (hence privacy) show in every
    # item and page using the image. Renditions are another model: creating them
    # never announces anything.
    if raw or (update_fields and set(update_fields) <= IMAGE_BOOKKEEPING_FIELDS):
        return
    events.sync_object(instance, {f"image:{instance.pk}"})
