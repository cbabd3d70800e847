"""Move files as soon as an image's collection, or a collection's restrictions, change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from private_media import placement
from publishing.visibility import collection_subtree


@receiver(post_save, sender=get_image_model(), dispatch_uid="private-media-image-saved")
def image_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        placement.place_images([instance])


@receiver(post_save, sender=CollectionViewRestriction, dispatch_uid="private-media-restriction-saved")
@receiver(post_delete, sender=CollectionViewRestriction, dispatch_uid="private-media-restriction-deleted")
@receiver(post_save, sender=Collection, dispatch_uid="private-media-collection-saved")
def collection_privacy_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        placement.place_images(placement.images_in(collection_subtree(instance)))
