"""No public request waits for Pillow: every size a reader or partner sees is made in the background."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.images import get_image_model
from wagtail.models import Page

from newsroom.tasks import generate_renditions
from publishing.renditions import PREGENERATED_FILTER_SPECS, SITE_PICTURES

PICTURE_TAG = re.compile(r"{%\s*(?:picture|image|srcset_image)\s+\S+\s+(.+?)(?:\s+\w+=|\s+as\s|\s*%})")
OUR_TEMPLATES = [
    path
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
    if ".venv" not in path.parts and "node_modules" not in path.parts
]


def test_every_template_picture_uses_a_pregenerated_size():
    found = []
    for path in OUR_TEMPLATES:
        for spec in PICTURE_TAG.findall(path.read_text()):
            found.append(spec)
            assert spec in SITE_PICTURES.values(), f"{path}: {spec} is not in publishing.renditions.SITE_PICTURES"
    assert len(found) >= 6


@pytest.mark.django_db
def test_reading_every_public_surface_creates_no_rendition(demo, client):
    Image = get_image_model()
    generate_renditions.call(list(Image.objects.values_list("pk", flat=True)))
    Rendition = Image.get_rendition_model()
    before = Rendition.objects.count()
    assert before == Image.objects.count() * len(PREGENERATED_FILTER_SPECS) > 0

    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    urls += [
        "/zh-hant/",
        "/feeds/news/rss.xml",
        "/feeds/news/atom.xml",
        "/feeds/activities.ics",
        "/sitemap.xml",
        "/search/?q=质量",
    ]
    urls += [
        "/api/v1/news/?expand=activities,officers,campaign&format=html",
        "/api/v1/activities/",
        "/api/v1/officers/",
        "/api/v1/campaigns/",
    ]
    shown = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        shown += response.content.decode().count("/images/")  # rendition URLs in pages, feeds and the API

    assert len(urls) >= 15 and shown >= 50
    assert Rendition.objects.count() == before


@pytest.mark.django_db
def test_pregenerate_renditions_fills_in_sizes_for_older_images(demo):
    import io

    from django.core.management import call_command

    Image = get_image_model()
    out = io.StringIO()
    call_command("pregenerate_renditions", verbosity=0, stdout=out)
    assert f"{Image.objects.count()} 张图片补齐了尺寸" in out.getvalue()
    for image in Image.objects.all():
        assert set(image.renditions.values_list("filter_spec", flat=True)) == set(PREGENERATED_FILTER_SPECS)
    call_command("pregenerate_renditions", verbosity=0, stdout=out)
    assert "0 张图片补齐了尺寸" in out.getvalue()


def test_make_run_and_make_demo_make_the_image_sizes_before_anyone_asks():
    """A fresh `make run` must not resize the demo's images inside the first requests.

    On a slow machine that took longer than gunicorn's 30 s timeout and the first home page
    was a 500; bin/serve makes the sizes before gunicorn starts, `make demo` (make dev) too.
    """
    root = Path(__file__).resolve().parents[2]
    serve = (root / "bin" / "serve").read_text()
    assert 'step "图片尺寸" $PY manage.py pregenerate_renditions' in serve
    assert serve.index("pregenerate_renditions") < serve.index(".venv/bin/gunicorn")
    demo = (root / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py pregenerate_renditions" in demo
