"""Sharing and search-engine metadata: description, canonical URL, Open Graph, JSON-LD."""

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from cms.absolute_urls import absolute_url, page_url
from publishing.visibility import is_public_media
from syndication import structured_data

register = template.Library()

DEFAULT_OG_IMAGE = "img/og-default.png"


def _share_image(page, context):
    """The first public image of the page, else the campaign's; images of private collections never."""
    campaign = context.get("campaign")
    candidates = [getattr(page, "hero_image", None), getattr(page, "photo", None)]
    candidates.append(getattr(campaign, "hero_image", None))
    return next((image for image in candidates if image is not None and is_public_media(image)), None)


def describe(page):
    """A one-paragraph description for meta tags, from the first field that has one."""
    for name in ("search_description", "lead", "summary", "introduction", "declaration"):
        value = (getattr(page, name, "") or "").strip()
        if value:
            return value[:200]
    return "昆明市全国“质量月”：活动、春城质量官与新闻。"


@register.inclusion_tag("includes/sharing_head.html", takes_context=True)
def sharing_head(context):
    page = context.get("page")
    request = context.get("request")
    if page is None:
        return {"request": request}
    specific = getattr(page, "specific", page)
    image = _share_image(specific, context)
    canonical = context.get("canonical_url") or page_url(specific, request)
    og_type = {"newspage": "article", "officerpage": "profile"}.get(specific._meta.model_name, "website")
    data = structured_data.for_page(specific, request, context)
    return {
        "request": request,
        "page": specific,
        "description": describe(specific),
        "canonical": canonical,
        "og_type": og_type,
        "og_image": structured_data.og_image_url(image) if image else absolute_url(static(DEFAULT_OG_IMAGE)),
        "og_image_alt": (image.default_alt_text if image else "质量昆明"),
        "og_image_size": (1200, 630),
        "json_ld": mark_safe(structured_data.dumps(data)) if data else "",  # safe: escaped in dumps()
    }
