"""Media on S3-compatible object storage (private_media/s3.py) against a local S3 server.

moto's server runs in a thread on a free loopback port and speaks the S3 HTTP API; the
storage reaches it through boto3 exactly as it would reach MinIO, OSS or AWS.
"""

import logging
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import ImageFactory

pytest.importorskip("moto")
from moto.server import ThreadedMotoServer

BUCKET = "zlkm-media"


@pytest.fixture(scope="module")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storages = {
        "default": {"BACKEND": "private_media.s3.S3MediaStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages,
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_S3_SIGNATURE_VERSION="s3v4",
        PRIVATE_MEDIA_PREFIX="private/",
    ):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_public_files_at_their_name_private_ones_under_the_private_prefix(s3):
    public = default_storage.save("images/gongkai.txt", ContentFile(b"public"))
    document = default_storage.save("documents/baogao.txt", ContentFile(b"report"))
    private = default_storage.save("images/private-neibu.txt", ContentFile(b"secret"))
    assert (public, document, private) == ("images/gongkai.txt", "documents/baogao.txt", "images/private-neibu.txt")
    assert keys(s3) == ["images/gongkai.txt", "private/documents/baogao.txt", "private/images/private-neibu.txt"]
    # Public: a plain, unsigned URL of the object; private: the app's checked route.
    public_url = default_storage.url(public)
    # (Readable by anyone once the bucket policy opens everything outside private/; moto keeps it closed.)
    assert "Signature" not in public_url and public_url == f"{s3.meta.endpoint_url}/{BUCKET}/images/gongkai.txt"
    assert default_storage.url(private) == "/private-media/images/private-neibu.txt"
    with default_storage.open(private) as stored:
        assert stored.read() == b"secret"
    signed = default_storage.presigned_url(private)
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    assert fetch(signed) == b"secret"
    with pytest.raises(urllib.error.HTTPError) as refused:  # the same object without the signature
        fetch(signed.split("?")[0])
    assert refused.value.code == 403
    default_storage.delete(private)
    assert not default_storage.exists(private)


@pytest.mark.django_db
def test_private_image_is_served_by_presigned_redirect_to_editors_only(s3, client, admin_user):
    collection = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    image = ImageFactory(title="内部图片", collection=collection, file__filename="neibu.png")
    assert image.file.name.startswith("original_images/private-")
    assert f"private/{image.file.name}" in keys(s3)
    url = image.file.url
    assert url.startswith("/private-media/")
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    with default_storage.open(image.file.name) as stored:
        assert fetch(response["Location"]) == stored.read()
    assert client.get("/private-media/original_images/private-missing.png").status_code == 404


@pytest.mark.django_db
def test_image_made_private_moves_under_the_prefix(s3):
    image = ImageFactory(title="公开图片", file__filename="gongkai.png")
    assert keys(s3) == [image.file.name]
    image.collection = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=image.collection, restriction_type="login")
    image.save()
    image.refresh_from_db()
    assert image.file.name.startswith("original_images/private-")
    assert keys(s3) == [f"private/{image.file.name}"]


def test_settings_select_s3_by_media_storage(monkeypatch):
    import importlib

    from cms.settings import base

    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "zlkm")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://oss.example.com")
    try:
        module = importlib.reload(base)
        assert module.STORAGES["default"] == {"BACKEND": "private_media.s3.S3MediaStorage"}
        assert (module.AWS_STORAGE_BUCKET_NAME, module.AWS_S3_ENDPOINT_URL) == ("zlkm", "https://oss.example.com")
        assert module.PRIVATE_MEDIA_PREFIX == "private/"
        monkeypatch.delenv("MEDIA_STORAGE")
        assert importlib.reload(base).STORAGES["default"] == {"BACKEND": "private_media.storage.MediaStorage"}
    finally:
        monkeypatch.undo()
        importlib.reload(base)
