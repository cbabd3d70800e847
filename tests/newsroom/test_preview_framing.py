"""Preview responses may be framed by the admin's own origin only; public pages by nobody.

Wagtail renders a preview by running the page's public path through the whole middleware
chain (``request.is_preview``); with the public policy the browser refused to show it in
the editor's preview panel (issue #16, item 1). Checked with production's security settings.
"""

import pytest
from django.urls import reverse

from tests.newsroom.conftest import draft_news, news_form_data
from tests.reliability.conftest import production  # noqa: F401  (production security settings)
from tests.reliability.test_hardening import csp_sources

pytestmark = pytest.mark.django_db

HTTPS = {"secure": True, "HTTP_HOST": "example.com", "HTTP_X_FORWARDED_PROTO": "https"}


def assert_framable_by_admin_only(response):
    assert response.status_code == 200, response.status_code
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = csp_sources(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'self'"
    # Only framing is looser: the page itself keeps the public page's strict policy.
    assert "unsafe-inline" not in policy["script-src"]
    assert policy["default-src"] == "'self'"


def test_preview_on_edit_may_be_framed_by_the_admin_only(client, editor, news_index, production):  # noqa: F811
    page = draft_news(news_index, title="预览框架测试")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    data = news_form_data("预览框架测试", slug=page.slug, lead="预览里的导语")
    assert client.post(url, data, **HTTPS).json()["is_valid"]
    for mode in ("", None):
        params = {"in_preview_panel": "true"} if mode is None else {"mode": mode}
        response = client.get(url, params, **HTTPS)
        assert_framable_by_admin_only(response)
        assert "预览里的导语" in response.content.decode()


def test_preview_of_an_unsaved_page_may_be_framed_by_the_admin_only(client, editor, news_index, production):  # noqa: F811
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("campaign", "newspage", news_index.pk))
    assert client.post(url, news_form_data("尚未保存的稿件"), **HTTPS).json()["is_valid"]
    response = client.get(url, **HTTPS)
    assert_framable_by_admin_only(response)
    assert "尚未保存的稿件" in response.content.decode()


def test_revision_preview_and_draft_view_may_be_framed_by_the_admin_only(client, chief, news_index, production):  # noqa: F811
    page = draft_news(news_index, title="修订预览")
    client.force_login(chief)
    revision = page.latest_revision
    for url in (
        reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revision.pk)),
        reverse("wagtailadmin_pages:view_draft", args=(page.pk,)),
    ):
        assert_framable_by_admin_only(client.get(url, **HTTPS))


def test_the_published_page_still_refuses_every_frame(client, news_index, production):  # noqa: F811
    from tests.newsroom.conftest import draft_news as make

    page = make(news_index, title="已发布的稿件")
    page.latest_revision.publish()
    page.refresh_from_db()
    response = client.get(page.url, **HTTPS)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert csp_sources(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"
