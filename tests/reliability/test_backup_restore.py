"""make backup / make restore: one archive, restored into an empty instance, every API response identical."""

import difflib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail_factories import DocumentFactory, ImageFactory

from operations import backup
from partner_api.models import PartnerKey
from tests.reliability import metrics
from tests.reliability.surfaces import api_responses


def media_contents():
    """Public and private files (private documents and images live outside MEDIA_ROOT)."""
    return {
        (folder, path.relative_to(root)): path.read_bytes()
        for folder, root in backup.media_roots().items()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def wipe_instance():
    """What a new server has: migrated tables, nothing in them, no media."""
    backup.flush_database()
    for root in backup.media_roots().values():
        backup.replace_media(Path("/nonexistent"), root)
    assert not Page.objects.exists()


@pytest.fixture
def site_with_media(demo):
    ImageFactory(title="额外图片", file__width=640, file__height=480).get_rendition("fill-200x200")
    private = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    ImageFactory(title="内部图片", collection=private).get_rendition("fill-200x200")
    DocumentFactory(title="内部报告", collection=private, file__data=b"%PDF-1.4 internal")
    _, key = PartnerKey.objects.create_key(name="昆明日报")
    return key


@pytest.mark.django_db
def test_restore_into_an_empty_instance_gives_identical_api_responses(client, site_with_media, tmp_path):
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {site_with_media}"}
    before = api_responses(client, headers)
    assert len(before) > 50
    assert all(response.status_code == 200 for response in before.values()), [
        (url, r.status_code) for url, r in before.items() if r.status_code != 200
    ]
    media_before = media_contents()
    assert {folder for folder, _ in media_before} == {"media", "private_media"}

    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    wipe_instance()
    assert client.get("/api/v1/news/", **headers).status_code in (401, 403)  # even the key is gone

    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())

    after = api_responses(client, headers)
    assert after.keys() == before.keys()
    differing = [url for url in before if before[url].content != after[url].content]
    if differing:  # show the first difference
        a = json.dumps(before[differing[0]].json(), ensure_ascii=False, indent=1).splitlines()
        b = json.dumps(after[differing[0]].json(), ensure_ascii=False, indent=1).splitlines()
        print("\n".join(difflib.unified_diff(a, b, lineterm="")))
    compared = sum(len(r.content) for r in before.values()) + sum(len(b) for b in media_before.values())
    metrics.record("restore_bytes_compared", compared)
    metrics.record("restore_bytes_differing", sum(len(before[url].content) for url in differing))
    assert differing == []
    media_after = media_contents()
    assert media_after == media_before
    # The site still works as a site: pages, the admin tree and new publishing.
    assert client.get("/news/2022-quality-month-launch/").status_code == 200
    assert client.get("/search/?q=质量").status_code == 200


@pytest.mark.django_db
def test_archive_is_one_file_with_manifest_database_and_media(site_with_media, tmp_path):
    archive = tmp_path / "one.tar.gz"
    manifest = backup.create(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[:2] == ["manifest.json", "db.json"]
    members = {f"{folder}/{item['path']}" for folder in ("media", "private_media") for item in manifest[folder]}
    assert members == set(names[2:])
    assert manifest["private_media"]
    assert manifest["database"]["bytes"] > 0
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db
def test_damaged_archive_is_refused_and_nothing_changes(demo, tmp_path):
    archive = tmp_path / "good.tar.gz"
    backup.create(archive)
    pages = Page.objects.count()
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "db.json":
                data = data.replace(b"\xe8\xb4\xa8\xe9\x87\x8f", b"XXXXXX", 1)  # 质量, same length
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="校验失败"):
        call_command("restore", str(damaged), interactive=False, stdout=io.StringIO())
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_archive_with_path_traversal_is_refused(db, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    manifest = {"format": backup.FORMAT, "database": {"bytes": 0, "sha256": ""}, "media": [], "migrations": {}}
    with tarfile.open(evil, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), ("../../etc/cron.d/x", b"boom")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="意外的条目"):
        call_command("restore", str(evil), interactive=False, stdout=io.StringIO())


def test_not_an_archive_is_a_clear_error(db, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(junk), interactive=False, stdout=io.StringIO())
