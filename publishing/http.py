"""HTTP caching for anonymous HTML pages.

A public page served to an anonymous reader gets a short ``Cache-Control``
max-age, an ``ETag`` (``publishing.cache_keys.etag``: content version, path,
script variant and the day in Asia/Shanghai, since activity status badges
change at midnight without a publish) and a ``Last-Modified``, and a
conditional request is answered with 304. Editors, previews, private pages and everything else are left alone or
marked uncacheable.
"""

import datetime

from django.conf import settings
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date
from wagtail.models import Page

from publishing import cache_keys, content_version
from publishing.cache_keys import SHANGHAI, shanghai_today
from publishing.visibility import is_public


def public_html_max_age():
    return getattr(settings, "PUBLIC_HTML_MAX_AGE", 60)


def served_page(response):
    """The Wagtail page a TemplateResponse rendered, if any."""
    context = getattr(response, "context_data", None) or {}
    page = context.get("page") or context.get("self")
    return page if isinstance(page, Page) else None


def validators(request):
    """(etag, last_modified) for the current content of this URL (``publishing.cache_keys``)."""
    version, changed_at = content_version.current()
    midnight = datetime.datetime.combine(shanghai_today(), datetime.time.min, tzinfo=SHANGHAI)
    return cache_keys.etag(request, version), max(changed_at, midnight)


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
        etag, last_modified = validators(request)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=public_html_max_age())
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=response
        )
        return conditional
