"""Partner preview links: one draft, through the API, for a short time, revocable."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from partner_api.models import PreviewToken
from tests.factories import NewsPageFactory, OfficerPageFactory
from tests.newsroom.conftest import draft_news

pytestmark = pytest.mark.django_db

DRAFT_ONLY = "只在草稿里的一句话"


@pytest.fixture
def news_with_draft(news_index):
    """A published news item whose latest revision (a draft) has a new title and body."""
    page = NewsPageFactory(parent=news_index, title="已发布的标题", slug="yifabu")
    page.body = [("paragraph", RichText("<p>已发布的正文。</p>"))]
    page.save_revision().publish()
    page.title = "草稿里的新标题"
    page.body = [("paragraph", RichText(f"<p>{DRAFT_ONLY}</p>")), ("quote", {"text": "引语", "speaker": "叶明"})]
    page.save_revision()
    return page


def create_link(client, user, page):
    client.force_login(user)
    response = client.post(reverse("newsroom_partner_preview", args=[page.pk]), {"action": "create"})
    assert response.status_code == 200
    match = re.search(r'value="(http://testserver/api/v1/preview/[^"/]+/)"', response.content.decode())
    assert match, "the new link is shown once"
    return match.group(1).removeprefix("http://testserver")


def fetch(url, **extra):
    return Client().get(url, **extra)


def test_chief_creates_a_link_that_returns_the_draft_in_the_live_shape(client, chief, news_with_draft):
    url = create_link(client, chief, news_with_draft)

    response = fetch(url)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == news_with_draft.pk
    assert data["title"] == "草稿里的新标题"
    assert DRAFT_ONLY in data["body"]
    assert "叶明" in data["body"]
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert "ETag" not in response

    live = fetch(f"/api/v1/news/{news_with_draft.pk}/").json()
    assert live["title"] == "已发布的标题" and DRAFT_ONLY not in live["body"]
    assert set(data) == set(live), "same JSON shape as the live item"

    text = fetch(url + "?format=text").json()["body"]
    assert DRAFT_ONLY in text and "<p>" not in text


def test_never_published_draft_and_the_plain_token_is_not_stored(client, chief, news_index):
    page = draft_news(news_index, "从未发布的草稿")
    url = create_link(client, chief, page)
    assert fetch(url).json()["title"] == "从未发布的草稿"
    token = url.rstrip("/").rsplit("/", 1)[1]
    record = PreviewToken.objects.get()
    assert token not in record.token_hash and record.prefix == token[:8]
    # Still off every public surface.
    assert fetch(f"/api/v1/news/{page.pk}/").status_code == 404
    assert page.pk not in [item["id"] for item in fetch("/api/v1/news/").json()["results"]]


def test_expired_link_is_gone(client, chief, news_with_draft, settings):
    settings.PARTNER_PREVIEW_TTL_SECONDS = 120
    url = create_link(client, chief, news_with_draft)
    record = PreviewToken.objects.get()
    lifetime = record.expires_at - record.created_at
    assert abs(lifetime - datetime.timedelta(seconds=120)) < datetime.timedelta(seconds=1)
    PreviewToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = fetch(url)
    assert response.status_code == 410
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 410
    assert DRAFT_ONLY not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_revoked_link_stops_at_once(client, chief, news_with_draft):
    url = create_link(client, chief, news_with_draft)
    assert fetch(url).status_code == 200
    record = PreviewToken.objects.get()
    response = client.post(
        reverse("newsroom_partner_preview", args=[news_with_draft.pk]), {"action": "revoke", "token_id": record.pk}
    )
    assert response.status_code == 302
    response = fetch(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_link_shows_only_its_own_page_and_no_other_draft(client, chief, news_index, officer_index):
    hidden_officer = OfficerPageFactory(parent=officer_index, title="未发布的质量官", unpublished=True)
    public_officer = OfficerPageFactory(parent=officer_index, title="已发布的质量官")
    page_a = draft_news(news_index, "草稿甲")
    page_a.officers = [hidden_officer, public_officer]
    page_a.save_revision()
    page_b = draft_news(news_index, "草稿乙")

    url_a = create_link(client, chief, page_a)
    data = fetch(url_a).json()
    assert data["title"] == "草稿甲"
    assert data["officers"] == [public_officer.pk], "linked drafts stay hidden"
    assert "草稿乙" not in fetch(url_a).content.decode()
    # The token is the only input: nothing in the URL can point it at page B.
    assert fetch(url_a + f"?id={page_b.pk}").status_code == 400
    assert fetch(f"/api/v1/preview/{page_b.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/preview/", "/api/v1/preview/not-a-real-token/", "/api/v1/preview/%00/"])
def test_no_or_bad_token_is_a_json_404(url, news_with_draft):
    response = fetch(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_editors_and_partner_managers_cannot_create_links(client, editor, partner_manager, news_with_draft):
    url = reverse("newsroom_partner_preview", args=[news_with_draft.pk])
    for user in (editor, partner_manager):
        client.force_login(user)
        assert client.post(url, {"action": "create"}).status_code in (302, 403)
        assert client.get(url).status_code in (302, 403)
    assert not PreviewToken.objects.exists()


def test_header_button_for_chief_not_for_editor(client, chief, editor, administrator, news_with_draft):
    edit_url = reverse("wagtailadmin_pages:edit", args=[news_with_draft.pk])
    button = reverse("newsroom_partner_preview", args=[news_with_draft.pk])
    client.force_login(chief)
    assert button in client.get(edit_url).content.decode()
    client.force_login(administrator)
    assert button in client.get(edit_url).content.decode()
    assert client.get(button).status_code == 200
    client.force_login(editor)
    assert button not in client.get(edit_url).content.decode()


def test_only_content_types_get_links(client, chief, news_index):
    client.force_login(chief)
    response = client.post(reverse("newsroom_partner_preview", args=[news_index.pk]), {"action": "create"})
    assert response.status_code in (302, 403)
    assert not PreviewToken.objects.exists()
