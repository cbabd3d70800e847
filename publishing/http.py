"""HTTP caching for anonymous HTML pages.

A public page served to an anonymous reader gets a short ``Cache-Control``
max-age, an ``ETag`` (``publishing.cache_keys.etag``: the latest change among
the dependency keys the response read, path, script variant and the day in
Asia/Shanghai, since activity status badges change at midnight without a
publish) and a ``Last-Modified``, and a conditional request is answered with
304. The validators are applied by ``publishing.response_cache`` once the
response has rendered, for every public surface alike. Editors, previews,
private pages and everything else are left alone or marked uncacheable.
"""

import datetime

from django.conf import settings
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from wagtail.models import Page

from publishing import cache_keys, invalidation
from publishing.cache_keys import SHANGHAI, shanghai_today
from publishing.visibility import is_public


def public_html_max_age():
    return getattr(settings, "PUBLIC_HTML_MAX_AGE", 60)


def served_page(response):
    """The Wagtail page a TemplateResponse rendered, if any."""
    context = getattr(response, "context_data", None) or {}
    page = context.get("page") or context.get("self")
    return page if isinstance(page, Page) else None


def mark_public(response, *, dated=True):
    """Ask for an ETag and Last-Modified on this public response (``apply_validators``).

    ``dated``: the response shows activity status badges, which change at
    midnight in Asia/Shanghai (HTML pages and the API; not feeds, calendars or
    the sitemap). The validators are computed once the whole response has
    rendered, from the dependency keys it read (``publishing.response_cache``).
    """
    response.public_validators = dated
    return response


def wants_validators(response):
    return getattr(response, "public_validators", None) is not None and response.status_code == 200


def apply_validators(request, response, keys, pinned):
    """Set ETag and Last-Modified from the stamps of ``keys``; returns (response or 304, fresh).

    ``pinned`` is the (version, changed_at) read before the render. ``fresh``
    is False when one of the keys changed while the response rendered: it may
    show the older content, so it gets an ETag of its own and is not stored.
    """
    dated = response.public_validators
    stamp, changed_at = invalidation.read_stamps(keys)
    fresh = stamp <= pinned[0]
    tag = cache_keys.etag(request, stamp if fresh else f"{pinned[0]}~", dated=dated)
    last_modified = changed_at or pinned[1]
    if dated:
        midnight = datetime.datetime.combine(shanghai_today(), datetime.time.min, tzinfo=SHANGHAI)
        last_modified = max(last_modified, midnight)
    response["ETag"] = tag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    return response, fresh


def conditional_response(request, response):
    """304 instead of ``response`` when the request's validators match its ETag/Last-Modified."""
    etag = response.get("ETag")
    if not etag or not (request.META.get("HTTP_IF_NONE_MATCH") or request.META.get("HTTP_IF_MODIFIED_SINCE")):
        return response
    last_modified = response.get("Last-Modified")
    last_modified = parse_http_date_safe(last_modified) if last_modified else None
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response) or response


class PublicPageCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = served_page(response)
        if page is None:
            return response
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            add_never_cache_headers(response)
            return response
        if getattr(request, "is_preview", False) or request.user.is_authenticated or not is_public(page):
            # Editors see the userbar and drafts; private pages must never sit in a shared cache.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response
        if response.has_header("Cache-Control"):
            return response
        patch_cache_control(response, public=True, max_age=public_html_max_age())
        return mark_public(response)
