"""``{% picture %}`` with its HTML remembered per image and per tag (fragment cache).

Wagtail's ``{% picture %}`` looks up every rendition and builds the
``<picture>`` element on each render; the home page has dozens of them. This
library's ``picture`` is Wagtail's tag (same syntax, parsed by Wagtail's
own ``image`` compile function), remembering the HTML it produced in this
process, keyed by everything that HTML depends on:

* the image: id, file name, title and alt text, its size, focal point and
  collection (a new file, a new title, a focal point change or a move to
  another collection makes a new key);
* the tag: its filter specs and the attribute values as rendered.

Whether the image may be shown at all is decided outside the tag
(``is_public_media`` in the templates), never from this cache. Entries live
``PICTURE_CACHE_SECONDS`` (renditions deleted by hand are re-made within that
time) and at most ``PICTURE_CACHE_ENTRIES`` are kept. ``{% picture … as var %}``
is not cached. Load it after ``wagtailimages_tags``; the attributes of
Wagtail's node it reads are listed in docs/upgrading.md.
"""

import time

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag

register = template.Library()

_entries = {}


def max_entries():
    return getattr(settings, "PICTURE_CACHE_ENTRIES", 4096)


def ttl():
    return getattr(settings, "PICTURE_CACHE_SECONDS", 3600)


def clear():
    _entries.clear()


def image_stamp(image):
    return (
        image.pk,
        image.file.name,
        image.title,
        getattr(image, "default_alt_text", ""),
        image.width,
        image.height,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        image.collection_id,
    )


class CachedPictureNode(template.Node):
    def __init__(self, node):
        self.node = node  # Wagtail's PictureNode

    def render(self, context):
        node = self.node
        if node.output_var_name or not ttl():
            return node.render(context)
        image = node.validate_image(context)
        if not image or getattr(image, "pk", None) is None:
            return node.render(context)
        attrs = tuple((name, str(value.resolve(context))) for name, value in node.attrs.items())
        key = (image_stamp(image), tuple(node.filter_specs), attrs)
        now = time.monotonic()
        hit = _entries.get(key)
        if hit is not None and hit[1] > now:
            return hit[0]
        html = mark_safe(node.render(context))  # Wagtail's own escaped <picture> HTML
        if len(_entries) >= max_entries():
            _entries.clear()
        _entries[key] = (html, now + ttl())
        return html


@register.tag("picture")
def picture(parser, token):
    return CachedPictureNode(wagtail_image_tag(parser, token))
