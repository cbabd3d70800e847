"""Nothing hidden ever reaches a partner: lists, details, slugs, expand and search."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from tests.api.conftest import ids
from tests.factories import ActivityPageFactory, NewsIndexPageFactory, NewsPageFactory, OfficerPageFactory

HIDDEN_STATES = [
    {"unpublished": True},
    {"withdrawn": True},
    {"scheduled": True},
    {"expired": True},
    {"private": True},
]


def assert_absent_everywhere(client, page, endpoint="news"):
    assert page.pk not in ids(client.get(f"/api/v1/{endpoint}/"))
    assert client.get(f"/api/v1/{endpoint}/{page.pk}/").status_code == 404
    assert client.get(f"/api/v1/{endpoint}/by-slug/{page.slug}/").status_code == 404
    assert page.pk not in ids(client.get(f"/api/v1/{endpoint}/?q={page.title}"))
    search = client.get(f"/api/v1/search/?q={page.title}").json()["results"]
    assert page.pk not in {item["id"] for item in search}


@pytest.mark.django_db
@pytest.mark.parametrize("state", HIDDEN_STATES, ids=lambda state: next(iter(state)))
def test_hidden_news_absent(client, news_index, state):
    hidden = NewsPageFactory(parent=news_index, title="隐藏新闻标题", slug="hidden-news", **state)
    visible = NewsPageFactory(parent=news_index, title="公开新闻")
    assert ids(client.get("/api/v1/news/")) == {visible.pk}
    assert_absent_everywhere(client, hidden)


@pytest.mark.django_db
@pytest.mark.parametrize("restriction", ["login", "groups"])
def test_login_and_group_restricted_sections_absent_with_descendants(client, home, restriction):
    section = NewsIndexPageFactory(parent=home, slug="internal")
    child = NewsPageFactory(parent=section, title="内部通知", slug="internal-notice")
    view_restriction = PageViewRestriction.objects.create(page=section, restriction_type=restriction)
    if restriction == "groups":
        view_restriction.groups.set([Group.objects.create(name="编辑部")])
    assert_absent_everywhere(client, child)


@pytest.mark.django_db
def test_newer_draft_changes_never_show(client, news):
    news.title = "草稿标题"
    news.lead = "草稿导语"
    news.save_revision()  # saved, not published
    detail = client.get(f"/api/v1/news/{news.pk}/").json()
    assert detail["title"] == "公开新闻"
    assert "草稿" not in str(client.get("/api/v1/news/").content.decode())


@pytest.mark.django_db
def test_deleted_page_absent(client, news_index):
    page = NewsPageFactory(parent=news_index, slug="gone")
    pk = page.pk
    page.delete()
    assert client.get(f"/api/v1/news/{pk}/").status_code == 404
    assert pk not in ids(client.get("/api/v1/news/"))


@pytest.mark.django_db
@pytest.mark.parametrize("state", HIDDEN_STATES, ids=lambda state: next(iter(state)))
def test_hidden_related_items_not_expanded(client, news_index, officer_index, campaign, home, state):
    from tests.factories import CampaignPageFactory

    hidden_activity = ActivityPageFactory(parent=campaign, **state)
    hidden_officer = OfficerPageFactory(parent=officer_index, **state)
    hidden_campaign = CampaignPageFactory(parent=home, year=2030, slug="2030", **state)
    item = NewsPageFactory(parent=news_index, campaign=hidden_campaign)
    item.activities.set([hidden_activity])
    item.officers.set([hidden_officer])
    item.save_revision().publish()
    for url in (f"/api/v1/news/{item.pk}/", f"/api/v1/news/{item.pk}/?expand=activities,officers,campaign"):
        data = client.get(url).json()
        assert data["activities"] == [] and data["officers"] == [] and data["campaign"] is None
    assert hidden_campaign.pk not in ids(client.get("/api/v1/campaigns/"))
    assert hidden_activity.pk not in ids(client.get("/api/v1/activities/"))
    assert hidden_officer.pk not in ids(client.get("/api/v1/officers/"))
    assert hidden_activity.pk not in client.get(f"/api/v1/campaigns/{campaign.pk}/").json()["activities"]


@pytest.mark.django_db
def test_private_collection_images_never_exposed(client, news_index, private_image):
    item = NewsPageFactory(
        parent=news_index,
        hero_image=private_image,
        body=[
            ("image", {"image": private_image, "caption": "内部"}),
            (
                "paragraph",
                RichText(f'<p>图<embed embedtype="image" id="{private_image.pk}" format="fullwidth" alt="x"/></p>'),
            ),
        ],
    )
    listed = client.get("/api/v1/news/?format=html").content.decode()
    assert "images/" not in listed
    for fmt in ("html", "text", "blocks"):
        body = client.get(f"/api/v1/news/{item.pk}/?format={fmt}").content.decode()
        assert "/media/images/" not in body, fmt
    assert client.get(f"/api/v1/news/{item.pk}/").json()["hero_image"] is None


@pytest.mark.django_db
def test_links_to_hidden_pages_lose_their_href(client, news_index):
    hidden = NewsPageFactory(parent=news_index, slug="secret", unpublished=True)
    item = NewsPageFactory(
        parent=news_index, body=[("paragraph", RichText(f'<p><a linktype="page" id="{hidden.pk}">秘密</a></p>'))]
    )
    html = client.get(f"/api/v1/news/{item.pk}/").json()["body"]
    assert "secret" not in html and "linktype" not in html
    assert "秘密" in html
