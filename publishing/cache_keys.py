"""The one function that keys cached public responses and their ETags.

Every public response (HTML page, API response, feed, calendar, sitemap) is
identified by :func:`response_key`, built from what the response depends on:

* the content version (today the global one, ``publishing.content_version``);
* the day in Asia/Shanghai, where activity status badges depend on it (HTML
  pages and the API; ``dated=False`` for feeds, calendars and the sitemap);
* the script variant (``script_variants.negotiation.request_variant``);
* the request as far as our responses vary on it: host, path and query, the
  body format (``Accept``), ``Origin`` (CORS headers) and ``Accept-Language``.

The whole-response cache (``publishing.response_cache.cache_key``) stores
entries under this key, and every ETag is :func:`etag` of the same key
(``publishing.http.validators`` for HTML and the API,
``syndication.views`` for feeds, calendars and the sitemap). Nothing else
may build a cache key or an ETag for a public response.
"""

import hashlib
import zoneinfo

from django.utils import timezone

from script_variants.negotiation import request_variant

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UNDATED = "-"


def shanghai_today():
    return timezone.now().astimezone(SHANGHAI).date()


def response_key(request, version, *, dated=True):
    """The key of the public response to ``request`` at content ``version``.

    ``version:date:variant:digest``; the digest covers host, path and query,
    ``Accept``, ``Origin`` and ``Accept-Language``.
    """
    day = shanghai_today().isoformat() if dated else UNDATED
    meta = request.META
    varying = "\n".join(
        (
            request.get_host(),
            request.get_full_path(),
            meta.get("HTTP_ACCEPT", ""),
            meta.get("HTTP_ORIGIN", ""),
            meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        )
    )
    digest = hashlib.sha1(varying.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{version}:{day}:{request_variant(request)}:{digest}"


def etag(request, version, *, dated=True):
    """The weak ETag of the public response to ``request`` at content ``version``."""
    key = response_key(request, version, dated=dated)
    return f'W/"{hashlib.sha1(key.encode()).hexdigest()[:20]}"'
