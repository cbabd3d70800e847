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
    private_media/... every file under PRIVATE_MEDIA_ROOT (private documents and images)
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
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


# Upper bound of manifest.json, read into memory before anything else.
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
# Archives hold password hashes, webhook secrets and private documents: owner only.
ARCHIVE_MODE = 0o600
DIRECTORY_MODE = 0o700
# What a damaged or crafted archive can raise while it is read.
READ_ERRORS = (OSError, EOFError, zlib.error, tarfile.TarError, UnicodeDecodeError)


class BackupError(Exception):
    """A backup archive that cannot be restored; the message says why (in Chinese, for operators)."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_roots():
    """Archive folder -> local folder: the public media and the private files kept outside it."""
    return {"media": Path(settings.MEDIA_ROOT), "private_media": Path(settings.PRIVATE_MEDIA_ROOT)}


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
    if not destination.parent.exists():
        destination.parent.mkdir(mode=DIRECTORY_MODE, parents=True)
    if destination.parent.resolve() == Path(settings.BACKUP_DIR).resolve():
        destination.parent.chmod(DIRECTORY_MODE)
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
        files = {folder: media_files(root) for folder, root in media_roots().items()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "database": {"bytes": dump.stat().st_size, "sha256": sha256(dump)},
            **{
                folder: [
                    {"path": path.relative_to(root).as_posix(), "bytes": path.stat().st_size, "sha256": sha256(path)}
                    for path in files[folder]
                ]
                for folder, root in media_roots().items()
            },
        }
        partial = destination.with_name(destination.name + ".partial")
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        # Created owner-only from the first byte, whatever the umask.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ARCHIVE_MODE)
        with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname="db.json")
            for folder, root in media_roots().items():
                for path in files[folder]:
                    archive.add(path, arcname=f"{folder}/{path.relative_to(root).as_posix()}", recursive=False)
        os.replace(partial, destination)  # never leave a half-written archive under the real name
    return manifest


def read_manifest(archive):
    try:
        member = archive.getmember("manifest.json")
    except KeyError:
        raise BackupError("不是本系统的备份文件：缺少 manifest.json。") from None
    if not member.isfile() or member.size > MANIFEST_MAX_BYTES:
        raise BackupError("备份文件中的 manifest.json 无效。")
    try:
        manifest = json.load(archive.extractfile(member))
    except ValueError:
        raise BackupError("备份文件中的 manifest.json 不是有效的 JSON。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"备份格式不受支持：{found!r}（需要 {FORMAT}）。")
    return validated(manifest)


def safe_media_path(value):
    """A media path from the manifest, only if it stays inside the media folder."""
    if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
        return None
    path = PurePosixPath(value)
    if path.is_absolute() or any(part in ("", ".", "..") for part in value.split("/")):
        return None
    return path.as_posix()


def validated(manifest):
    """The manifest's shape, checked before any of it is trusted."""
    database = manifest.get("database")
    media = manifest.get("media")
    migrations = manifest.get("migrations")
    if (
        not isinstance(database, dict)
        or not isinstance(database.get("bytes"), int)
        or not isinstance(database.get("sha256"), str)
        or not isinstance(media, list)
        or not isinstance(migrations, dict)
        or not all(isinstance(key, str) and isinstance(value, str) for key, value in migrations.items())
    ):
        raise BackupError("备份文件中的 manifest.json 缺少字段或字段类型不对。")
    for item in media:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("bytes"), int)
            or not isinstance(item.get("sha256"), str)
        ):
            raise BackupError("备份文件中的 manifest.json 媒体清单无效。")
        if safe_media_path(item.get("path")) is None:
            raise BackupError(f"备份文件中的媒体路径不安全：{item.get('path')!r}")
    return manifest


def check_members(archive, manifest, work):
    """Every member from its tar header, before one byte is written: names, types and sizes."""
    expected = {"manifest.json": None, "db.json": manifest["database"]["bytes"]}
    expected.update(
        {f"{folder}/{item['path']}": item["bytes"] for folder in media_roots() for item in manifest.get(folder, [])}
    )
    seen = set()
    total = 0
    for member in archive.getmembers():
        if member.name not in expected or member.name in seen or not member.isfile():
            raise BackupError(f"备份文件中有意外的条目：{member.name}")
        seen.add(member.name)
        size = expected[member.name]
        if size is not None and member.size != size:
            raise BackupError(
                f"备份文件中的条目大小与清单不符：{member.name}（{member.size} 字节，清单写 {size} 字节）"
            )
        total += member.size
    if seen != set(expected):
        missing = sorted(set(expected) - seen)[0]
        raise BackupError(f"备份文件不完整：缺少 {missing}")
    free = shutil.disk_usage(work).free
    if total > settings.RESTORE_MAX_BYTES or total > free:
        raise BackupError(
            f"备份内容共 {total} 字节，超过允许的大小或剩余磁盘空间（{min(free, settings.RESTORE_MAX_BYTES)} 字节）。"
        )


def extract(source, work):
    """Unpack into ``work`` after checking every member and every checksum."""
    try:
        archive = tarfile.open(source, "r:*")  # noqa: SIM115 - closed by the with below
    except READ_ERRORS as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc
    try:
        with archive:
            manifest = read_manifest(archive)
            check_members(archive, manifest, work)
            archive.extractall(work, filter="data")
    except READ_ERRORS as exc:
        raise BackupError(f"备份文件已损坏，无法读取：{exc}") from exc
    work = Path(work)
    if sha256(work / "db.json") != manifest["database"]["sha256"]:
        raise BackupError("数据库部分校验失败，备份文件可能已损坏。")
    for folder in media_roots():
        for item in manifest.get(folder, []):
            if sha256(work / folder / item["path"]) != item["sha256"]:
                raise BackupError(f"媒体文件校验失败：{item['path']}")
    return manifest


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
        try:
            with transaction.atomic():
                flush_database()
                # Rows load with raw=True: the receivers (ours, Wagtail's index) skip them.
                load_rows(Path(work) / "db.json")
                add_missing_content_types_and_permissions()
        except DatabaseError as exc:  # e.g. foreign keys checked at commit on PostgreSQL
            raise BackupError(f"数据库内容无法载入，当前数据未改动：{str(exc).splitlines()[0][:300]}") from exc
        for folder, root in media_roots().items():
            replace_media(Path(work) / folder, root)
    cache.clear()
    call_command("update_index", verbosity=0, stdout=stdout or io.StringIO())
    return manifest


def load_rows(dump):
    """loaddata, with rows that do not fit this schema reported as a BackupError (the transaction rolls back)."""
    from django.core.serializers.base import DeserializationError

    try:
        call_command("loaddata", str(dump), verbosity=0)
    except (DeserializationError, DatabaseError, ValueError, TypeError, LookupError) as exc:
        summary = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise BackupError(f"数据库内容无法载入，当前数据未改动：{summary}") from exc


def replace_media(unpacked, media_root):
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
    directory = Path(settings.BACKUP_DIR)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return directory / f"zlkm-{stamp}.tar.gz"
