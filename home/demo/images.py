"""Demo images drawn locally with Pillow: nothing is downloaded."""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

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


def _font(size):
    return ImageFont.load_default(size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def card(key, label, caption, size=(1200, 675)):
    """A campaign or activity card: bold colour field, a big label and a caption line."""
    dark, light = _colours(key)
    width, height = size
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    # Concentric arcs echo the Quality Month mark without copying any logo.
    for step in range(6):
        radius = int(height * (0.35 + step * 0.18))
        draw.ellipse(
            (width - radius, height - radius, width + radius, height + radius),
            outline=light,
            width=max(2, height // 120),
        )
    draw.rectangle((0, height - height // 6, width, height), fill=light)
    draw.text((width // 14, height // 5), label, font=_font(height // 4), fill=light)
    draw.text((width // 14, height - height // 8), caption, font=_font(height // 18), fill=dark, anchor="lm")
    return _png(image)


def avatar(key, initials, size=800):
    """A square initials avatar for an officer profile."""
    dark, light = _colours(key)
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size // 10, size // 10, size - size // 10, size - size // 10), fill=dark)
    draw.text((size // 2, size // 2), initials, font=_font(size // 3), fill=light, anchor="mm")
    return _png(image)
