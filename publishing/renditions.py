"""The image sizes the site and the API use: one list, shared by everyone.

Renditions for these specs are generated in the background after an image is
uploaded or a page using it is published (``newsroom.tasks``), so that no
public request has to wait for Pillow.
"""

# Named sizes (API ``image.renditions`` keys, templates).
NAMED_RENDITIONS = {
    "thumbnail": "fill-160x160",
    "card": "fill-640x360",
    "hero": "width-1600",
    # WebP and 2x (high-density screens) of each; a hero at 1600 is already 2x of a phone screen.
    "thumbnail_2x": "fill-320x320",
    "card_2x": "fill-1280x720",
    "thumbnail_webp": "fill-160x160|format-webp",
    "thumbnail_2x_webp": "fill-320x320|format-webp",
    "card_webp": "fill-640x360|format-webp",
    "card_2x_webp": "fill-1280x720|format-webp",
    "hero_webp": "width-1600|format-webp",
}

# Widths of the site's responsive ``srcset``.
SRCSET_WIDTHS = [320, 640, 960, 1280]

# The responsive ``{% picture %}`` sizes of the public templates, as written in
# them (a test keeps every template to this list).
SITE_PICTURES = {
    "wide": "format-{webp,jpeg} fill-{400x225,800x450,1280x720}",  # heroes, activity cards, news items
    "article": "format-{webp,jpeg} width-{400,800,1200}",  # activity hero, images in the body
    "square": "format-{webp,jpeg} fill-{96x96,192x192,384x384}",  # officer photos
}

# Open Graph and JSON-LD sharing image.
SHARE_IMAGE = "fill-1200x630|format-jpeg"


def expand(spec):
    """``format-{webp,jpeg} width-{400,800}`` -> the filter specs Wagtail's picture tag asks for."""
    from wagtail.images.models import Filter

    return Filter().expand_spec(spec)


# Every filter spec worth pre-generating, in a stable order.
PREGENERATED_FILTER_SPECS = [
    *NAMED_RENDITIONS.values(),
    *(f"width-{width}" for width in SRCSET_WIDTHS),
    *(filter_spec for spec in SITE_PICTURES.values() for filter_spec in expand(spec)),
    SHARE_IMAGE,
]
