"""Image care: Chinese alt text, upload limits, refused types, background renditions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.images.models import Image

from publishing.renditions import PREGENERATED_FILTER_SPECS
from tests.factories import NewsPageFactory
from tests.newsroom.images import bomb_png_bytes, make_png_file, png_bytes

pytestmark = pytest.mark.django_db


def upload(client, file, description="夏嘉伟在启动仪式上发言", title="启动仪式"):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": file, "description": description, "tags": "", "collection": "1"},
    )


def file_errors(response):
    return " ".join(str(e) for e in response.context["form"].errors.get("file", []))


def test_upload_with_chinese_alt_text(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, make_png_file())
    assert response.status_code == 302
    image = Image.objects.get(title="启动仪式")
    assert image.description == "夏嘉伟在启动仪式上发言"
    # Renditions were made after upload (immediate task backend in tests).
    specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert specs == set(PREGENERATED_FILTER_SPECS)


@pytest.mark.parametrize(
    "description, message", [("", "请填写中文替代文字"), ("A man speaking", "替代文字须用中文书写")]
)
def test_alt_text_is_required_and_chinese(client, editor, description, message):
    client.force_login(editor)
    response = upload(client, make_png_file(), description=description)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["description"])
    assert not Image.objects.exists()


def test_multiple_uploader_asks_for_alt_text_before_saving(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": make_png_file(), "collection": "1", "title": "组图"}
    )
    data = response.json()
    assert data["success"]
    # Kept aside as an upload; becomes an image only once the alt text is filled in.
    assert not Image.objects.exists()
    assert "替代文字" in data["form"]


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024 * 1024)
def test_oversized_file_is_refused_with_a_chinese_error(client, editor):
    big = png_bytes(720, 720, noise=True)
    assert len(big) > 1024 * 1024
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("big.png", big, content_type="image/png"))
    assert response.status_code == 200
    assert "文件过大" in file_errors(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("side", [8_000, 20_000])  # 64 M pixels (over our limit) and 400 M (Pillow's bomb error)
def test_decompression_bomb_is_refused_with_a_chinese_error(client, editor, side):
    bomb = bomb_png_bytes(side, side)
    assert len(bomb) < 200_000
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("bomb.png", bomb, content_type="image/png"))
    assert response.status_code == 200
    assert "像素过多" in file_errors(response)
    assert not Image.objects.exists()


def test_svg_is_refused_clearly(client, editor):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"))
    assert response.status_code == 200
    assert "SVG" in file_errors(response)
    assert not Image.objects.exists()


def test_unknown_type_is_refused_clearly(client, editor):
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png"))
    assert response.status_code == 200
    assert "不是有效的图片" in file_errors(response)
    assert not Image.objects.exists()


def test_publishing_a_page_renders_its_images_in_the_background(news_index, django_capture_on_commit_callbacks):
    image = Image.objects.create(title="题图", file=make_png_file(), description="题图")
    assert not image.renditions.exists()
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(
            parent=news_index,
            hero_image=image,
        )
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(PREGENERATED_FILTER_SPECS)


def test_upload_into_a_private_collection_keeps_every_file_out_of_public_reach(
    client, editor, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from django.conf import settings
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="内部图库")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailimages:add"),
            {
                "title": "内部",
                "file": make_png_file(),
                "description": "内部图片",
                "tags": "",
                "collection": collection.pk,
            },
        )
    assert response.status_code == 302
    image = Image.objects.get(title="内部")
    names = [image.file.name, *image.renditions.values_list("file", flat=True)]
    assert len(names) == 1 + len(PREGENERATED_FILTER_SPECS)
    assert [name for name in names if (Path(settings.MEDIA_ROOT) / name).exists()] == []
    assert all((Path(settings.PRIVATE_MEDIA_ROOT) / name).exists() for name in names)
    assert client.get(image.get_rendition("max-165x165").url).status_code == 200  # editors still see it
    client.logout()
    assert client.get(image.file.url).status_code == 404


def make_image(title, owner):
    return Image.objects.create(
        title=title,
        file=make_png_file(name=f"{owner.username}.png"),
        description="夏嘉伟在启动仪式上发言",
        uploaded_by_user=owner,
    )


def test_editor_image_listing_shows_every_image_the_chooser_offers(client, editor, chief):
    own = make_image("我的照片", editor)
    colleagues = make_image("同事的照片", chief)
    client.force_login(editor)

    listing = client.get(reverse("wagtailimages:index"))
    assert listing.status_code == 200
    listed = {image.pk for image in listing.context["images"]}
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    offered = {image.pk for image in chooser.context["results"]}
    assert listed == offered == {own.pk, colleagues.pk}
    assert "同事的照片" in listing.content.decode()

    # Editing still follows ownership: the editor edits their own upload, not the chief's.
    assert client.get(reverse("wagtailimages:edit", args=[own.pk])).status_code == 200
    response = client.get(reverse("wagtailimages:edit", args=[colleagues.pk]))
    assert response.status_code in (302, 403)
    assert client.post(reverse("wagtailimages:delete", args=[colleagues.pk])).status_code in (302, 403)
    assert Image.objects.filter(pk=colleagues.pk).exists()


def test_partner_manager_sees_no_images(client, partner_manager, chief):
    make_image("同事的照片", chief)
    client.force_login(partner_manager)
    response = client.get(reverse("wagtailimages:index"))
    assert response.status_code in (302, 403)
