"""Applicants' photos stay private until their officer page is published.

Accepting an officer application copies the applicant's photo into the image
library for the draft page. Until that page goes live the copy sits in the
restricted collection ``PENDING_COLLECTION`` (a view restriction for the
editorial groups), so ``publishing.visibility`` treats it as private and
``private_media`` keeps its original and renditions out of the public folder.
When the page is published (Wagtail's ``page_published`` signal, which also
fires for scheduled publication) the photo moves to the public
``OFFICERS_COLLECTION``; ``private_media.signals`` then moves its files.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction

from newsroom import roles

PENDING_COLLECTION = "待发布的报名照片"
OFFICERS_COLLECTION = "春城质量官照片"
PENDING_VIEWER_ROLES = [roles.EDITOR, roles.CHIEF_EDITOR, roles.ADMINISTRATOR]


def _child_collection(name):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    return collection if collection is not None else root.add_child(name=name)


def pending_collection():
    """The restricted collection for photos of unpublished officer pages (made, and kept restricted, on demand)."""
    with transaction.atomic():
        collection = _child_collection(PENDING_COLLECTION)
        if not CollectionViewRestriction.objects.filter(collection=collection).exists():
            restriction = CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.GROUPS
            )
            restriction.groups.set(Group.objects.filter(name__in=PENDING_VIEWER_ROLES))
    return collection


def officers_collection():
    """The public collection for photos of published officers."""
    return _child_collection(OFFICERS_COLLECTION)


def is_pending(image):
    return image is not None and image.collection.name == PENDING_COLLECTION and image.collection.depth == 2


def publish_photo(sender, instance, **kwargs):
    """``page_published`` receiver: a published officer's photo leaves the restricted collection."""
    from campaign.models import OfficerPage

    page = instance.specific
    if not isinstance(page, OfficerPage) or page.photo_id is None:
        return
    photo = page.photo
    if is_pending(photo):
        photo.collection = officers_collection()
        photo.save(update_fields=["collection"])  # private_media.signals moves its files


def connect():
    from wagtail.signals import page_published

    page_published.connect(publish_photo, dispatch_uid="moderation-publish-officer-photo")
