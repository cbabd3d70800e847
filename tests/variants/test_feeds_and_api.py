"""Feeds, calendar and sitemap in both variants; the partner API's ?variant= and Accept-Language."""

import json

import feedparser
import icalendar
import pytest
from lxml import etree

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/news/rss.xml", "/feeds/news/atom.xml", "/feeds/2022/rss.xml", "/feeds/2022/atom.xml"]


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_in_both_variants(demo, client, path):
    simplified = feedparser.parse(client.get(path).content)
    response = client.get("/zh-hant" + path)
    assert response.status_code == 200
    assert response["Content-Type"] == client.get(path)["Content-Type"]
    traditional = feedparser.parse(response.content)
    assert not traditional.bozo, traditional.get("bozo_exception")
    assert "質量" in traditional.feed.title and "质量" in simplified.feed.title
    [s_entry] = simplified.entries
    [t_entry] = traditional.entries
    assert t_entry.title == "2022年昆明市全國“質量月”啓動 六大主題活動全面展開"
    assert s_entry.title == "2022年昆明市全国“质量月”启动 六大主题活动全面展开"
    assert t_entry.link == "http://testserver/zh-hant/news/2022-quality-month-launch/"
    assert t_entry.id == s_entry.id  # ids are never converted
    content = t_entry.content[0].value
    assert "六大主題活動" in content and 'src="http://testserver/media/' in content
    assert {tag.term for tag in t_entry.tags} >= {"質量月", "春城質量官"}
    if "rss" in path:
        assert traditional.feed.language == "zh-Hant"
    # Each variant is its own cacheable resource.
    assert response["ETag"] != client.get(path)["ETag"]
    assert client.get("/zh-hant" + path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("path", ["/feeds/activities.ics", "/feeds/2022/activities.ics"])
def test_calendar_in_both_variants(demo, client, path):
    simplified = icalendar.Calendar.from_ical(client.get(path).content)
    response = client.get("/zh-hant" + path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    traditional = icalendar.Calendar.from_ical(response.content)
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    s_events = {str(e["UID"]): e for e in simplified.walk("VEVENT")}
    t_events = {str(e["UID"]): e for e in traditional.walk("VEVENT")}
    assert s_events.keys() == t_events.keys() and len(t_events) == 6 + 3  # six activities, three timed sessions
    for uid, event in t_events.items():
        original = s_events[uid]
        assert event["DTSTART"].dt == original["DTSTART"].dt
        assert event["SEQUENCE"] == original["SEQUENCE"]
        assert str(event["URL"]) == str(original["URL"]).replace("http://testserver/", "http://testserver/zh-hant/")
    summaries = {str(e["SUMMARY"]) for e in t_events.values()}
    assert "2022年“質量月”系列宣傳" in summaries
    assert "質量" in str(traditional.get("X-WR-CALNAME"))


def test_sitemap_in_both_variants(demo, client):
    simplified = etree.fromstring(client.get("/sitemap.xml").content)
    traditional = etree.fromstring(client.get("/zh-hant/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    s_locs = simplified.xpath("//s:loc/text()", namespaces=ns)
    t_locs = traditional.xpath("//s:loc/text()", namespaces=ns)
    assert t_locs == [loc.replace("http://testserver/", "http://testserver/zh-hant/") for loc in s_locs]
    assert "http://testserver/zh-hant/news/2022-quality-month-launch/" in t_locs


# --- the partner API -------------------------------------------------------------


def test_api_variant_parameter_and_accept_language(demo, client):
    simplified = client.get("/api/v1/news/")
    by_param = client.get("/api/v1/news/", {"variant": "zh-hant"})
    by_header = client.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="zh-Hant")
    for response in (simplified, by_param, by_header):
        assert response.status_code == 200
        assert "Accept-Language" in response["Vary"]
    assert simplified["Content-Language"] == "zh-Hans"
    assert by_param["Content-Language"] == by_header["Content-Language"] == "zh-Hant"
    assert by_param.json() == by_header.json()
    [s_item] = simplified.json()["results"]
    [t_item] = by_header.json()["results"]
    assert t_item["title"] == "2022年昆明市全國“質量月”啓動 六大主題活動全面展開"
    assert "昆明市市場監督管理局" in t_item["lead"]
    assert set(t_item["tags"]) >= {"質量月", "春城質量官"}
    # URLs, slugs, ids, dates, types and renditions are unchanged.
    for key in ("id", "type", "slug", "url", "first_published_at", "published_at"):
        assert t_item[key] == s_item[key], key
    assert t_item["hero_image"]["renditions"] == s_item["hero_image"]["renditions"]
    assert t_item["hero_image"]["alt"] == "2022年昆明市全國“質量月”活動主視覺"
    # ETags differ per variant, whether it came from the URL or the header.
    etags = {simplified["ETag"], by_param["ETag"], by_header["ETag"]}
    assert len(etags) == 3
    assert (
        client.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="zh-Hant", HTTP_IF_NONE_MATCH=by_header["ETag"]).status_code
        == 304
    )
    assert client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=by_header["ETag"]).status_code == 200


def test_api_parameter_wins_over_accept_language(demo, client):
    response = client.get("/api/v1/news/", {"variant": "zh-hans"}, HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert response["Content-Language"] == "zh-Hans"
    assert "质量月" in response.json()["results"][0]["title"]
    response = client.get("/api/v1/news/", {"variant": "zh-hant"}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response["Content-Language"] == "zh-Hant"


def test_api_detail_bodies_keep_urls(demo, client):
    news_id = client.get("/api/v1/news/").json()["results"][0]["id"]
    s_body = client.get(f"/api/v1/news/{news_id}/").json()
    t_body = client.get(f"/api/v1/news/{news_id}/", {"variant": "zh-hant"}).json()
    assert "六大主題活動" in t_body["body"]
    import re

    href = re.compile(r'(?:href|src)="([^"]+)"')
    assert href.findall(t_body["body"]) == href.findall(s_body["body"])
    blocks = client.get(f"/api/v1/news/{news_id}/", {"variant": "zh-hant", "format": "blocks"})
    assert blocks.status_code == 200
    assert "質量" in json.dumps(blocks.json()["body"], ensure_ascii=False)


def test_api_contacts_keep_the_hotline_and_email(demo, client):
    text = json.dumps(client.get("/api/v1/campaigns/", {"variant": "zh-hant"}).json(), ensure_ascii=False)
    simplified = json.dumps(client.get("/api/v1/campaigns/").json(), ensure_ascii=False)
    for literal in ("0871-65392426", "KMPP2022@126.com"):
        assert (literal in text) == (literal in simplified)
    assert "質量月" in text


@pytest.mark.parametrize("value", ["zh-xx", "", "zh-mo", "hant"])
def test_api_unknown_variant_is_400_listing_accepted_values(demo, client, value):
    response = client.get("/api/v1/news/", {"variant": value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert "variant" in problem["errors"]
    for accepted in ("zh-hans", "zh-hant", "zh-tw", "zh-hk"):
        assert accepted in problem["errors"]["variant"][0]


def test_api_schema_documents_variant(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    spec = json.loads(schema.content)
    operations = [op for path, ops in spec["paths"].items() for method, op in ops.items() if method == "get"]
    assert operations
    for operation in operations:
        [param] = [p for p in operation.get("parameters", []) if p["name"] == "variant"]
        assert param["schema"]["enum"] == ["zh-hans", "zh-hant", "zh-tw", "zh-hk"]


def test_api_tag_filter_accepts_the_traditional_tag_name(demo, client):
    simplified = client.get("/api/v1/news/", {"tag": "春城质量官"}).json()["count"]
    traditional = client.get("/api/v1/news/", {"tag": "春城質量官", "variant": "zh-hant"}).json()["count"]
    assert simplified == traditional == 1


@pytest.mark.parametrize(
    "query, headers, language, title",
    [
        ({"variant": "zh-tw"}, {}, "zh-Hant-TW", "2022年昆明市全國“質量月”啟動 六大主題活動全面展開"),
        (
            {},
            {"HTTP_ACCEPT_LANGUAGE": "zh-TW,zh;q=0.8"},
            "zh-Hant-TW",
            "2022年昆明市全國“質量月”啟動 六大主題活動全面展開",
        ),
        ({"variant": "zh-hk"}, {}, "zh-Hant-HK", "2022年昆明市全國“質量月”啓動 六大主題活動全面展開"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "zh-HK"}, "zh-Hant-HK", "2022年昆明市全國“質量月”啓動 六大主題活動全面展開"),
    ],
)
def test_api_regional_variants(demo, client, query, headers, language, title):
    response = client.get("/api/v1/news/", query, **headers)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    [item] = response.json()["results"]
    assert item["title"] == title
    detail = client.get(f"/api/v1/news/{item['id']}/", query, **headers)
    assert detail.status_code == 200 and detail["Content-Language"] == language


def test_api_each_variant_has_its_own_etag(demo, client):
    etags = {}
    for variant in ("zh-hans", "zh-hant", "zh-tw", "zh-hk"):
        response = client.get("/api/v1/news/", {"variant": variant})
        etags[variant] = response["ETag"]
        again = client.get("/api/v1/news/", {"variant": variant}, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
    assert len(set(etags.values())) == 4
    assert client.get("/api/v1/news/", {"variant": "zh-hk"}, HTTP_IF_NONE_MATCH=etags["zh-tw"]).status_code == 200
