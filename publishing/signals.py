"""Wire Wagtail's signals to the content version and the changes feed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from campaign.models import CampaignOrganisation, Organisation
from publishing import content_version, events
from publishing.visibility import collection_subtree


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    if events.sync_page(instance, "published") is None:
        content_version.bump()


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    if events.sync_page(instance, "unpublished") is None:
        content_version.bump()


@receiver(post_page_move)
def page_was_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    events.sync_subtree(instance)
    content_version.bump()


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance, **kwargs):
    events.sync_subtree(instance)
    content_version.bump()


@receiver(post_delete)
def page_was_deleted(sender, instance, **kwargs):
    # Deleting a subtree sends this for every page row (and again for each
    # specific row); SyncedItem makes the tombstone appear once.
    if isinstance(instance, Page) and type(instance) is Page:
        events.sync_page(instance, "deleted")
        content_version.bump()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading a backup: nothing to sync while rows arrive
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        events.sync_subtree(page)
    content_version.bump()


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        events.sync_snippet(instance)


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    events.sync_snippet(instance, deleted=True)


@receiver(post_save, sender=CampaignOrganisation)
@receiver(post_delete, sender=CampaignOrganisation)
def related_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # A role in a public campaign is what makes an organisation public.
    organisation = Organisation.objects.filter(pk=instance.organisation_id).first()
    if organisation is None or events.sync_snippet(organisation, edited=False) is None:
        content_version.bump()


@receiver(post_save, sender=Collection)
@receiver(post_delete, sender=Collection)
@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def remembered_values_changed(sender, raw=False, **kwargs):
    # Which images are private, and which Site serves a host, are remembered per
    # content version (content_version.remembered); a change must start a new one.
    if not raw:
        content_version.bump()


@receiver(post_save, sender=get_document_model())
def document_saved(sender, instance, raw=False, **kwargs):
    if not raw and events.sync_document(instance) is None:
        content_version.bump()


@receiver(post_delete, sender=get_document_model())
def document_deleted(sender, instance, **kwargs):
    if events.sync_document(instance, deleted=True) is None:
        content_version.bump()


@receiver(post_save, sender=Collection)
@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_privacy_changed(sender, instance, raw=False, **kwargs):
    """Documents below a collection whose restrictions changed appear in, or leave, the changes feed."""
    if raw:
        return
    for document in get_document_model().objects.filter(collection_id__in=collection_subtree(instance)):
        events.sync_document(document)


# Bookkeeping Wagtail saves on its own, lazily, while reading an image (e.g.
# generating a rendition): nothing a reader sees changes.
IMAGE_BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
def image_changed(sender, instance, update_fields=None, raw=False, **kwargs):
    # Alt text, focal point, file and collection (hence privacy) show in every
    # cached page and API response using the image. Renditions are another
    # model: creating them never bumps.
    if raw or (update_fields and set(update_fields) <= IMAGE_BOOKKEEPING_FIELDS):
        return
    content_version.bump()
