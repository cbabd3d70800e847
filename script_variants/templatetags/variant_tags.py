"""Template tags for the script-variant switch and hreflang alternates (templates/base.html)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from cms.absolute_urls import absolute_url
from script_variants.markup import prefixed_path, unprefixed_path
from script_variants.negotiation import HONG_KONG, HTML_LANG, SIMPLIFIED, TAIWAN, TRADITIONAL, VARIANTS, request_variant

register = template.Library()

# variant -> (visible label, full name for the title attribute), in switch order.
LABELS = {
    SIMPLIFIED: ("简体", "简体中文"),
    TRADITIONAL: ("繁體", "繁體中文"),
    TAIWAN: ("台灣正體", "台灣正體中文"),
    HONG_KONG: ("香港繁體", "香港繁體中文"),
}


def _paths(request):
    full = request.get_full_path() if request is not None else "/"
    simplified = unprefixed_path(full.split("?")[0])
    query = "?" + full.split("?", 1)[1] if "?" in full else ""
    return {variant: prefixed_path(simplified, variant) + query for variant in VARIANTS}


@register.simple_tag(takes_context=True)
def variant_alternates(context):
    """<link rel="alternate" hreflang> for every variant (absolute, on the public origin)."""
    paths = _paths(context.get("request"))
    rows = [(HTML_LANG[v], absolute_url(paths[v])) for v in VARIANTS]
    rows.append(("x-default", absolute_url(paths[SIMPLIFIED])))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', rows)


@register.simple_tag(takes_context=True)
def variant_switch(context):
    """The visible 简体 / 繁體 / 台灣正體 / 香港繁體 switch; it keeps the reader on the same page."""
    request = context.get("request")
    paths = _paths(request)
    current = request_variant(request) if request is not None else SIMPLIFIED
    links = []
    for variant in VARIANTS:
        label, name = LABELS[variant]
        links.append(
            format_html(
                '<a href="{}" hreflang="{}" lang="{}" title="{}"{}>{}</a>',
                paths[variant],
                HTML_LANG[variant],
                HTML_LANG[variant],
                name,
                mark_safe(' aria-current="true"') if variant == current else "",
                label,
            )
        )
    # data-script-keep: the converter leaves this span (labels and hrefs) alone.
    return format_html(
        '<span class="script-switch" data-script-keep role="group" aria-label="简繁切换">{}</span>',
        mark_safe(" / ".join(links)),
    )
