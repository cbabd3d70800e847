"""Tell caches in front of the site what changed, after each change commits.

Two channels, both off until configured:

* **Surrogate keys** (``SURROGATE_KEY_HEADER``, env ``SURROGATE_KEYS=1``): every
  cacheable public response carries ``Surrogate-Key``, ``xkey`` and
  ``Cache-Tag`` with the dependency keys its render read (:func:`key_headers`),
  and every committed change sends ``PURGE /`` with ``xkey-purge: <keys>`` to
  each URL of ``XKEY_PURGE_URLS`` (Varnish with the xkey vmod; see the VCL in
  ``deploy/``). A response reading too many keys to list is tagged with the
  coarse ``site`` key alone: any change that must retire it stamps ``site`` or
  one of its keys, and a purge of ``site`` is sent with every change list too long to send.
* **Wagtail's frontend cache** (``WAGTAILFRONTENDCACHE``, from the environment,
  see docs/scaling.md): Wagtail purges a published or unpublished page's own
  URLs; after each commit this module also purges the pages named by the
  changed keys (``page:<id>``) and the listing pages whose membership changed
  (``children:<id>``). Other dependents (the home page's latest news) expire
  by their ``max-age``.

Failures are logged, never raised: the change is committed already.
"""

import logging

import urllib3
from django.conf import settings
from django.db import transaction

from publishing import dependencies

logger = logging.getLogger(__name__)

# A header line of at most this many characters (proxies commonly allow 8 KiB).
MAX_HEADER_LENGTH = 4000
PURGE_TIMEOUT = urllib3.Timeout(connect=1, read=3)
_pool = None


def _http():
    global _pool
    if _pool is None:
        _pool = urllib3.PoolManager(timeout=PURGE_TIMEOUT, retries=False)
    return _pool


def surrogate_keys_enabled():
    return bool(getattr(settings, "SURROGATE_KEY_HEADER", False))


def purge_urls():
    return [url for url in getattr(settings, "XKEY_PURGE_URLS", ()) if url]


def key_headers(keys):
    """{header: value} naming ``keys`` for a cache in front, bounded; {} when surrogate keys are off."""
    if not surrogate_keys_enabled():
        return {}
    value = " ".join(sorted(keys))
    if len(value) > MAX_HEADER_LENGTH:
        value = dependencies.SITE_KEY
    return {"Surrogate-Key": value, "xkey": value, "Cache-Tag": value.replace(" ", ",")}


def after_commit(keys):
    """Send purges for ``keys`` once the current transaction commits (nothing if it rolls back)."""
    keys = frozenset(keys)
    if not keys:
        return
    if purge_urls():
        transaction.on_commit(lambda: send_xkey_purge(keys))
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: purge_frontend_cache(keys))


def _batches(keys):
    """Space-separated key lists, each short enough for one header line."""
    batch, length = [], 0
    for key in sorted(keys):
        if batch and length + len(key) + 1 > MAX_HEADER_LENGTH:
            yield " ".join(batch)
            batch, length = [], 0
        batch.append(key)
        length += len(key) + 1
    if batch:
        yield " ".join(batch)


def send_xkey_purge(keys):
    for url in purge_urls():
        for value in _batches(keys):
            try:
                response = _http().request("PURGE", url, headers={"xkey-purge": value})
                if response.status >= 400:
                    logger.warning("xkey purge to %s answered %s", url, response.status)
            except urllib3.exceptions.HTTPError as error:
                logger.warning("xkey purge to %s failed: %s", url, error)


def purge_frontend_cache(keys):
    """Wagtail's frontend cache: the pages named by ``page:`` and ``children:`` keys."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    ids = set()
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind in ("page", "children") and pk.isdigit():
            ids.add(int(pk))
    if not ids:
        return
    try:
        batch = PurgeBatch()
        for page in Page.objects.live().filter(pk__in=ids).specific():
            url = page.get_full_url()
            if url:
                scheme, _, rest = url.partition("://")
                host, _, path = rest.partition("/")
                # The page and its traditional-script twin (script_variants).
                batch.add_urls([url, f"{scheme}://{host}/zh-hant/{path}"])
        batch.purge()
    except Exception:  # a CDN outage must never surface in the editor's publish
        logger.exception("frontend cache purge failed")
