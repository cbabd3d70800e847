"""One archive with the database and the media, restorable on SQLite or PostgreSQL.

The database goes through Django's serialiser (``dumpdata``) so an archive
made on SQLite restores on PostgreSQL and back. Every primary key is kept,
content types and permissions included: partners know items by id, and
Wagtail refers to pages and content types by id in places no natural key
reaches (revisions, log entries, the reference index). Restoring therefore
empties every table first and loads all rows in one transaction (foreign
keys are checked at commit, so row order does not matter), then adds the
content types and permissions of any model newer than the archive. Rows that
belong to one running instance (sessions, the search index, task results,
the worker heartbeat, sign-in failures) are left out; the search index is
rebuilt.

Archive layout (tar.gz)::

    manifest.json   format, time, database vendor, migrations, file list with sizes and sha256
    db.json         the dumpdata output
    media/...       every file under MEDIA_ROOT
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from operations import serialization

FORMAT = "zlkm-backup/1"

EXCLUDED = [
    "sessions",
    "wagtailsearch",
    "django_tasks_database",
    "wagtailadmin.editingsession",
    "axes",  # sign-in failures: transient, and personal data
    "publishing.workerheartbeat",
]


class BackupError(Exception):
    """A backup archive that cannot be restored; the message says why (in Chinese, for operators)."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root):
    root = Path(root)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def applied_migrations():
    recorder = MigrationRecorder(connection)
    latest = {}
    for app, name in recorder.applied_migrations():
        latest.setdefault(app, []).append(name)
    return {app: sorted(names)[-1] for app, names in sorted(latest.items())}


@contextlib.contextmanager
def snapshot():
    """A consistent read of the whole database while the site keeps serving.

    Inside a transaction already under way (a test's), that transaction is the snapshot: PostgreSQL
    accepts SET TRANSACTION only before a transaction's first query.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create(destination):
    """Write the archive to ``destination`` and return its manifest."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zlkm-backup-") as work:
        dump = Path(work) / "db.json"
        serialization.register()
        with snapshot():
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                use_base_manager=True,
                format=serialization.FORMAT,
                output=str(dump),
                verbosity=0,
            )
            migrations = applied_migrations()
        media_root = Path(settings.MEDIA_ROOT)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "database": {"bytes": dump.stat().st_size, "sha256": sha256(dump)},
            "media": [
                {"path": path.relative_to(media_root).as_posix(), "bytes": path.stat().st_size, "sha256": sha256(path)}
                for path in files
            ],
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname="db.json")
            for path in files:
                archive.add(path, arcname="media/" + path.relative_to(media_root).as_posix(), recursive=False)
        os.replace(partial, destination)  # never leave a half-written archive under the real name
    return manifest


def read_manifest(archive):
    try:
        member = archive.getmember("manifest.json")
    except KeyError:
        raise BackupError("不是本系统的备份文件：缺少 manifest.json。") from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式不受支持：{manifest.get('format')!r}（需要 {FORMAT}）。")
    return manifest


def extract(source, work):
    """Unpack into ``work`` after checking every member and every checksum."""
    try:
        archive = tarfile.open(source, "r:*")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc
    with archive:
        manifest = read_manifest(archive)
        expected = {"manifest.json", "db.json"} | {"media/" + item["path"] for item in manifest["media"]}
        for member in archive.getmembers():
            if member.name not in expected or not member.isfile():
                raise BackupError(f"备份文件中有意外的条目：{member.name}")
        archive.extractall(work, filter="data")
    work = Path(work)
    if sha256(work / "db.json") != manifest["database"]["sha256"]:
        raise BackupError("数据库部分校验失败，备份文件可能已损坏。")
    for item in manifest["media"]:
        if sha256(work / "media" / item["path"]) != item["sha256"]:
            raise BackupError(f"媒体文件校验失败：{item['path']}")
    return manifest


@contextlib.contextmanager
def signals_muted():
    """Load rows as they were: no change events, version bumps or index updates while loading."""
    from django.db.models import signals as model_signals

    muted = [
        model_signals.pre_save,
        model_signals.post_save,
        model_signals.pre_delete,
        model_signals.post_delete,
        model_signals.m2m_changed,
    ]
    saved = [(signal, signal.receivers) for signal in muted]
    try:
        for signal in muted:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def add_missing_content_types_and_permissions():
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


def check_migrations(manifest):
    current = applied_migrations()
    behind = {app: name for app, name in manifest["migrations"].items() if current.get(app, "") < name}
    if behind:
        listed = ", ".join(f"{app}.{name}" for app, name in sorted(behind.items()))
        raise BackupError(f"备份来自更新的版本，请先升级代码再恢复（缺少迁移：{listed}）。")


def flush_database():
    """Empty every table (``flush``), also inside a transaction that has already written.

    PostgreSQL refuses to TRUNCATE a table with foreign-key checks still deferred in the
    transaction, so they run first; afterwards they are deferred again, as the rows loaded
    next reference each other in any order.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore(source, *, stdout=None):
    """Replace the database and the media with the archive's; all or nothing for the database."""
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="zlkm-restore-", dir=Path(settings.MEDIA_ROOT).parent) as work:
        manifest = extract(source, work)
        call_command("migrate", interactive=False, verbosity=0)
        check_migrations(manifest)
        with transaction.atomic():
            flush_database()
            with signals_muted():
                call_command("loaddata", str(Path(work) / "db.json"), verbosity=0)
            add_missing_content_types_and_permissions()
        replace_media(Path(work) / "media")
    cache.clear()
    call_command("update_index", verbosity=0, stdout=stdout or io.StringIO())
    return manifest


def replace_media(unpacked):
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if unpacked.exists():
        for child in unpacked.iterdir():
            shutil.move(str(child), media_root / child.name)


def default_path():
    directory = Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "backups"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return directory / f"zlkm-{stamp}.tar.gz"
