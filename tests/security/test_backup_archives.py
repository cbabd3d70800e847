"""Backups are owner-only; a crafted archive is refused with a clear message before anything is unpacked."""

import hashlib
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from operations import backup


@pytest.mark.django_db
def test_archives_are_written_owner_only(home, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    previous = os.umask(0o022)
    try:
        call_command("backup", stdout=io.StringIO())
        elsewhere = tmp_path / "other" / "copy.tar.gz"
        call_command("backup", "--output", str(elsewhere), stdout=io.StringIO())
    finally:
        os.umask(previous)
    (archive,) = settings.BACKUP_DIR.glob("*.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.BACKUP_DIR.stat().st_mode) == 0o700
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o600
    assert stat.S_IMODE(elsewhere.parent.stat().st_mode) == 0o700


def digest(data):
    return hashlib.sha256(data).hexdigest()


DB = b"[]"


def craft(path, members=None, manifest=None, raw_manifest=None, **manifest_changes):
    """An archive like ours; ``members`` are (name, data or TarInfo-type, link) triples."""
    members = members if members is not None else []
    media = [
        {"path": name.removeprefix("media/"), "bytes": len(data), "sha256": digest(data)}
        for name, data, kind in members
        if name.startswith("media/") and isinstance(data, bytes)
    ]
    manifest = manifest or {
        "format": backup.FORMAT,
        "created_at": "2026-01-01T00:00:00+00:00",
        "database_vendor": "sqlite",
        "migrations": {},
        "database": {"bytes": len(DB), "sha256": digest(DB)},
        "media": media,
    }
    manifest.update(manifest_changes)
    body = raw_manifest if raw_manifest is not None else json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as tar:
        for name, data, kind in [("manifest.json", body, None), ("db.json", DB, None), *members]:
            info = tarfile.TarInfo(name)
            if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                info.type, info.linkname = kind, data
                tar.addfile(info)
            elif kind == tarfile.DIRTYPE:
                info.type = kind
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def oversize(path):
    """A media member whose tar header says 200 MB while the manifest lists 4 bytes."""
    craft(path, [("media/images/a.jpg", b"AAAA", None)])
    big = path.with_name("big.tar.gz")
    with tarfile.open(path) as source, tarfile.open(big, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/images/a.jpg":
                data = b"\0" * (200 * 1024 * 1024)
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return big


def truncated(path):
    craft(path, [("media/images/a.jpg", os.urandom(200_000), None)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


CRAFTED = {
    "manifest is not JSON": lambda p: craft(p, raw_manifest=b"{not json"),
    "manifest is a list": lambda p: craft(p, raw_manifest=b"[1, 2]"),
    "manifest is not UTF-8": lambda p: craft(p, raw_manifest=b"\xff\xfe\x00"),
    "manifest without media": lambda p: craft(p, media=None),
    "migrations not a mapping": lambda p: craft(p, migrations=["x"]),
    "media path climbs out": lambda p: craft(p, [("media/../../escape.txt", b"boom", None)]),
    "media path absolute": lambda p: craft(
        p,
        [("media//etc/cron.d/x", b"boom", None)],
    ),
    "symlink member": lambda p: craft(
        p,
        [("media/link", "/etc/passwd", tarfile.SYMTYPE)],
        media=[{"path": "link", "bytes": 0, "sha256": digest(b"")}],
    ),
    "hard link member": lambda p: craft(
        p,
        [("media/link", "db.json", tarfile.LNKTYPE)],
        media=[{"path": "link", "bytes": 0, "sha256": digest(b"")}],
    ),
    "directory member": lambda p: craft(p, [("media/d", None, tarfile.DIRTYPE)]),
    "member larger than listed": oversize,
    "duplicate member": lambda p: craft(p, [("media/a.txt", b"a", None), ("media/a.txt", b"a", None)]),
    "truncated archive": truncated,
}


@pytest.fixture
def no_extraction(monkeypatch):
    calls = []
    original = tarfile.TarFile.extractall

    def spy(self, *args, **kwargs):
        calls.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(tarfile.TarFile, "extractall", spy)
    return calls


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CRAFTED))
def test_crafted_archive_is_a_clear_error_and_changes_nothing(home, tmp_path, no_extraction, case):
    archive = CRAFTED[case](tmp_path / "crafted.tar.gz")
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="恢复失败") as failure:
        call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    assert "Traceback" not in str(failure.value)
    assert Page.objects.count() == pages
    assert not no_extraction, f"{case}: unpacked before it was refused"
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.django_db
def test_bad_database_rows_are_refused_without_a_traceback(home, tmp_path):
    rows = b'[{"model": "no_such.model", "pk": 1, "fields": {}}]'
    archive = tmp_path / "rows.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        manifest = {
            "format": backup.FORMAT,
            "migrations": {},
            "database": {"bytes": len(rows), "sha256": digest(rows)},
            "media": [],
        }
        for name, data in [("manifest.json", json.dumps(manifest).encode()), ("db.json", rows)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="数据库内容无法载入"):
        call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_archive_over_the_size_limit_is_refused_before_unpacking(home, settings, tmp_path, no_extraction):
    settings.RESTORE_MAX_BYTES = 1000
    archive = craft(tmp_path / "large.tar.gz", [("media/big.bin", b"x" * 5000, None)])
    with pytest.raises(CommandError, match="超过允许的大小"):
        call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    assert not no_extraction


def test_restore_from_the_command_line_prints_no_traceback(tmp_path):
    import subprocess
    import sys

    archive = craft(tmp_path / "bad.tar.gz", raw_manifest=b"{not json")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", "--no-input", str(archive)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "恢复失败" in result.stderr and "manifest.json" in result.stderr
