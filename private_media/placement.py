"""Move an image's files when it changes between a public and a private collection.

An image's privacy is carried by the name of its original (``storage``): a
private image's original is renamed into the private folder, and its
renditions, named after the original, are deleted so that every one made from
now on lands beside it. A public URL of an image that became private stops
working at once.
"""

import logging
import os
import shutil

from django.core.files.storage import default_storage
from wagtail.images import get_image_model

from private_media.storage import is_private_name, private_name, public_name
from publishing import invalidation
from publishing.visibility import read_private_collection_ids

logger = logging.getLogger(__name__)


def place_images(images, private_ids=None):
    """Put each image's files where its collection's privacy says; returns how many moved."""
    private_ids = read_private_collection_ids() if private_ids is None else private_ids
    moved = [image for image in images if place_image(image, image.collection_id in private_ids)]
    if moved:
        invalidation.stamp({f"image:{image.pk}" for image in moved})
        made_public = [image.pk for image in moved if not is_private_name(image.file.name)]
        if made_public:
            from newsroom.signals import enqueue_renditions

            enqueue_renditions(made_public)
    return len(moved)


def place_image(image, private):
    """Rename one image's original and drop its renditions if it is on the wrong side; True if moved."""
    name = image.file.name
    if not name or is_private_name(name) == private:
        return False
    wanted = private_name(name) if private else public_name(name)
    if default_storage.exists(name):
        target_name = default_storage.get_available_name(wanted)
        target_name = move(name, target_name)
    else:  # nothing to move (a missing file): only the name follows
        logger.warning("Image %s: original %s is missing", image.pk, name)
        target_name = wanted
    get_image_model().objects.filter(pk=image.pk).update(file=target_name)
    image.file.name = target_name
    drop_renditions(image)
    return True


def move(name, target_name):
    """Move a stored file to another name (a rename on disk, a copy and delete on object storage); its new name."""
    try:
        source, target = default_storage.path(name), default_storage.path(target_name)
    except NotImplementedError:
        with default_storage.open(name, "rb") as content:
            target_name = default_storage.save(target_name, content)
        default_storage.delete(name)
        return target_name
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.move(source, target)  # PRIVATE_MEDIA_ROOT may be on another disk
    return target_name


def drop_renditions(image):
    for rendition in image.renditions.all():
        rendition.file.delete(save=False)
    image.renditions.all().delete()
    if hasattr(image, "prefetched_renditions"):
        del image.prefetched_renditions


def images_in(collection_ids):
    return get_image_model().objects.filter(collection_id__in=collection_ids)
