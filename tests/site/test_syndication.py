"""Feeds, the activities calendar, sitemap, robots.txt and JSON-LD parse as their consumers would."""

import datetime

import extruct
import feedparser
import icalendar
import pytest
from lxml import etree
from lxml import html as lxml_html
from wagtail.models import Page

from campaign.models import ActivityPage
from publishing.visibility import public_pages

pytestmark = pytest.mark.django_db


def test_home_announces_every_feed_and_the_calendar(demo, client):
    tree = lxml_html.fromstring(client.get("/").content.decode())
    alternates = {(link.get("type"), link.get("href")) for link in tree.xpath("//head/link[@rel='alternate']")}
    assert ("application/rss+xml", "/feeds/news/rss.xml") in alternates
    assert ("application/atom+xml", "/feeds/news/atom.xml") in alternates
    assert ("application/rss+xml", "/feeds/2022/rss.xml") in alternates
    assert ("application/atom+xml", "/feeds/2022/atom.xml") in alternates
    assert ("text/calendar", "/feeds/activities.ics") in alternates
    for _type, href in alternates:
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize(
    "url,content_type,version",
    [
        ("/feeds/news/rss.xml", "application/rss+xml; charset=utf-8", "rss20"),
        ("/feeds/news/atom.xml", "application/atom+xml; charset=utf-8", "atom10"),
        ("/feeds/2022/rss.xml", "application/rss+xml; charset=utf-8", "rss20"),
        ("/feeds/2022/atom.xml", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_feeds_parse_without_errors(demo, client, url, content_type, version):
    response = client.get(url)
    assert response["Content-Type"] == content_type
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.language.lower() == "zh-hans" if version == "rss20" else True
    [entry] = feed.entries
    assert entry.title == "2022年昆明市全国“质量月”启动 六大主题活动全面展开"
    assert entry.link == "http://testserver/news/2022-quality-month-launch/"
    assert entry.id.startswith("tag:zlkm,2022:news/")
    assert "一年一度的9月全国“质量月”到来" in entry.summary
    # The full article comes from the partner renderer, with absolute image URLs.
    content = entry.content[0].value
    assert "六大主题活动" in content and "昆明政府质量工作" in content
    assert 'src="http://testserver/' in content
    assert {tag.term for tag in entry.tags} >= {"质量月", "春城质量官"}
    assert entry.published_parsed[:4] == (2022, 9, 1, 4)  # 12:00 Beijing time is 04:00 UTC


def test_feed_for_a_campaign_that_does_not_exist_is_404(demo, client):
    assert client.get("/feeds/1999/rss.xml").status_code == 404
    assert client.get("/feeds/1999/atom.xml").status_code == 404
    assert client.get("/feeds/1999/activities.ics").status_code == 404
    assert client.get("/feeds/abc/rss.xml").status_code == 404


def test_calendar_holds_the_six_activities_as_all_day_events(demo, client):
    response = client.get("/feeds/activities.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    all_events = calendar.walk("VEVENT")
    # Six all-day activities, plus the three timed sample sessions of the live streams (activity 4).
    events = [e for e in all_events if "-session-" not in str(e["UID"])]
    assert len(events) == 6
    sessions = [e for e in all_events if "-session-" in str(e["UID"])]
    assert len(sessions) == 3
    assert all(e["DTSTART"].params["TZID"] == "Asia/Shanghai" for e in sessions)
    titles = {str(event["SUMMARY"]) for event in events}
    assert "昆明市第二届“小小质量官”体验营" in titles
    forum = next(e for e in events if "论坛" in str(e["SUMMARY"]))
    # Dates only: all-day, not 00:00-00:00 timed blocks; DTEND is exclusive.
    assert b"DTSTART;VALUE=DATE:20221001" in response.content
    assert forum.decoded("DTSTART") == datetime.date(2022, 10, 1)
    assert forum.decoded("DTEND") == datetime.date(2022, 11, 1)
    series = next(e for e in events if "系列宣传" in str(e["SUMMARY"]))
    assert type(series.decoded("DTSTART")) is datetime.date and type(series.decoded("DTEND")) is datetime.date
    assert "0871-65392426" in str(forum["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 6


def test_calendar_uid_is_stable_and_sequence_grows_when_an_activity_changes(demo, client):
    def event_for(activity):
        calendar = icalendar.Calendar.from_ical(client.get("/feeds/activities.ics").content)
        return next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == activity.title)

    activity = ActivityPage.objects.get(slug="little-quality-officers-camp")
    before = event_for(activity)
    activity.end_date = datetime.date(2022, 11, 15)
    activity.save_revision().publish()
    after = event_for(activity)
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")
    assert after.decoded("DTEND") == datetime.date(2022, 11, 16)


def test_sitemap_is_valid_xml_and_lists_every_public_page(demo, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = set(root.xpath("//s:url/s:loc/text()", namespaces=ns))
    expected = {"http://testserver" + page.url for page in public_pages(Page.objects.filter(depth__gt=1)).specific()}
    assert locations == expected
    assert "http://testserver/2022/kunming-brands-lianliankan/" in locations


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def jsonld(client, url):
    response = client.get(url)
    data = extruct.extract(response.content.decode(), base_url="http://testserver" + url, syntaxes=["json-ld"])
    return data["json-ld"]


def test_json_ld_news_article(demo, client):
    [article] = jsonld(client, "/news/2022-quality-month-launch/")
    assert article["@type"] == "NewsArticle"
    assert article["datePublished"] == "2022-09-01T12:00:00+08:00"
    assert article["image"][0].startswith("http://testserver/")
    assert article["publisher"]["name"] == "质量昆明"


def test_json_ld_event_for_activity_with_location_and_organiser(demo, client):
    [event] = jsonld(client, "/2022/kunming-brands-lianliankan/")
    assert event["@type"] == "Event"
    assert event["startDate"] == "2022-09-01" and event["endDate"] == "2022-09-30"
    assert event["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert {place["@type"] for place in event["location"]} == {"VirtualLocation"}
    assert event["organizer"][0] == {"@type": "Organization", "name": "昆明市人民政府"}


def test_json_ld_person_and_organization(demo, client):
    [person] = jsonld(client, "/officers/xia-jiawei/")
    assert person["@type"] == "Person" and person["name"] == "夏嘉伟" and person["jobTitle"] == "演员"
    items = jsonld(client, "/")
    types = {item["@type"] for item in items}
    assert {"WebSite", "Organization"} <= types
    assert next(i for i in items if i["@type"] == "Organization")["name"] == "昆明市人民政府"
