"""The one function that keys cached public responses and their ETags.

Every public response (HTML page, API response, feed, calendar, sitemap) is
identified by :func:`response_key`, built from what the response depends on:

* the dependency stamp: the latest change among the dependency keys the
  response read while it rendered (``publishing.invalidation``), so a publish
  changes the ETag of exactly the responses that read what it changed;
* the day in Asia/Shanghai, where activity status badges depend on it (HTML
  pages and the API; ``dated=False`` for feeds, calendars and the sitemap);
* the script variant (``script_variants.negotiation.request_variant``);
* the request as far as our responses vary on it: host, path and query, the
  body format (``Accept``), ``Origin`` (CORS headers) and ``Accept-Language``.

The whole-response cache (``publishing.response_cache.cache_key``) stores
entries under this key without a stamp, and every ETag is :func:`etag` of the
same key with the stamp (``publishing.http.apply_validators``, for HTML, the
API, feeds, calendars and the sitemap alike). Nothing else may build a cache
key or an ETag for a public response.
"""

import hashlib
import zoneinfo

from django.utils import timezone

from script_variants.negotiation import request_variant

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UNDATED = "-"


def shanghai_today():
    return timezone.now().astimezone(SHANGHAI).date()


def response_key(request, stamp=None, *, dated=True):
    """The key of the public response to ``request``; with ``stamp``, of its content at that stamp.

    ``[stamp:]date:variant:digest``; the digest covers host, path and query,
    ``Accept``, ``Origin`` and ``Accept-Language``. Without a stamp it names
    the cache entry of the URL (``publishing.response_cache``), which holds
    its own dependency keys and is checked against their stamps on every hit.
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
    key = f"{day}:{request_variant(request)}:{digest}"
    return key if stamp is None else f"{stamp}:{key}"


def etag(request, stamp, *, dated=True):
    """The weak ETag of the public response to ``request`` whose dependencies last changed at ``stamp``."""
    key = response_key(request, stamp, dated=dated)
    return f'W/"{hashlib.sha1(key.encode()).hexdigest()[:20]}"'
