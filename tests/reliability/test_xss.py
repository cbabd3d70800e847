"""Script payloads in every editor-controlled field come out inert on every surface."""

import json
import re

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.admin.rich_text.editors.draftail.features import *  # noqa: F403 - registers features
from wagtail.rich_text import features as feature_registry
from wagtail_factories import ImageFactory

from campaign.models import NewsIndexPage, OfficerIndexPage
from tests.factories import NewsPageFactory, OfficerPageFactory, OrganisationFactory
from wirecopy.importer import import_article

pytestmark = pytest.mark.django_db

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>"
LIVE_SCRIPT = re.compile(r"<script>alert|<img src=x onerror|<svg onload|href=[\"']?\s*javascript:", re.IGNORECASE)


def editor_rich_text(text, href="javascript:alert(document.cookie)"):
    """Rich text as Wagtail's editor stores it: through the Draftail contentstate converter."""
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": text,
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": href}}},
    }
    features = feature_registry.get_default_features()
    return ContentstateConverter(features).to_database_format(json.dumps(contentstate))


@pytest.fixture
def hostile(demo):
    index = NewsIndexPage.objects.get()
    image = ImageFactory(title=PAYLOAD[:100])
    page = NewsPageFactory(
        parent=index,
        title=f"质量 {PAYLOAD}"[:255],
        slug="hostile",
        subtitle=PAYLOAD[:200],
        lead=PAYLOAD,
        source=PAYLOAD[:100],
        search_description=PAYLOAD,
        hero_image=image,
        body=[
            ("paragraph", editor_rich_text(f"点我 {PAYLOAD}")),
            ("heading", PAYLOAD[:100]),
            ("quote", {"text": PAYLOAD, "speaker": PAYLOAD[:100], "speaker_title": PAYLOAD[:100]}),
            ("facts", {"title": PAYLOAD[:100], "items": [PAYLOAD[:100]]}),
            ("image", {"image": image, "caption": PAYLOAD[:100], "credit": PAYLOAD[:100]}),
        ],
    )
    page.tags.add("xss<script>")
    page.save_revision().publish()
    officer_index = OfficerIndexPage.objects.get()
    OfficerPageFactory(parent=officer_index, title="安全官", declaration=PAYLOAD[:200], story=PAYLOAD)
    OrganisationFactory(name=PAYLOAD[:100])
    imported = import_article(f"标题{PAYLOAD}\n\n{PAYLOAD}\n".encode(), parent=index)
    imported_page = getattr(imported, "page", imported)
    if hasattr(imported_page, "save_revision"):
        imported_page.save_revision().publish()
    return page


def test_editor_link_with_javascript_url_is_dropped(hostile):
    stored = editor_rich_text("点我链接", href="javascript:alert(1)")
    assert "javascript:" not in stored


SURFACES = [
    "/",
    "/news/",
    "/news/hostile/",
    "/zh-hant/news/hostile/",
    "/search/?q=质量",
    "/feeds/news/rss.xml",
    "/feeds/news/atom.xml",
    "/feeds/activities.ics",
    "/sitemap.xml",
    "/officers/",
]


def test_payloads_are_inert_on_html_and_feeds(client, hostile):
    live = {}
    for path in SURFACES:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        body = response.content.decode()
        match = LIVE_SCRIPT.search(body)
        if match:
            live[path] = body[max(0, match.start() - 120) : match.end() + 40]
        if path == "/news/hostile/":
            assert "&lt;script&gt;alert" in body  # the payload is there, escaped
    assert live == {}


def test_payloads_are_inert_in_api_html(client, hostile):
    from partner_api.models import PartnerKey

    _, key = PartnerKey.objects.create_key(name="xss")
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    detail = client.get(f"/api/v1/news/{hostile.pk}/?format=html", **headers)
    assert detail.status_code == 200
    data = detail.json()

    def html_values(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from html_values(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from html_values(v, key)
        elif isinstance(value, str) and (key in {"body", "html", "body_html", "value"}):
            yield value

    for html in html_values(data):
        assert not LIVE_SCRIPT.search(html), html[:500]
    listing = client.get("/api/v1/news/?format=html", **headers)
    for html in html_values(listing.json()):
        assert not LIVE_SCRIPT.search(html), html[:500]
