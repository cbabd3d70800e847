"""Nothing unpublished, withdrawn, scheduled, expired, private or deleted shows on any public surface."""

import datetime

import icalendar
import pytest
from taggit.models import Tag

from campaign.models import NewsPage, NewsPageTag
from tests.factories import ActivityPageFactory, CampaignPageFactory, NewsPageFactory, OfficerPageFactory

pytestmark = pytest.mark.django_db

SEPTEMBER_2022 = datetime.datetime(2022, 9, 20, 2, 0, tzinfo=datetime.UTC)
MARCH_2019 = datetime.datetime(2019, 3, 10, 2, 0, tzinfo=datetime.UTC)
HIDDEN = ["unpublished", "withdrawn", "scheduled", "expired", "private", "deleted"]

SURFACES = [
    "/",
    "/news/",
    "/news/?tag=秘密",
    "/news/?month=2022-09",
    "/feeds/news/rss.xml",
    "/feeds/news/atom.xml",
    "/feeds/2022/rss.xml",
    "/feeds/2022/atom.xml",
    "/sitemap.xml",
    "/officers/",
    "/2022/",
]


def make(factory, trait, **kwargs):
    title = f"隐藏内容{trait}"
    if trait == "deleted":
        page = factory(title=title, **kwargs)
        page.delete()
        return title
    return factory(title=title, **{trait: True}, **kwargs).title


@pytest.fixture
def site(home, news_index, officer_index):
    campaign = CampaignPageFactory(parent=home, year=2022, slug="2022")
    visible = NewsPageFactory(parent=news_index, title="公开新闻", campaign=campaign)
    visible.published_at = visible.published_at.replace(year=2022, month=9, day=15)
    visible.save_revision().publish()
    ActivityPageFactory(parent=campaign, title="公开活动")
    OfficerPageFactory(parent=officer_index, title="公开质量官")
    return campaign


def bodies(client):
    result = {}
    for url in SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        result[url] = response.content.decode()
    return result


@pytest.mark.parametrize("trait", HIDDEN)
def test_hidden_news_stays_off_every_surface(client, site, news_index, trait):
    title = make(NewsPageFactory, trait, parent=news_index, campaign=site, published_at=SEPTEMBER_2022)
    for url, body in bodies(client).items():
        assert title not in body, f"{trait} news shows on {url}"
    assert "公开新闻" in client.get("/feeds/news/rss.xml").content.decode()


@pytest.mark.parametrize("trait", HIDDEN)
def test_hidden_activity_stays_off_pages_calendar_and_sitemap(client, site, trait):
    title = make(ActivityPageFactory, trait, parent=site)
    for url, body in bodies(client).items():
        assert title not in body, f"{trait} activity shows on {url}"
    for url in ("/feeds/activities.ics", "/feeds/2022/activities.ics"):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        assert summaries == ["公开活动"], (trait, url)


@pytest.mark.parametrize("trait", HIDDEN)
def test_hidden_officer_stays_off_every_surface(client, site, officer_index, trait):
    title = make(OfficerPageFactory, trait, parent=officer_index)
    for url, body in bodies(client).items():
        assert title not in body, f"{trait} officer shows on {url}"


@pytest.mark.parametrize("trait", ["unpublished", "scheduled", "expired", "private"])
def test_hidden_campaign_has_no_feed_or_calendar(client, home, trait):
    campaign = CampaignPageFactory(parent=home, year=2030, slug="2030", **{trait: True})
    ActivityPageFactory(parent=campaign, title="隐藏年份的活动", unpublished=True)
    for url in ("/feeds/2030/rss.xml", "/feeds/2030/atom.xml", "/feeds/2030/activities.ics"):
        assert client.get(url).status_code == 404, (trait, url)
    assert campaign.title not in client.get("/").content.decode()
    assert "/2030/" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("cached", [False, True], ids=["computed", "remembered"])
@pytest.mark.parametrize("trait", HIDDEN)
def test_hidden_news_adds_no_tag_or_month_to_the_news_index(client, site, news_index, settings, trait, cached):
    from django.core.cache import cache

    settings.RESPONSE_CACHE_ENABLED = cached  # on: the tag list and archive are remembered per version
    cache.clear()
    visible = NewsPage.objects.get(title="公开新闻")
    visible.tags.add("公开标签")
    visible.save_revision().publish()
    hidden = NewsPageFactory(
        parent=news_index, title="隐藏新闻", published_at=MARCH_2019, **({} if trait == "deleted" else {trait: True})
    )
    NewsPageTag.objects.create(content_object=hidden, tag=Tag.objects.create(name="秘密标签"))
    if trait == "deleted":
        hidden.delete()
    body = client.get("/news/").content.decode()
    assert "公开标签" in body and "2022年9月</a>（1）" in body
    assert "秘密标签" not in body, f"{trait} news adds its tag"
    assert "2019年3月" not in body and "month=2019-03" not in body, f"{trait} news adds its month"
    assert body.count('<li class="news-item') == 1 and "隐藏新闻" not in body
    for url in ("/news/?tag=秘密标签", "/news/?month=2019-03"):
        assert "隐藏新闻" not in client.get(url).content.decode(), (trait, url)
    cache.clear()
