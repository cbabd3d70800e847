"""Whole-response cache for anonymous public HTML and API responses, invalidated by dependency.

A cache hit costs one cache ``get`` and one batched read of the stamps of the
entry's dependency keys; none of the inner middleware, views, templates or
serializers run.

Correctness comes before speed:

* **Keyed by what each response read.** Every render runs inside
  ``publishing.dependencies.tracking(response=True)``; the entry keeps the
  keys it read (pages, images and their collections, tags, snippets, list
  membership ``children:<id>`` / ``type:<model>``, and ``site``) and the
  content version pinned before it started. Every change stamps the keys it
  touched in its own transaction (``publishing.invalidation``); an entry one
  of whose keys carries a later stamp is never served as fresh. A publish thus
  retires what depends on it and nothing else, in every process at once (the
  stamps are rows in the database).
* **Time-based visibility.** A page whose ``expire_at`` (or a live page whose
  ``go_live_at``) passes before the scheduler runs changes what is public
  without a change being recorded. Each entry is valid only until the next
  such moment among live pages (computed once per content version and
  cached), and at most ``RESPONSE_CACHE_TTL`` seconds. The Asia/Shanghai date
  is in the key too (activity status badges change at midnight).
* **Only what is meant for everyone.** A request is never served from or
  stored in the cache when it carries a session cookie (editors, unlocked
  private pages, previews), an ``Authorization`` header (unless it is a
  partner key that ``partner_api.middleware`` has already checked and
  throttled, see below) or is under the admin. A response is stored only when it is a 200 to a GET,
  says ``Cache-Control: public`` (the page and API layers mark private,
  preview and keyed responses ``private``/``no-store``), sets no cookie and
  did not use a CSRF token. Per-client rate-limit headers are not stored.
* **One key.** The entry key is ``publishing.cache_keys.response_key`` and
  every ETag is ``publishing.cache_keys.etag`` of the same key with the
  dependency stamp (applied here, for every public surface).
* **No stampede.** One request renders a missing or retired entry
  (single flight, a lock in the cache); meanwhile the others get the retired
  copy for at most ``RESPONSE_CACHE_STALE_SECONDS`` after the change
  (``X-Cache: STALE``) or wait for the render. An entry past its time bound is
  never served stale.

* **Partner keys share the anonymous entry.** Every partner sees the same
  content as an anonymous client; only the RateLimit headers (added outside
  this middleware) and ``Cache-Control: private`` differ. A request whose key
  was accepted (``KEYED_ATTR`` set by ``partner_api.middleware``, after the
  key check and the throttle) reads the shared entry and is answered
  ``private``; its 304 is built without the body. A keyed miss fills the
  shared entry when the view marked the response ``SHAREABLE_ATTR`` (same
  body as the anonymous one), stored as ``public``. A bad, revoked or
  throttled key never gets here: it is answered 401/403/429 first.

Works on any Django cache backend (local memory per process, or Redis shared).
"""

import datetime
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Min, Q
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime

from publishing import content_version, dependencies, http, invalidation, purge
from publishing.cache_keys import response_key
from publishing.models import ContentVersion

NEVER = float("inf")
# Headers that describe one client, never stored in a shared entry.
PER_CLIENT_HEADERS = {"x-ratelimit-limit", "x-ratelimit-remaining", "set-cookie", "retry-after"}
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/private-media/", "/documents/", "/healthz")

# Set on the request by partner_api.middleware once the partner key is valid and within its quota.
KEYED_ATTR = "response_cache_keyed"
# Set on a keyed response by the API view: its body is the anonymous body (only Cache-Control differs).
SHAREABLE_ATTR = "response_cache_shareable"

_VERSION_SQL = None


def enabled():
    return getattr(settings, "RESPONSE_CACHE_ENABLED", True)


def ttl():
    return getattr(settings, "RESPONSE_CACHE_TTL", 300)


def cache():
    return caches[getattr(settings, "RESPONSE_CACHE_ALIAS", "default")]


def read_version():
    """(version, changed_at) with one raw primary-key read (no ORM overhead on the hit path)."""
    global _VERSION_SQL
    if _VERSION_SQL is None:
        table = connection.ops.quote_name(ContentVersion._meta.db_table)
        _VERSION_SQL = f"SELECT version, changed_at FROM {table} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [content_version.SINGLETON_ID])
        row = cursor.fetchone()
    if row is None:
        return content_version.current()
    version, changed_at = row
    if isinstance(changed_at, str):
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return version, changed_at


def remember_site(request):
    """Wagtail's Site for this host, looked up once per content version (Site changes bump it)."""
    if hasattr(request, "_wagtail_site"):
        return
    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"site:{hostname}:{request.get_port()}"
    # Site.find_for_request() returns request._wagtail_site when it is set.
    request._wagtail_site = content_version.remembered(key, lambda: Site._find_for_request(request))


def next_boundary(version, now):
    """Epoch seconds of the next moment a live page expires or goes live (inf if none).

    Cached per content version; recomputed once the cached moment has passed.
    """
    from wagtail.models import Page

    key = f"rc:boundary:{version}"
    store = cache()
    boundary = store.get(key)
    if boundary is not None and boundary > now:
        return boundary
    moment = timezone.now()
    row = Page.objects.filter(live=True).aggregate(
        expire=Min("expire_at", filter=Q(expire_at__gt=moment)),
        go_live=Min("go_live_at", filter=Q(go_live_at__gt=moment)),
    )
    moments = [value.timestamp() for value in row.values() if value is not None]
    boundary = min(moments) if moments else NEVER
    store.set(key, boundary, None if boundary == NEVER else max(1, int(boundary - now) + 1))
    return boundary


MAX_REMEMBERED_VALUES = 512


def remembered_public(key, compute):
    """``compute()``, remembered in this process for the pinned content version.

    A value derived from public content (a count, a tag list, a month archive)
    changes only when the version is bumped or when a live page's
    ``expire_at``/``go_live_at`` passes (``next_boundary``), so it is kept until
    then. ``key`` must name everything the value depends on besides the content
    (the path and its filter parameters). Outside a pinned request, or with the
    response cache off, it is computed every time.
    """
    pinned = content_version.pinned.get()
    if pinned is None or not enabled():
        return compute()
    values = content_version.remembered("public-values", dict)
    now = time.time()
    hit = values.get(key)
    if hit is not None and hit[1] > now:
        dependencies.touch(*hit[2])  # what computing it read, for the response's record
        return hit[0]
    with dependencies.tracking() as tracker:
        value = compute()
    if len(values) < MAX_REMEMBERED_VALUES:
        values[key] = (value, min(next_boundary(pinned[0], now), now + ttl()), frozenset(tracker.keys))
    return value


def remembered_count(key, queryset):
    """``queryset.count()`` (``len()`` of a list), remembered like ``remembered_public``."""
    if isinstance(queryset, list) or not hasattr(queryset, "count"):
        return len(queryset)
    return remembered_public(("count", key), queryset.count)


def is_cacheable_request(request):
    if request.method != "GET":
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if request.META.get("HTTP_AUTHORIZATION") and getattr(request, KEYED_ATTR, False) is not True:
        return False
    bypass = getattr(settings, "RESPONSE_CACHE_BYPASS_HEADER", None)  # bench settings only
    return not (bypass and request.META.get(bypass))


def cache_key(request):
    """The cache entry of this request: ``publishing.cache_keys.response_key`` (no stamp)."""
    return "rc:" + response_key(request)


def is_keyed(request):
    return bool(request.META.get("HTTP_AUTHORIZATION")) and getattr(request, KEYED_ATTR, False) is True


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    if control & {"no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    if is_keyed(request):
        # A keyed answer is private; it fills the shared entry only when the view says its
        # body is the anonymous one (it is then stored as the public answer).
        return getattr(response, SHAREABLE_ATTR, False) is True and "private" in control and "cookie" not in vary
    if "public" not in control or "private" in control:
        return False
    return not ("cookie" in vary or "authorization" in vary and request.META.get("HTTP_AUTHORIZATION"))


def freeze(response, valid_until, as_of, keys, *, public=False):
    headers = [(name, value) for name, value in response.items() if name.lower() not in PER_CLIENT_HEADERS]
    if public:  # a keyed miss stored for everyone: the anonymous answer is public
        headers = [
            (name, value.replace("private", "public") if name.lower() == "cache-control" else value)
            for name, value in headers
        ]
    return (valid_until, as_of, tuple(sorted(keys)), response.status_code, headers, response.content)


def thaw(request, entry, state="HIT", *, keyed=False):
    status, headers, content = entry[3:]
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = state
    if keyed:  # the same body, answered privately (as the view answers a keyed request)
        patch_cache_control(response, private=True)
    # As on a miss: a shared cache in front must not hand this to a signed-in reader.
    patch_vary_headers(response, ("Cookie",))
    conditional = http.conditional_response(request, response)
    conditional["X-Cache"] = state
    return conditional


# Single flight: one render per entry at a time (per cache: per process with the
# local-memory cache, across the cluster with Redis). While it runs, others get
# the copy a change has just retired, for at most STALE_SECONDS after the change,
# or wait (at most RENDER_WAIT_SECONDS) for the render to be stored.


def stale_seconds():
    return getattr(settings, "RESPONSE_CACHE_STALE_SECONDS", 10)


def render_wait_seconds():
    return getattr(settings, "RESPONSE_CACHE_RENDER_WAIT", 3.0)


RENDER_LOCK_SECONDS = 30
WAIT_STEP = 0.02


def lookup(store, key, now):
    """(fresh entry or None, stale entry or None): a stale one was retired by a change less than STALE_SECONDS ago.

    One cache get and, for an entry within its time bound, one read of its keys' stamps.
    An entry past its time bound (expiry, go-live) is never served: it may show what is now hidden.
    """
    entry = store.get(key)
    if entry is None or entry[0] <= now:
        return None, None
    stamp, changed_at = invalidation.read_stamps(entry[2])
    if stamp <= entry[1]:
        return entry, None
    if changed_at is not None and now - changed_at.timestamp() < stale_seconds():
        return None, entry
    return None, None


def wait_for_render(store, key, lock):
    """The entry another request is rendering, once stored; None if it stores none in time."""
    deadline = time.time() + render_wait_seconds()
    while time.time() < deadline:
        time.sleep(WAIT_STEP)
        if store.get(lock) is None:  # done (stored, or not cacheable)
            break
    return lookup(store, key, time.time())[0]


class ResponseCacheMiddleware:
    """Serve and store whole anonymous public responses; validators for every public response.

    Every GET and HEAD renders inside ``dependencies.tracking(response=True)``;
    a response marked public (``publishing.http.mark_public``) gets its ETag and
    Last-Modified from the stamps of the keys it read, and a conditional request
    its 304, cached or not (keyed API requests, editors' previews excepted).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIP_PREFIXES):
            return self.get_response(request)
        if not (enabled() and is_cacheable_request(request)):
            return self.render(request, None, None)
        key, store = cache_key(request), cache()
        keyed = is_keyed(request)
        fresh, stale = lookup(store, key, time.time())
        if fresh is not None:
            return thaw(request, fresh, keyed=keyed)
        lock = key + ":rendering"
        if not store.add(lock, 1, RENDER_LOCK_SECONDS):
            # Another request is rendering this entry.
            if stale is not None:
                return thaw(request, stale, "STALE", keyed=keyed)
            rendered = wait_for_render(store, key, lock)
            if rendered is not None:
                return thaw(request, rendered, keyed=keyed)
            return self.render(request, key, store)
        try:
            return self.render(request, key, store)
        finally:
            store.delete(lock)

    def render(self, request, key, store):
        started = time.time()
        pinned = read_version()
        token = content_version.pinned.set(pinned)
        try:
            remember_site(request)
            boundary = next_boundary(pinned[0], started) if key is not None else NEVER
            with dependencies.tracking(response=True) as tracker:
                response = self.get_response(request)
            if not http.wants_validators(response):
                return response
            # Every URL is built from the site: every response depends on it.
            keys = invalidation.response_keys(tracker.keys)
            if tracker.unknown:
                # It read rows no key names (publishing.dependencies): any change may alter it.
                keys.add(invalidation.ANY_KEY)
            response, fresh = http.apply_validators(request, response, keys, pinned)
            if is_cacheable_request(request) and is_cacheable_response(request, response):
                keyed = is_keyed(request)
                if not keyed:  # what a cache in front may store (a keyed answer is private)
                    for name, value in purge.key_headers(keys).items():
                        response[name] = value
                if key is not None:
                    valid_until = min(started + ttl(), boundary)
                    remaining = valid_until - time.time()
                    if fresh and remaining >= 1:
                        entry = freeze(response, valid_until, pinned[0], keys, public=keyed)
                        store.set(key, entry, int(remaining))
                    response["X-Cache"] = "MISS"
            return http.conditional_response(request, response)
        finally:
            content_version.pinned.reset(token)
