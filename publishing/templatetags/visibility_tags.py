"""Templates ask the one visibility rule (publishing.visibility) before showing media."""

from django import template

from publishing import visibility

register = template.Library()


@register.filter
def is_public_media(obj):
    """``{% if page.hero_image|is_public_media %}``: false for images and documents of private collections."""
    return visibility.is_public_media(obj)
