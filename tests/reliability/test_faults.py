"""Faults: a worker killed mid-delivery, PostgreSQL restarted under load, a read-only media folder."""

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from wagtail.images.models import Image

from tests.newsroom.images import make_png_file
from tests.reliability import metrics, scenarios


@pytest.fixture
def template_database(django_db_setup, django_db_blocker):
    """The migrated test database file, to copy instead of migrating again (SQLite only)."""
    if connection.vendor == "sqlite":
        return settings.DATABASES["default"].get("TEST", {}).get("NAME")
    return None


def test_worker_killed_mid_delivery_delivers_after_restart_with_the_same_id(tmp_path, template_database):
    result = scenarios.worker_killed_mid_delivery(tmp_path, template=template_database, lease_seconds=2)
    metrics.record("faults_injected", 1)
    metrics.record("faults_recovered", int(result["delivered"] and result["status"] == "succeeded"))
    assert result["delivered"], (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
    assert len(result["delivery_ids"]) >= 2
    assert set(result["delivery_ids"]) == {result["stored_id"]}
    assert result["status"] == "succeeded"
    assert result["recovered_after"] < 60


STORAGE_FAULTS = [
    (errno.ENOSPC, 507, "存储空间已满"),
    (errno.EROFS, 503, "只读"),
]


@pytest.fixture
def failing_storage(monkeypatch):
    def install(error_number):
        def fail(self, name, content):
            # Leave a partial file behind, as a disk that fills up mid-write would.
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"\x89PNG partial")
            raise OSError(error_number, os.strerror(error_number), str(path))

        monkeypatch.setattr(FileSystemStorage, "_save", fail)

    return install


def media_files():
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


@pytest.mark.django_db
@pytest.mark.parametrize("error_number, status, message", STORAGE_FAULTS)
def test_image_upload_on_full_or_read_only_disk_is_a_clear_error(
    admin_client, failing_storage, error_number, status, message
):
    before = (Image.objects.count(), media_files())
    failing_storage(error_number)
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "启动仪式", "description": "夏嘉伟在启动仪式上发言", "file": make_png_file(), "collection": 1},
    )
    metrics.record("faults_injected", 1)
    assert response.status_code == status
    assert message in response.content.decode()
    assert (Image.objects.count(), media_files()) == before  # nothing half-saved
    metrics.record("faults_recovered", 1)


@pytest.mark.django_db
@pytest.mark.parametrize("error_number, status, message", STORAGE_FAULTS)
def test_multiple_uploader_gets_a_json_error(admin_client, failing_storage, error_number, status, message):
    before = (Image.objects.count(), media_files())
    failing_storage(error_number)
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": make_png_file(), "collection": 1},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    metrics.record("faults_injected", 1)
    assert response.status_code == status
    assert message in response.json()["error_message"]
    assert (Image.objects.count(), media_files()) == before
    metrics.record("faults_recovered", 1)


@pytest.mark.django_db
def test_other_errors_are_not_disguised(admin_client, monkeypatch):
    def fail(self, name, content):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(FileSystemStorage, "_save", fail)
    with pytest.raises(OSError):
        admin_client.post(
            "/admin/images/add/",
            {"title": "启动仪式", "description": "夏嘉伟在启动仪式上发言", "file": make_png_file(), "collection": 1},
        )


def postgres_restart_skip_reason():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") and not os.environ.get("RELIABILITY_FULL"):
        return "runs in the PostgreSQL pass (DATABASE_URL=postgres://…) and in make reliability"
    if scenarios.postgres_binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser: initdb cannot run"
    return None


@pytest.mark.skipif(postgres_restart_skip_reason() is not None, reason=postgres_restart_skip_reason() or "")
def test_postgres_restart_under_load_recovers_without_an_app_restart():
    # A private cluster on a loopback port of our own: the shared server and other databases are never touched.
    directory = tempfile.mkdtemp(prefix="zlkm-rel-pg-")  # the postgres user must be able to reach it
    try:
        result = scenarios.postgres_restarted_under_load(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    metrics.record("faults_injected", 1)
    assert result["requests_after"] > 20
    assert result["failed_after"] == 0, result
    metrics.record("faults_recovered", 1)
