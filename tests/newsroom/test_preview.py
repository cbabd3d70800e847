"""Preview works for every page type, with Wagtail's mobile/tablet/desktop sizes."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.newsroom.conftest import news_form_data

pytestmark = pytest.mark.django_db


def test_every_page_type_previews(demo):
    """Each page type of the demo, in every preview mode, renders as the admin preview does."""
    pages = [page.specific for page in Page.objects.filter(depth__gt=1)]
    types = {type(page).__name__ for page in pages}
    assert {
        "HomePage",
        "CampaignPage",
        "ActivityPage",
        "NewsIndexPage",
        "NewsPage",
        "OfficerIndexPage",
        "OfficerPage",
    } <= types
    for page in pages:
        for mode, _label in page.preview_modes:
            response = page.make_preview_request(preview_mode=mode)
            assert response.status_code == 200, (page, mode)
            content = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
            assert page.title.split("“")[0][:4] in content


def test_preview_panel_offers_mobile_and_desktop_sizes(client, editor, demo):
    from campaign.models import NewsPage

    page = NewsPage.objects.first()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert 'name="preview-size"' in html
    for size in ("mobile", "tablet", "desktop"):
        assert f'value="{size}"' in html


def test_unsaved_draft_preview_through_the_admin(client, editor, news_index):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("campaign", "newspage", news_index.pk))
    response = client.post(url, news_form_data("尚未保存的预览稿", lead="预览导语"))
    assert response.json()["is_valid"]
    preview = client.get(url)
    assert preview.status_code == 200
    assert "尚未保存的预览稿" in preview.content.decode()
    # Nothing was saved by previewing, and the public never sees it.
    client.logout()
    assert client.get("/news/").status_code == 200
    assert "尚未保存的预览稿" not in client.get("/news/").content.decode()
