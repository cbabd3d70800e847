"""Demo images drawn locally with Pillow: nothing is downloaded.

Text is set in Noto Sans SC from the pinned ``pylopdf-fonts-zh-cn`` package, so
the Chinese captions and the surname avatars draw the same on any machine,
whether or not it has CJK system fonts. All text sits in the middle of the
card, inside the square that every crop the templates make (16:9, 1.9:1 for
sharing cards, 1:1) keeps.
"""

import hashlib
import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from pylopdf_fonts_zh_cn import sans_path

PALETTE = [
    ("#0b5394", "#e8f0fe"),
    ("#a61c00", "#fdecea"),
    ("#38761d", "#e6f4ea"),
    ("#7f6000", "#fef7e0"),
    ("#5b0f8b", "#f3e8fd"),
    ("#134f5c", "#e0f2f1"),
    ("#3c4043", "#f1f3f4"),
]


def _colours(key):
    index = int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(PALETTE)
    return PALETTE[index]


@cache
def _font(size):
    return ImageFont.truetype(str(sans_path()), size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _fitted(draw, text, size, width):
    """The largest font up to ``size`` in which ``text`` fits ``width`` pixels."""
    while size > 12 and draw.textlength(text, font=_font(size)) > width:
        size -= 2
    return _font(size)


def card(key, label, caption, size=(1200, 675)):
    """A campaign or activity card: colour field, concentric arcs, a big label over a caption band."""
    dark, light = _colours(key)
    width, height = size
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    centre = (width // 2, height // 2)
    # Concentric rings echo the Quality Month mark without copying any logo.
    for step in range(7):
        radius = int(height * (0.3 + step * 0.14))
        draw.ellipse(
            (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
            outline=light,
            width=max(2, height // 160),
        )
    safe = int(height * 0.86)  # text stays inside the central square
    draw.text(
        (centre[0], int(height * 0.42)), label, font=_fitted(draw, label, height // 4, safe), fill=light, anchor="mm"
    )
    band = (centre[0] - safe // 2, int(height * 0.62), centre[0] + safe // 2, int(height * 0.76))
    draw.rounded_rectangle(band, radius=height // 60, fill=light)
    font = _fitted(draw, caption, height // 14, safe - height // 10)
    draw.text((centre[0], (band[1] + band[3]) // 2), caption, font=font, fill=dark, anchor="mm")
    return _png(image)


def avatar(key, surname, size=800):
    """A square avatar for an officer profile: the surname character in a coloured disc."""
    dark, light = _colours(key)
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size // 10, size // 10, size - size // 10, size - size // 10), fill=dark)
    draw.text((size // 2, size // 2), surname, font=_font(size * 2 // 5), fill=light, anchor="mm")
    return _png(image)
