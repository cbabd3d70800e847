"""Read replicas: which reads may go to the streaming replica (``DATABASE_REPLICA_URL``).

Everything goes to the primary (``default``) unless all of these hold:

* the read happens inside an anonymous public read: a GET or HEAD without the
  session cookie, outside the admin (``ReplicaReadsMiddleware`` opens that window;
  workers, commands, editors, form posts never get one);
* it is not inside a transaction on the primary (``in_atomic_block``), so a view
  that writes and reads back sees its own writes;
* the model is not one whose read builds a cache key, an ETag or a partner cursor
  (``PRIMARY_MODELS``: the content version and the changes feed), nor one that
  decides who the caller is or counts what they did (``PRIMARY_APPS``);
* the replica has replayed at least the content version the request is keyed by.
  Once per request the router compares the replica's ``ContentVersion`` with the
  primary's (the version the response cache pinned, or a fresh primary read); a
  replica that lags serves nothing in that request. Every change the public can
  notice bumps the version in its own transaction and the replica replays commits
  in order, so content read from a replica at version >= V is never older than V:
  no cache entry is stored under a key newer than its content, and no partner
  cursor is handed out for events the snapshot did not include.

A replica that cannot be reached is skipped the same way (the request reads from
the primary). ``tests/cluster/test_replica_router.py`` simulates the lag.
"""

import contextvars
import logging

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
# Reads that build cache keys, ETags and partner cursors.
PRIMARY_MODELS = frozenset({"publishing.contentversion", "publishing.changeevent", "publishing.workerheartbeat"})
# Who is asking and what they may do: never decided from a lagging copy.
PRIMARY_APPS = frozenset(
    {"auth", "sessions", "axes", "rest_framework_api_key", "partner_api", "django_tasks_database", "django_tasks_db"}
)

# None outside a replica window; otherwise a dict holding the decision for this request.
_window = contextvars.ContextVar("replica_reads_window", default=None)


def replica_configured():
    return REPLICA in settings.DATABASES


def replica_version():
    """The content version the replica has replayed (None when it cannot say)."""
    from publishing.content_version import SINGLETON_ID
    from publishing.models import ContentVersion

    try:
        return ContentVersion.objects.using(REPLICA).filter(pk=SINGLETON_ID).values_list("version", flat=True).first()
    except DatabaseError:
        logger.warning("Read replica unreachable; reading from the primary", exc_info=True)
        return None


def in_transaction():
    """Whether a transaction is open on the primary (its reads must see its own writes)."""
    return connections[PRIMARY].in_atomic_block


def replica_is_current(keyed_by):
    """Whether the replica has replayed every change up to content version ``keyed_by``."""
    replayed = replica_version()
    return replayed is not None and replayed >= keyed_by


class replica_reads:
    """Context manager: reads in it may use the replica (what the middleware opens per request)."""

    def __enter__(self):
        self.token = _window.set({})
        return self

    def __exit__(self, *exc):
        window = _window.get()
        if "pinned_token" in window:
            from publishing import content_version

            content_version.pinned.reset(window["pinned_token"])
        _window.reset(self.token)


def _decide(window):
    """Once per request: the primary's version first, then the replica's (so the replica read is later)."""
    if "alias" not in window:
        from publishing import content_version

        window["alias"] = PRIMARY  # the version reads themselves go to the primary
        keyed_by = content_version.pinned.get()
        if keyed_by is None:
            # Pin it, so every key and ETag built later in this request uses this same version.
            keyed_by = content_version.current()
            window["pinned_token"] = content_version.pinned.set(keyed_by)
        window["alias"] = REPLICA if replica_is_current(keyed_by[0]) else PRIMARY
    return window["alias"]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        window = _window.get()
        if window is None or not replica_configured():
            return PRIMARY
        meta = model._meta
        if meta.label_lower in PRIMARY_MODELS or meta.app_label in PRIMARY_APPS:
            return PRIMARY
        if in_transaction():
            return PRIMARY
        return _decide(window)

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica gets the schema by streaming replication


class ReplicaReadsMiddleware:
    """Opens the replica window for anonymous GET/HEAD requests outside the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.path.startswith(("/admin/", "/django-admin/"))
        ):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
