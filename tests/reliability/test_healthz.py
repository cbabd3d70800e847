"""/healthz: database, cache and worker heartbeat, for load balancers; nothing sensitive, never cached."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from publishing import scheduler
from publishing.models import WorkerHeartbeat


@pytest.fixture
def worker_alive(db):
    scheduler.beat()


@pytest.mark.django_db
def test_healthy_site_answers_200_with_each_check(client, worker_alive):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "worker": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_probe_by_ip_over_plain_http_in_production(client, production, worker_alive):
    # A load balancer probes by address, over HTTP: no 400 for the host, no redirect to HTTPS.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_stale_worker_heartbeat_gives_503(client, settings):
    settings.SCHEDULER_INTERVAL = 30
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"beat_at": timezone.now() - timedelta(minutes=10)})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"
    assert response.json()["worker_heartbeat_age_seconds"] >= 599


@pytest.mark.django_db
def test_worker_that_never_ran_gives_503(client):
    WorkerHeartbeat.objects.all().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "missing"


@pytest.mark.django_db
def test_broken_cache_gives_503_without_details(client, worker_alive, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis://secret-host:6379 refused")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert b"secret-host" not in response.content


@pytest.mark.django_db
def test_broken_database_gives_503_without_details(client, worker_alive, monkeypatch):
    from operations import health

    class Broken:
        def cursor(self):
            raise RuntimeError("could not connect to server at db.internal:5432 password=hunter2")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert b"hunter2" not in response.content and b"db.internal" not in response.content


@pytest.mark.django_db
def test_reveals_nothing_sensitive(client, worker_alive, settings):
    body = client.get("/healthz").content.decode()
    for secret in [settings.SECRET_KEY, "django", "wagtail", "sqlite", "postgres", "version"]:
        assert secret.lower() not in body.lower()


@pytest.mark.django_db
def test_only_get_and_head(client, worker_alive):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code != 200
