"""Read replicas (cms/db_router.py) with simulated replication lag.

The "replica" here is the test database itself, reached through the router; the lag is
simulated by the version the replica reports having replayed (``replica_version``). Every
routing decision is recorded, so the tests show which reads a lagging or a caught-up replica
would have answered: a lagging one none, so nothing keyed or cursored by the primary's version
can be built from older rows; and the reads that build keys and cursors never.
"""

from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import override_settings

from cms import db_router
from publishing import content_version
from publishing.models import ContentVersion
from tests.factories import NewsPageFactory

ROUTER = "tests.cluster.test_replica_router.RecordingRouter"
routes = []


class RecordingRouter(db_router.PrimaryReplicaRouter):
    """Decides like the real router, records the decision, and reads the (only) test database."""

    def db_for_read(self, model, **hints):
        alias = super().db_for_read(model, **hints)
        routes.append((model._meta.label_lower, alias))
        return "default"


@pytest.fixture
def replica():
    """A replica that has replayed ``replica.at`` (None: unreachable); the primary's version when unset."""

    class Replica:
        at = "current"

        def version(self):
            if self.at == "current":
                return ContentVersion.objects.using("default").values_list("version", flat=True).first()
            return self.at

    state = Replica()
    routes.clear()
    # The test's own transaction is not the application's: only blocks opened inside it count.
    baseline = len(connection.atomic_blocks)
    middleware = list(django_settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("publishing.response_cache.ResponseCacheMiddleware"), "cms.db_router.ReplicaReadsMiddleware"
    )
    with (
        override_settings(DATABASE_ROUTERS=[ROUTER], MIDDLEWARE=middleware),
        mock.patch.object(db_router, "in_transaction", lambda: len(connection.atomic_blocks) > baseline),
        mock.patch.object(db_router, "replica_configured", return_value=True),
        mock.patch.object(db_router, "replica_version", side_effect=state.version),
        mock.patch("django.db.router.routers", [RecordingRouter()]),
    ):
        yield state
    routes.clear()


def read_in_window(func):
    with db_router.replica_reads():
        return func()


def replica_reads():
    return [label for label, alias in routes if alias == db_router.REPLICA]


def test_a_lagging_replica_answers_nothing(client, news_index, replica):
    page = NewsPageFactory(parent=news_index, title="旧标题")
    page.title = "新标题"
    page.save_revision().publish()
    replica.at = ContentVersion.objects.get().version - 1
    routes.clear()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "新标题" in response.content.decode()
    assert routes, "the page read through the router"
    assert replica_reads() == []


def test_a_caught_up_replica_answers_content_but_never_keys_or_cursors(client, news_index, replica):
    page = NewsPageFactory(parent=news_index)
    routes.clear()
    assert client.get(page.url).status_code == 200
    cursor = client.get("/api/v1/changes/").json()["cursor"]
    assert client.get(f"/api/v1/changes/?since={cursor - 1}").status_code == 200
    replica_labels = set(replica_reads())
    assert "wagtailcore.page" in replica_labels
    # The content version (cache keys, ETags, cursors) and the changes feed: the primary only.
    assert not replica_labels & db_router.PRIMARY_MODELS
    assert ("publishing.changeevent", db_router.PRIMARY) in routes


def test_partner_cursor_and_cached_page_never_go_back(client, news_index, replica, settings):
    """Publish repeatedly while the replica lags by 0-2 versions: cursors and pages only move forward."""
    from django.core.cache import cache

    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    page = NewsPageFactory(parent=news_index, title="第0版")
    cursor = client.get("/api/v1/changes/").json()["cursor"]
    for edition, lag in enumerate([0, 1, 2, 1, 0, 2], start=1):
        page.title = f"第{edition}版"
        page.save_revision().publish()
        version = ContentVersion.objects.get().version
        replica.at = version - lag
        routes.clear()
        body = client.get(f"/api/v1/changes/?since={cursor}").json()
        assert body["cursor"] >= cursor
        assert [c["id"] for c in body["results"] if c["event"] != "unpublished"][-1:] == [page.pk]
        cursor = body["cursor"]
        for _ in range(2):  # the second answer comes from the response cache
            html = client.get(page.url).content.decode()
            assert f"第{edition}版" in html
            assert f"第{edition - 1}版" not in html
        if lag:
            assert replica_reads() == []


def test_reads_in_a_transaction_go_to_the_primary(news_index, replica):
    page = NewsPageFactory(parent=news_index)
    with db_router.replica_reads(), transaction.atomic():
        type(page).objects.get(pk=page.pk)
    assert routes[-1] == (page._meta.label_lower, db_router.PRIMARY)


def test_outside_a_request_window_everything_reads_the_primary(news_index, replica):
    page = NewsPageFactory(parent=news_index)
    routes.clear()
    type(page).objects.get(pk=page.pk)
    assert replica_reads() == []


def test_an_unreachable_replica_is_skipped(news_index, replica):
    page = NewsPageFactory(parent=news_index)
    replica.at = None
    routes.clear()
    read_in_window(lambda: type(page).objects.get(pk=page.pk))
    assert replica_reads() == []


def test_editors_posts_and_the_admin_never_open_the_window(client, news_index, replica, admin_user):
    page = NewsPageFactory(parent=news_index)
    client.force_login(admin_user)
    routes.clear()
    client.get(page.url)
    client.get("/admin/")
    assert replica_reads() == []
    client.logout()
    routes.clear()
    client.post("/api/v1/changes/")
    assert replica_reads() == []


def test_the_window_pins_the_version_it_checked(news_index, replica):
    """Keys built after the decision use the version the replica was checked against."""
    page = NewsPageFactory(parent=news_index)
    with db_router.replica_reads():
        type(page).objects.get(pk=page.pk)
        checked = content_version.pinned.get()
        assert checked is not None
        content_version.bump()
        assert content_version.current() == checked
    assert content_version.pinned.get() is None


def test_settings_add_the_replica_only_with_both_urls(monkeypatch):
    import importlib

    from cms.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/primary")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://postgres@127.0.0.1:5433/primary")
    try:
        module = importlib.reload(base)
        assert module.DATABASES["replica"]["PORT"] == 5433
        assert module.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
        assert module.DATABASE_ROUTERS == ["cms.db_router.PrimaryReplicaRouter"]
        assert module.MIDDLEWARE.index("cms.db_router.ReplicaReadsMiddleware") + 1 == module.MIDDLEWARE.index(
            "publishing.response_cache.ResponseCacheMiddleware"
        )
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        module = importlib.reload(base)
        assert "replica" not in module.DATABASES
        assert "cms.db_router.ReplicaReadsMiddleware" not in module.MIDDLEWARE
    finally:
        monkeypatch.undo()
        importlib.reload(base)
