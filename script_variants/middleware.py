"""The /zh-hant/, /zh-tw/ and /zh-hk/ twins of every public page, feed, calendar and sitemap.

``ScriptVariantMiddleware`` strips a known variant prefix from ``path_info``
before URL resolution (``request.path`` keeps it, so ETags and
``get_full_path()`` stay per-variant), records ``request.script_variant``,
and converts the response: HTML (text only, links kept in the variant),
RSS/Atom/sitemap XML and iCalendar. An unknown ``/zh-xx/`` prefix is a 404;
``/zh-hans/...`` redirects to the Simplified URL at the root.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix
from django.utils.http import escape_leading_slashes, url_has_allowed_host_and_scheme

from cms.absolute_urls import base_url
from script_variants import markup
from script_variants.converter import SIMPLIFIED, TRADITIONAL
from script_variants.negotiation import HTML_LANG, URL_PREFIXES

VARIANT_PREFIX = re.compile(r"^/(zh-[A-Za-z]{2,4})(/|$)")
# Only these live under a variant prefix; the API, admin and files exist once.
NOT_VARIANTED = markup.UNPREFIXED


def _kind(content_type):
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if content_type in ("text/calendar",):
        return "ics"
    if content_type.endswith("xml"):
        return "xml"
    return None


def origins():
    return (base_url(),)


def simplified_location(request, prefix):
    """The root URL for a /zh-hans/... request, never a scheme-relative ``//host`` one."""
    rest = request.get_full_path()[len(get_script_prefix()) + len(prefix) :] or "/"
    # get_full_path() percent-encodes backslashes and controls; leading slashes are escaped here.
    location = escape_leading_slashes(get_script_prefix().rstrip("/") + rest)
    if not url_has_allowed_host_and_scheme(location, allowed_hosts=None):
        return "/"
    return location


class ScriptVariantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = VARIANT_PREFIX.match(request.path_info)
        if match is None:
            # No prefix: the site is Simplified; the API negotiates (negotiation.api_variant).
            response = self.get_response(request)
            if _kind(response.get("Content-Type")) == "html":
                response.headers.setdefault("Content-Language", HTML_LANG[SIMPLIFIED])
            return response
        prefix = match.group(1)
        if prefix == SIMPLIFIED:
            return HttpResponsePermanentRedirect(simplified_location(request, prefix))
        variant = URL_PREFIXES.get(f"/{prefix}/")
        if variant is None:
            raise Http404("未知的文字版本")
        if not match.group(2):
            return HttpResponsePermanentRedirect(request.path + "/")
        rest = request.path_info[len(prefix) + 1 :]
        if rest.startswith(NOT_VARIANTED):
            raise Http404("此地址没有繁体版本")
        request.script_variant = variant
        request.path_info = rest
        response = self.get_response(request)
        return self.convert_response(request, response, variant)

    def convert_response(self, request, response, variant):
        location = response.get("Location")
        if location:
            response["Location"] = markup.rewrite_url(location, origins(), variant)
        kind = _kind(response.get("Content-Type"))
        if kind is None or response.streaming or response.status_code == 304 or not response.content:
            return response
        if kind == "html":
            response["Content-Language"] = HTML_LANG[variant]
        # Memoised on a hash of the Simplified bytes: that changes whenever the content
        # version does, and costs no query (the response cache hands us its body).
        response.content = markup.convert_document_bytes(
            response.content, variant, kind, origins(), response.charset or "utf-8"
        )
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


__all__ = ["ScriptVariantMiddleware", "TRADITIONAL"]
