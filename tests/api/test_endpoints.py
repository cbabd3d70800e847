"""What a partner sees on each endpoint."""

import pytest
from wagtail.rich_text import RichText

from tests.api.conftest import ids, results
from tests.factories import ActivityPageFactory, NewsPageFactory, OfficerPageFactory, OrganisationFactory


@pytest.mark.django_db
def test_news_list_item_shape(client, news, campaign):
    [item] = results(client.get("/api/v1/news/"))
    assert item["id"] == news.pk
    assert item["type"] == "news"
    assert item["slug"] == "public-news"
    assert item["url"] == "http://testserver/news/public-news/"
    assert item["first_published_at"] and item["last_published_at"]
    assert item["campaign"] == {
        "id": campaign.pk,
        "type": "campaign",
        "title": campaign.title,
        "year": 2022,
        "url": "http://testserver/2022/",
    }
    assert item["tags"] == ["质量月"]
    assert item["body"] is None  # bodies come with ?format=


@pytest.mark.django_db
def test_images_have_named_absolute_renditions_alt_and_focal_point(client, news):
    image = results(client.get("/api/v1/news/"))[0]["hero_image"]
    assert set(image["renditions"]) >= {"thumbnail", "card", "hero"}
    thumbnail = image["renditions"]["thumbnail"]
    assert thumbnail["url"].startswith("http://testserver/media/images/")
    assert (thumbnail["width"], thumbnail["height"]) == (160, 160)
    assert image["renditions"]["card"]["width"] == 640
    assert image["alt"] == "主图"
    assert image["focal_point"]["x"] == 600


@pytest.mark.django_db
def test_detail_by_id_and_slug(client, news):
    by_id = client.get(f"/api/v1/news/{news.pk}/").json()
    by_slug = client.get("/api/v1/news/by-slug/public-news/").json()
    assert by_id["id"] == by_slug["id"] == news.pk


@pytest.mark.django_db
def test_body_formats(client, news_index, officer_index, image):
    officer = OfficerPageFactory(parent=officer_index, title="夏嘉伟", slug="xia-jiawei")
    item = NewsPageFactory(
        parent=news_index,
        slug="body-news",
        body=[
            ("paragraph", RichText(f'<p>见<a linktype="page" id="{officer.pk}">夏嘉伟</a>的故事。</p>')),
            ("image", {"image": image, "caption": "启动仪式", "credit": "昆明信息港"}),
            ("quote", {"text": "竖起大拇指", "speaker": "夏嘉伟", "speaker_title": "演员"}),
        ],
    )
    html = client.get(f"/api/v1/news/{item.pk}/?format=html").json()["body"]
    assert '<a href="http://testserver/officers/xia-jiawei/">夏嘉伟</a>' in html
    assert '<img src="http://testserver/media/images/' in html
    assert "linktype" not in html and "<embed" not in html
    text = client.get(f"/api/v1/news/{item.pk}/?format=text").json()["body"]
    assert "见夏嘉伟的故事。" in text and "<" not in text
    blocks = client.get(f"/api/v1/news/{item.pk}/?format=blocks").json()["body"]
    assert [block["type"] for block in blocks] == ["paragraph", "image", "quote"]
    assert blocks[1]["value"]["image"]["renditions"]["hero"]["url"].startswith("http://testserver/")
    listed = results(client.get("/api/v1/news/?format=text"))
    assert "见夏嘉伟的故事。" in listed[0]["body"]


@pytest.mark.django_db
def test_expand_embeds_related_items(client, news_index, officer_index, campaign):
    activity = ActivityPageFactory(parent=campaign, title="小小质量官")
    officer = OfficerPageFactory(parent=officer_index)
    item = NewsPageFactory(parent=news_index, campaign=campaign)
    item.activities.set([activity])
    item.officers.set([officer])
    item.save_revision().publish()
    plain = client.get(f"/api/v1/news/{item.pk}/").json()
    assert plain["activities"] == [activity.pk] and plain["officers"] == [officer.pk]
    expanded = client.get(f"/api/v1/news/{item.pk}/?expand=activities,officers,campaign").json()
    assert expanded["activities"][0]["title"] == "小小质量官"
    assert expanded["activities"][0]["campaign"]["id"] == campaign.pk
    assert expanded["officers"][0]["id"] == officer.pk
    assert expanded["campaign"]["theme"] == campaign.theme


@pytest.mark.django_db
def test_activity_has_status_dates_and_campaign(client, campaign):
    activity = ActivityPageFactory(parent=campaign, slug="kids")
    [item] = results(client.get("/api/v1/activities/"))
    assert item["status"] == "ended"
    assert item["start_date"] == "2022-09-01" and item["end_date"] == "2022-10-31"
    assert item["campaign"]["id"] == campaign.pk
    assert client.get("/api/v1/activities/by-slug/kids/").json()["id"] == activity.pk


@pytest.mark.django_db
def test_officer_has_declaration_and_story(client, officer_index, campaign):
    OfficerPageFactory(
        parent=officer_index, declaration="为质量昆明代言。", story="土生土长的昆明人。", campaign=campaign
    )
    [item] = results(client.get("/api/v1/officers/"))
    assert item["declaration"] == "为质量昆明代言。"
    assert item["story"] == "土生土长的昆明人。"
    assert item["campaign"]["year"] == 2022


@pytest.mark.django_db
def test_campaign_lists_organisations_and_activities(client, campaign):
    organisation = OrganisationFactory(name="昆明市人民政府")
    campaign.organisations.create(organisation=organisation, role="host")
    campaign.save_revision().publish()
    activity = ActivityPageFactory(parent=campaign)
    item = client.get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert item["organisations"][0]["name"] == "昆明市人民政府"
    assert item["organisations"][0]["role"] == "host"
    assert item["activities"] == [activity.pk]
    [org] = results(client.get("/api/v1/organisations/"))
    assert org["campaigns"][0]["campaign"]["id"] == campaign.pk
    assert client.get(f"/api/v1/organisations/{organisation.pk}/").json()["name"] == "昆明市人民政府"


@pytest.mark.django_db
def test_filters(client, news_index, campaign, home):
    from tests.factories import CampaignPageFactory

    other = CampaignPageFactory(parent=home, year=2023, slug="2023")
    old = NewsPageFactory(parent=news_index, campaign=campaign, published_at="2022-09-01T10:00:00+08:00")
    new = NewsPageFactory(parent=news_index, campaign=other, published_at="2023-09-01T10:00:00+08:00")
    new.tags.add("论坛")
    new.save_revision().publish()
    assert ids(client.get(f"/api/v1/news/?campaign={campaign.pk}")) == {old.pk}
    assert ids(client.get("/api/v1/news/?year=2023")) == {new.pk}
    assert ids(client.get("/api/v1/news/?tag=论坛")) == {new.pk}
    assert ids(client.get("/api/v1/news/?published_after=2023-01-01")) == {new.pk}
    assert ids(client.get("/api/v1/news/?published_before=2023-01-01T00:00:00%2B08:00")) == {old.pk}
    assert ids(client.get("/api/v1/news/?updated_since=2000-01-01")) == {old.pk, new.pk}
    assert ids(client.get("/api/v1/news/?updated_since=2099-01-01")) == set()
    ordered = results(client.get("/api/v1/news/?ordering=published_at"))
    assert [item["id"] for item in ordered] == [old.pk, new.pk]


@pytest.mark.django_db
def test_paging_through_everything(client, news_index):
    created = {NewsPageFactory(parent=news_index).pk for _ in range(5)}
    seen, url = set(), "/api/v1/news/?limit=2"
    pages = 0
    while url:
        data = client.get(url).json()
        assert data["count"] == 5
        seen |= {item["id"] for item in data["results"]}
        url = data["next"]
        pages += 1
    assert seen == created and pages == 3
    assert client.get("/api/v1/news/?limit=2&offset=2").json()["previous"].startswith("http://testserver/api/v1/news/")


@pytest.mark.django_db
def test_default_page_size_is_20(client, news_index):
    for _ in range(21):
        NewsPageFactory(parent=news_index)
    data = client.get("/api/v1/news/").json()
    assert len(data["results"]) == 20 and data["next"]


@pytest.mark.django_db
def test_search_endpoint_and_q(client, news, officer_index):
    OfficerPageFactory(parent=officer_index, title="夏嘉伟")
    data = client.get("/api/v1/search/?q=夏嘉伟").json()
    assert [(item["type"], item["title"]) for item in data["results"]] == [("officer", "夏嘉伟")]
    assert ids(client.get("/api/v1/news/?q=公开新闻")) == {news.pk}
    assert client.get("/api/v1/search/").status_code == 400
