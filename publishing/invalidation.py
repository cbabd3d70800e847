"""Invalidation by dependency: per-key change stamps, read by every cache and ETag.

Each change names what it touched by dependency keys (``publishing.dependencies``;
``publishing.events.flush`` passes them here). :func:`stamp` bumps the content
version and records it, in the change's own transaction, as the stamp of
every touched key (``DependencyStamp``). A cached response remembers the keys
its render read and the content version pinned before it started; it is
stale exactly when one of those keys has a later stamp (:func:`read_stamps`,
one batched query). A publish thus retires only what depends on what changed.

The stamps live in the database, so every process (gunicorn workers with a
local-memory cache each, or a cluster sharing Redis) sees the same ones.

After the transaction commits, the touched keys go to the purge hooks
(``publishing.purge``: Varnish xkey, Wagtail's frontend cache).

Keys every response depends on:

* ``site``: hostnames, the root and the footer; stamping it retires everything.
* ``type:<app.model>``: which pages of a type are public (a list of news
  filtered by campaign, the sitemap); stamped with every publish, unpublish,
  move or deletion of such a page (and ``type:wagtailcore.page`` for any page).
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from publishing import content_version, dependencies
from publishing.models import DependencyStamp

# Beyond this many keys, one change stamps "site" instead (retiring everything): a
# move of a section with thousands of pages is rare, a huge upsert is not needed.
MAX_STAMPED_KEYS = 500
# Keys per IN (...) of one stamp read.
READ_CHUNK = 500
KEY_LENGTH = DependencyStamp._meta.get_field("key").max_length

_READ_SQL = {}

# Stamped by every change. No response depends on it, except with the setting
# RESPONSE_CACHE_GLOBAL_INVALIDATION (the "global version" baseline of
# ``make bench``'s publish-storm table), where every response does.
ANY_KEY = "any"


def response_keys(keys):
    """The keys a rendered response depends on: what it read, plus ``site`` (and ``any`` in the baseline)."""
    from django.conf import settings

    keys = set(keys) | {dependencies.SITE_KEY}
    if getattr(settings, "RESPONSE_CACHE_GLOBAL_INVALIDATION", False):
        keys.add(ANY_KEY)
    return keys


def page_type_keys(model):
    """The membership keys a page of ``model`` (its specific class) changes on publish/unpublish/move."""
    return {type_key(model), type_key_for_label("wagtailcore.page")}


def type_key(model):
    return type_key_for_label(model._meta.label_lower)


def type_key_for_label(label):
    return f"type:{label}"


def stamp(keys):
    """Record that the objects behind ``keys`` change in the current transaction; returns the stamp version.

    Bumps the content version (under its row lock, so stamps follow commit
    order) and upserts one row per key. Call inside the change's transaction.
    """
    keys = {key[:KEY_LENGTH] for key in keys if key}
    if not keys:
        return None
    if len(keys) > MAX_STAMPED_KEYS:
        keys = {dependencies.SITE_KEY}
    keys.add(ANY_KEY)
    with transaction.atomic():
        version = content_version.bump()
        now = timezone.now()
        DependencyStamp.objects.bulk_create(
            [DependencyStamp(key=key, version=version, changed_at=now) for key in sorted(keys)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["version", "changed_at"],
        )
        _pending_purge(keys)
    return version


def read_stamps(keys):
    """(highest stamp version, latest change time) among ``keys``; (0, None) when none was ever stamped.

    One query per ``READ_CHUNK`` keys (a response reads a few dozen).
    """
    keys = list(keys)
    version, changed_at = 0, None
    for start in range(0, len(keys), READ_CHUNK):
        chunk = keys[start : start + READ_CHUNK]
        sql = _READ_SQL.get(len(chunk))
        if sql is None:
            table = connection.ops.quote_name(DependencyStamp._meta.db_table)
            marks = ", ".join(["%s"] * len(chunk))
            column = connection.ops.quote_name("key")
            sql = f"SELECT MAX(version), MAX(changed_at) FROM {table} WHERE {column} IN ({marks})"
            _READ_SQL[len(chunk)] = sql
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)
            row = cursor.fetchone()
        if row and row[0] is not None:
            moment = row[1]
            if isinstance(moment, str):
                moment = parse_datetime(moment)
            if moment is not None and timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            version = max(version, row[0])
            changed_at = moment if changed_at is None else max(changed_at, moment)
    return version, changed_at


# Purge after commit (publishing.purge): keys gathered per transaction.


def _pending_purge(keys):
    from publishing import purge

    purge.after_commit(keys)
