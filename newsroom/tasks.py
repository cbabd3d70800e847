"""Background work for the newsroom: pre-generating image renditions."""

import logging

from django_tasks import task

from publishing.renditions import PREGENERATED_FILTER_SPECS

logger = logging.getLogger(__name__)


@task()
def generate_renditions(image_ids):
    """Create the shared renditions for each image; missing or broken images are skipped."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    done = 0
    for image in Image.objects.filter(pk__in=image_ids):
        try:
            image.get_renditions(*PREGENERATED_FILTER_SPECS)
            done += 1
        except Exception:  # a broken file must not stop the others
            logger.exception("Could not generate renditions for image %s", image.pk)
    return done


def page_image_ids(page):
    """IDs of the images a page shows: ForeignKeys to images and image blocks in StreamFields."""
    from wagtail.fields import StreamField
    from wagtail.images import get_image_model
    from wagtail.images.blocks import ImageBlock, ImageChooserBlock

    Image = get_image_model()
    ids = set()
    for field in page._meta.get_fields():
        if getattr(field, "many_to_one", False) and field.related_model is Image:
            value = getattr(page, field.attname, None)
            if value:
                ids.add(value)
        elif isinstance(field, StreamField):
            for block in _walk(getattr(page, field.name)):
                if isinstance(block.block, (ImageChooserBlock, ImageBlock)) and block.value:
                    ids.add(block.value.pk)
    return sorted(ids)


def _walk(stream_value):
    """Every bound block in a stream, however deeply nested in structs and lists."""
    from wagtail.blocks import BoundBlock, StreamValue, StructValue
    from wagtail.blocks.list_block import ListValue

    stack = list(stream_value or [])
    while stack:
        child = stack.pop()
        if isinstance(child, BoundBlock) or hasattr(child, "block"):
            yield child
            value = child.value
        else:
            value = child
        if isinstance(value, StreamValue):
            stack.extend(value)
        elif isinstance(value, StructValue):
            stack.extend(value.bound_blocks.values())
        elif isinstance(value, ListValue):
            stack.extend(value.bound_blocks)
