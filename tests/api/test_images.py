"""Images at the sizes apps need: allow-listed width, fit, format and density; WebP and 2x by default."""

import pytest

from tests.api.conftest import results


@pytest.mark.django_db
def test_width_density_and_format_map_onto_a_rendition(client, image, settings):
    response = client.get(f"/api/v1/images/{image.pk}/", {"width": 320, "density": 2, "format": "webp"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["url"].startswith(settings.BASE_URL) and data["url"].endswith(".webp")
    assert (data["width"], data["height"]) == (640, 426)  # 2x of 320, the 1200x800 original's ratio
    assert data["format"] == "webp" and data["density"] == 2 and response["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "size", "suffix"), [
    ({"width": 160, "fit": "fill", "ratio": "1x1", "format": "jpeg"}, (160, 160), ".jpg"),
    ({"width": 640, "fit": "fill"}, (640, 360), ".webp"),  # 16x9 by default
    ({"width": 480, "format": "avif"}, (480, 320), ".avif"),
    ({"width": 1600, "density": 3}, (1200, 800), ".webp"),  # never upscaled
])  # fmt: skip
def test_fit_ratio_format_and_no_upscaling(client, image, params, size, suffix):
    data = client.get(f"/api/v1/images/{image.pk}/", params).json()
    assert (data["width"], data["height"]) == size
    assert data["url"].endswith(suffix)


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "name"), [
    ({}, "width"),
    ({"width": 333}, "width"),
    ({"width": 320, "density": 4}, "density"),
    ({"width": 320, "format": "gif"}, "format"),
    ({"width": 320, "fit": "stretch"}, "fit"),
    ({"width": 320, "fit": "fill", "ratio": "7x5"}, "ratio"),
    ({"width": 320, "size": "huge"}, "size"),
])  # fmt: skip
def test_anything_off_the_allow_list_is_a_400(client, image, params, name):
    response = client.get(f"/api/v1/images/{image.pk}/", params)
    assert response.status_code == 400 and name in response.json()["errors"]


@pytest.mark.django_db
def test_private_and_missing_images_are_404(client, private_image):
    assert client.get(f"/api/v1/images/{private_image.pk}/", {"width": 320}).status_code == 404
    assert client.get("/api/v1/images/999999/", {"width": 320}).status_code == 404


@pytest.mark.django_db
def test_default_renditions_include_webp_and_2x(client, news):
    image = results(client.get("/api/v1/news/"))[0]["hero_image"]
    renditions = image["renditions"]
    assert renditions["card_2x"]["width"] == 1200  # 1280 asked, never upscaled past the original
    assert renditions["card_webp"]["url"].endswith(".webp")
    assert renditions["thumbnail_2x_webp"]["width"] == 320 and renditions["hero_webp"]["url"].endswith(".webp")
