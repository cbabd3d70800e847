"""Private media (#14 high 3, medium 4, low 9): one rule, files outside the public folder, checked serving.

A document or image is public only when its collection is. The URL configuration used here also serves
MEDIA_ROOT at /media/, as ``make run`` (DEBUG) and any web server in front of the site do.
"""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText
from wagtail_factories import DocumentFactory, ImageFactory

from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.site.browser_urls")]

MEDIA_URL = re.compile(r"""(?:https?://testserver)?(/(?:media|private-media|documents)/[^"'\s<>),]+)""")


def private_collection(name="内部资料", restriction_type="login"):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=restriction_type)
    return collection


@pytest.fixture
def private_image(db):
    return ImageFactory(title="内部图片", collection=private_collection(), file__filename="neibu.png")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bianji", password="x")
    group = Group.objects.create(name="测试编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def under(root, url_path):
    """True if a file of this media URL path lives under the folder ``root``."""
    name = url_path.split("/", 2)[2]
    return (Path(root) / name).exists()


def test_private_image_never_on_public_html_og_or_json_ld(client, news_index, private_image):
    item = NewsPageFactory(
        parent=news_index,
        slug="with-private-image",
        hero_image=private_image,
        body=[("image", {"image": private_image, "caption": "内部图注"}), ("paragraph", RichText("<p>正文</p>"))],
    )
    for url in (item.url, "/news/", "/"):
        body = client.get(url).content.decode()
        assert "neibu" not in body, url
        assert "内部图注" not in body, url
    page = client.get(item.url).content.decode()
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert "/static/" in og_image  # the site's default card instead
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        assert "neibu" not in block and "/media/" not in json.dumps(json.loads(block))


def test_private_image_files_live_outside_media_root_and_need_access(client, editor, private_image):
    rendition = private_image.get_rendition("fill-160x160")
    for url in (private_image.file.url, rendition.url):
        assert url.startswith("/private-media/"), url
        assert not under(settings.MEDIA_ROOT, url) and under(settings.PRIVATE_MEDIA_ROOT, url)
        assert client.get(url).status_code == 404
        assert client.get("/media/" + url.split("/", 2)[2]).status_code == 404
    client.force_login(editor)
    assert client.get(rendition.url).status_code == 200


def test_image_moving_to_a_private_collection_takes_its_files_out_of_public_reach(client):
    image = ImageFactory(title="公开图片", file__filename="gongkai.png")
    rendition = image.get_rendition("fill-160x160")
    public_urls = [image.file.url, rendition.url]
    assert all(url.startswith("/media/") for url in public_urls)
    assert all(client.get(url).status_code == 200 for url in public_urls)

    image.collection = private_collection()
    image.save()
    assert [client.get(url).status_code for url in public_urls] == [404, 404]
    image.refresh_from_db()
    assert client.get(image.file.url).status_code == 404
    assert client.get(image.get_rendition("fill-160x160").url).status_code == 404

    # The restriction lifted: the image is public again, under a public URL.
    CollectionViewRestriction.objects.filter(collection=image.collection).delete()
    image.refresh_from_db()
    assert image.file.url.startswith("/media/")
    assert client.get(image.file.url).status_code == 200
    assert client.get(image.get_rendition("fill-160x160").url).status_code == 200


def test_restricting_a_parent_collection_moves_images_below_it(client):
    parent = Collection.get_first_root_node().add_child(name="专题")
    child = parent.add_child(name="专题子库")
    image = ImageFactory(collection=child, file__filename="zhuanti.png")
    url = image.file.url
    CollectionViewRestriction.objects.create(collection=parent, restriction_type="password", password="x")
    assert client.get(url).status_code == 404
    image.refresh_from_db()
    assert image.file.url.startswith("/private-media/")


def test_private_document_is_refused_to_anonymous_readers(client, editor):
    document = DocumentFactory(title="内部报告", collection=private_collection(), file__filename="neibu.pdf")
    assert not under(settings.MEDIA_ROOT, "/media/" + document.file.name)
    assert client.get(document.url).status_code in (302, 403, 404)
    assert client.get("/media/" + document.file.name).status_code == 404
    assert client.get(document.file.url).status_code == 404
    client.force_login(editor)
    assert client.get(document.url).status_code == 200


def test_public_document_downloads_through_the_checking_view(client):
    document = DocumentFactory(title="公开报告", file__filename="gongkai.pdf", file__data=b"%PDF-1.4 sample")
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 sample"
    assert client.get("/media/" + document.file.name).status_code == 404  # never from the public folder


def test_rich_text_links_to_hidden_pages_and_private_documents_lose_their_href(client, news_index):
    draft = NewsPageFactory(parent=news_index, slug="mimi-caogao", unpublished=True)
    public = NewsPageFactory(parent=news_index, slug="gongkai-xinwen")
    document = DocumentFactory(collection=private_collection(), file__filename="neibu-wenjian.pdf")
    open_document = DocumentFactory(file__filename="gongkai-wenjian.pdf")
    item = NewsPageFactory(
        parent=news_index,
        slug="links",
        body=[
            (
                "paragraph",
                RichText(
                    f'<p><a linktype="page" id="{draft.pk}">草稿链接</a>'
                    f' <a linktype="page" id="{public.pk}">公开链接</a>'
                    f' <a linktype="document" id="{document.pk}">内部文件</a>'
                    f' <a linktype="document" id="{open_document.pk}">公开文件</a></p>'
                ),
            )
        ],
    )
    body = client.get(item.url).content.decode()
    assert "mimi-caogao" not in body and f"/documents/{document.pk}/" not in body
    assert "<a>草稿链接</a>" in body and "<a>内部文件</a>" in body
    assert "gongkai-xinwen" in body and f"/documents/{open_document.pk}/" in body
    api = client.get(f"/api/v1/news/{item.pk}/").json()["body"]
    assert f"/documents/{document.pk}/" not in api and f"/documents/{open_document.pk}/" in api


def test_secure_media_moves_what_an_older_install_left_in_the_public_folder(client):
    from django.core.management import call_command

    legacy = Path(settings.MEDIA_ROOT) / "documents" / "jiu-baogao.pdf"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(b"%PDF-1.4 old")
    image = ImageFactory(file__filename="jiu-tupian.png")
    # A restriction written behind the signals' back (e.g. by a restore): the original is still public.
    collection = Collection.get_first_root_node().add_child(name="旧内部")
    CollectionViewRestriction.objects.bulk_create(
        [CollectionViewRestriction(collection=collection, restriction_type="login")]
    )
    type(image).objects.filter(pk=image.pk).update(collection=collection)
    public_url = image.file.url
    assert client.get(public_url).status_code == 200

    call_command("secure_media", stdout=io.StringIO())
    assert not legacy.exists() and (Path(settings.PRIVATE_MEDIA_ROOT) / "documents" / "jiu-baogao.pdf").exists()
    assert client.get(public_url).status_code == 404
    image.refresh_from_db()
    assert image.file.url.startswith("/private-media/")
