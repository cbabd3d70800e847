"""Which script variant a request asks for.

``request_variant(request)`` is pure and cheap and never raises, so other
layers (the whole-response cache, ETags) can key on it:

* the HTML site: a ``/zh-hant/``, ``/zh-tw/`` or ``/zh-hk/`` path prefix (the prefix middleware records
  the variant on ``request.script_variant`` before stripping the prefix);
* the partner API: ``?variant=`` wins over ``Accept-Language``
  (zh-Hant → generic Traditional; zh-TW, zh-Hant-TW → Taiwan;
  zh-HK, zh-MO, zh-Hant-HK, zh-Hant-MO → Hong Kong).

An unknown ``?variant=`` yields the default here; the API layer answers 400.
"""

from script_variants.converter import CONVERTED, HONG_KONG, SIMPLIFIED, TAIWAN, TRADITIONAL, VARIANTS

__all__ = [
    "CONVERTED",
    "HONG_KONG",
    "SIMPLIFIED",
    "TAIWAN",
    "TRADITIONAL",
    "VARIANTS",
    "URL_PREFIXES",
    "HTML_LANG",
    "accept_language_variant",
    "api_variant",
    "path_variant",
    "request_variant",
]

# URL prefix -> variant. The Simplified default lives at the root.
URL_PREFIXES = {f"/{variant}/": variant for variant in CONVERTED}

# Variant -> BCP 47 tag for lang=, hreflang= and Content-Language.
HTML_LANG = {SIMPLIFIED: "zh-Hans", TRADITIONAL: "zh-Hant", TAIWAN: "zh-Hant-TW", HONG_KONG: "zh-Hant-HK"}

# Accept-Language tags (and their subtags), most specific first.
_TAGS = (
    (("zh-hant-tw", "zh-tw"), TAIWAN),
    (("zh-hant-hk", "zh-hant-mo", "zh-hk", "zh-mo"), HONG_KONG),
    (("zh-hant",), TRADITIONAL),
    (("zh-hans", "zh-cn", "zh-sg", "zh-my", "zh"), SIMPLIFIED),
)


def _tag_variant(tag):
    for tags, variant in _TAGS:
        if any(tag == t or tag.startswith(t + "-") for t in tags):
            return variant
    return None


def path_variant(path):
    """The variant named by a URL path prefix, or None."""
    path = path or ""
    for prefix, variant in URL_PREFIXES.items():
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return variant
    return None


def accept_language_variant(header):
    """The best zh-* variant in an Accept-Language header, or None."""
    best = None
    best_q = -1.0
    try:
        for item in (header or "").split(","):
            parts = item.strip().split(";")
            tag = parts[0].strip().lower()
            if not tag:
                continue
            q = 1.0
            for param in parts[1:]:
                name, _, value = param.strip().partition("=")
                if name.strip() == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            if q <= 0:
                continue
            variant = _tag_variant(tag)
            if variant is not None and q > best_q:
                best, best_q = variant, q
    except Exception:  # never raise on a malformed header
        return None
    return best


def api_variant(request):
    """(variant, raw) for the API: raw is the ?variant= value if one was given.

    raw not in VARIANTS means the API should answer 400.
    """
    try:
        raw = request.GET.get("variant")
    except Exception:
        raw = None
    if raw is not None:
        value = raw.strip().lower()
        return (value if value in VARIANTS else SIMPLIFIED), raw
    return accept_language_variant(request.META.get("HTTP_ACCEPT_LANGUAGE")) or SIMPLIFIED, None


def request_variant(request):
    """The variant ('zh-hans', 'zh-hant', 'zh-tw', 'zh-hk') for this request; never raises."""
    try:
        recorded = getattr(request, "script_variant", None)
        if recorded in VARIANTS:
            return recorded
        variant = path_variant(getattr(request, "path_info", "") or getattr(request, "path", ""))
        if variant is None:
            variant = path_variant(getattr(request, "path", ""))
        if variant is not None:
            return variant
        if (getattr(request, "path", "") or "").startswith("/api/"):
            return api_variant(request)[0]
    except Exception:
        pass
    return SIMPLIFIED
