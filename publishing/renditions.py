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
}

# Widths of the site's responsive ``srcset``.
SRCSET_WIDTHS = [320, 640, 960, 1280]

# Every filter spec worth pre-generating, in a stable order.
PREGENERATED_FILTER_SPECS = list(NAMED_RENDITIONS.values()) + [f"width-{width}" for width in SRCSET_WIDTHS]
