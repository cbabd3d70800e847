"""The /zh-hant/ twin of the public site, tried as a reader would."""

import pytest
from lxml import html as lxml_html

from script_variants.converter import convert
from tests.factories import ActivityPageFactory, CampaignPageFactory, NewsPageFactory, OfficerPageFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/2022/", "/officers/", "/officers/xia-jiawei/", "/news/", "/news/2022-quality-month-launch/"]


def tree(response):
    return lxml_html.fromstring(response.content.decode())


def test_traditional_home_shows_the_campaign_in_traditional_and_links_stay_inside(demo, client):
    response = client.get("/zh-hant/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-Hant"
    body = response.content.decode()
    for word in ("質量月", "春城質量官", "活動"):
        assert word in body
    assert "质量月" not in body.split("<body", 1)[1].replace('lang="zh-Hans"', "")
    assert "0871-65392426" in body and "KMPP2022@126.com" in body
    doc = tree(response)
    assert doc.get("lang") == "zh-Hant"
    internal = [
        href
        for href in doc.xpath("//body//a/@href")
        if href.startswith("/") and not href.startswith(("/static/", "/media/"))
    ]
    switch = doc.xpath("//*[contains(@class, 'script-switch')]//a")
    switch_hrefs = {a.get("href") for a in switch}
    assert switch_hrefs == {"/", "/zh-hant/", "/zh-tw/", "/zh-hk/"}
    assert internal
    for href in internal:
        if href in switch_hrefs and href != "/zh-hant/":
            continue
        assert href.startswith("/zh-hant/"), href
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_twin_with_hreflang_and_a_switch_back(demo, client, path):
    simplified = client.get(path)
    traditional = client.get("/zh-hant" + path)
    taiwan = client.get("/zh-tw" + path)
    hong_kong = client.get("/zh-hk" + path)
    assert simplified.status_code == traditional.status_code == taiwan.status_code == hong_kong.status_code == 200
    pairs = (
        (simplified, "zh-Hans", "zh_CN", path),
        (traditional, "zh-Hant", "zh_TW", "/zh-hant" + path),
        (taiwan, "zh-Hant-TW", "zh_TW", "/zh-tw" + path),
        (hong_kong, "zh-Hant-HK", "zh_HK", "/zh-hk" + path),
    )
    for response, lang, og_locale, current in pairs:
        assert response["Content-Language"].lower() == lang.lower()
        doc = tree(response)
        assert doc.get("lang") == lang
        assert doc.xpath("//head/meta[@property='og:locale']/@content") == [og_locale]
        alternates = {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@hreflang]")}
        assert alternates == {
            "zh-Hans": f"http://testserver{path}",
            "zh-Hant": f"http://testserver/zh-hant{path}",
            "zh-Hant-TW": f"http://testserver/zh-tw{path}",
            "zh-Hant-HK": f"http://testserver/zh-hk{path}",
            "x-default": f"http://testserver{path}",
        }
        switch = {a.text: a.get("href") for a in doc.xpath("//header//*[contains(@class, 'script-switch')]//a")}
        assert switch == {
            "简体": path,
            "繁體": "/zh-hant" + path,
            "台灣正體": "/zh-tw" + path,
            "香港繁體": "/zh-hk" + path,
        }
        [active] = doc.xpath("//header//*[contains(@class, 'script-switch')]//a[@aria-current]")
        assert active.get("href") == current
    # The switch returns the reader to the same page in Simplified.
    assert client.get(switch["简体"]).content == simplified.content
    for variant, response in (("zh-hant", traditional), ("zh-tw", taiwan), ("zh-hk", hong_kong)):
        assert tree(response).findtext(".//title") == convert(tree(simplified).findtext(".//title"), variant)


def test_regional_variants_show_their_own_characters_and_phrases(client, home, news_index):
    NewsPageFactory(parent=news_index, title="为质量软件启动网络服务", slug="ruanjian")
    expected = {
        "/news/ruanjian/": ("为质量软件启动网络服务", "/news/"),
        "/zh-hant/news/ruanjian/": ("爲質量軟件啓動網絡服務", "/zh-hant/news/"),
        "/zh-tw/news/ruanjian/": ("為質量軟體啟動網路服務", "/zh-tw/news/"),
        "/zh-hk/news/ruanjian/": ("為質量軟件啓動網絡服務", "/zh-hk/news/"),
    }
    for path, (title, index) in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        doc = tree(response)
        assert title in doc.findtext(".//h1") or title in (doc.findtext(".//title") or ""), path
        # Internal links stay inside the reader's variant.
        assert index in doc.xpath("//body//a/@href"), path
    # 为 is 為 in Taiwan and Hong Kong, 爲 in generic Traditional; 软件 is 軟體 only in Taiwan.
    assert "軟體" not in client.get("/zh-hk/news/ruanjian/").content.decode()


def test_each_variant_has_its_own_etag_and_304(demo, client):
    simplified = client.get("/news/")
    traditional = client.get("/zh-hant/news/")
    assert simplified["ETag"] and traditional["ETag"] and simplified["ETag"] != traditional["ETag"]
    assert traditional["Cache-Control"] == simplified["Cache-Control"]
    again = client.get("/zh-hant/news/", HTTP_IF_NONE_MATCH=traditional["ETag"])
    assert again.status_code == 304
    assert client.get("/news/", HTTP_IF_NONE_MATCH=traditional["ETag"]).status_code == 200
    regional = {v: client.get(f"/{v}/news/")["ETag"] for v in ("zh-tw", "zh-hk")}
    assert len({simplified["ETag"], traditional["ETag"], *regional.values()}) == 4
    assert client.get("/zh-tw/news/", HTTP_IF_NONE_MATCH=regional["zh-tw"]).status_code == 304
    assert client.get("/zh-hk/news/", HTTP_IF_NONE_MATCH=regional["zh-tw"]).status_code == 200


@pytest.mark.parametrize("path", ["/zh-xx/", "/zh-xx/news/", "/zh-mo/", "/zh-hant/no-such-page/"])
def test_unknown_variant_or_page_is_404(demo, client, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/zh-hant/api/v1/news/",
        "/zh-hant/admin/",
        "/zh-hant/static/css/site.css",
        "/zh-tw/api/v1/news/",
        "/zh-hk/admin/",
    ],
)
def test_api_admin_and_files_have_no_twin(demo, client, path):
    assert client.get(path).status_code == 404


def test_redirects(demo, client):
    response = client.get("/zh-hant")
    assert response.status_code == 301 and response["Location"] == "/zh-hant/"
    response = client.get("/zh-hans/news/?page=2")
    assert response.status_code == 301 and response["Location"] == "/news/?page=2"
    response = client.get("/zh-hant/news")
    assert response.status_code == 301 and response["Location"] == "/zh-hant/news/"


def test_search_page_in_traditional(demo, client):
    response = client.get("/zh-hant/search/", {"q": "質量月"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="zh-Hant"' in body
    assert "/zh-hant/news/2022-quality-month-launch/" in body
    doc = tree(response)
    assert doc.xpath("//form[@action='/zh-hant/search/']")


HIDDEN = ["unpublished", "withdrawn", "scheduled", "expired", "private", "deleted"]
SURFACES = [
    "/zh-hant/",
    "/zh-hant/news/",
    "/zh-hant/officers/",
    "/zh-hant/2022/",
    "/zh-hant/feeds/news/rss.xml",
    "/zh-hant/feeds/news/atom.xml",
    "/zh-hant/feeds/2022/rss.xml",
    "/zh-hant/feeds/activities.ics",
    "/zh-hant/feeds/2022/activities.ics",
    "/zh-hant/sitemap.xml",
]


@pytest.fixture
def site(home, news_index, officer_index):
    campaign = CampaignPageFactory(parent=home, year=2022, slug="2022")
    NewsPageFactory(parent=news_index, title="公开新闻", campaign=campaign)
    ActivityPageFactory(parent=campaign, title="公开活动")
    OfficerPageFactory(parent=officer_index, title="公开质量官")
    return campaign


def make(factory, trait, **kwargs):
    title = f"隐藏内容{trait}"
    if trait == "deleted":
        page = factory(title=title, **kwargs)
        slug = page.slug
        page.delete()
        return title, slug
    page = factory(title=title, **{trait: True}, **kwargs)
    return title, page.slug


@pytest.mark.parametrize("trait", HIDDEN)
@pytest.mark.parametrize("kind", ["news", "activity", "officer"])
def test_hidden_content_is_hidden_in_traditional_too(client, site, news_index, officer_index, trait, kind):
    factory, parent, base = {
        "news": (NewsPageFactory, news_index, "/news/"),
        "activity": (ActivityPageFactory, site, "/2022/"),
        "officer": (OfficerPageFactory, officer_index, "/officers/"),
    }[kind]
    extra = {"campaign": site} if kind == "news" else {}
    title, slug = make(factory, trait, parent=parent, **extra)
    traditional_title = title.replace("隐藏内容", "隱藏內容")
    for url in SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert traditional_title not in body and title not in body, f"{trait} {kind} shows on {url}"
    assert "公開" in client.get("/zh-hant/").content.decode()
    detail = client.get(f"/zh-hant{base}{slug}/")
    if trait == "private":
        # The password/login gate, never the content.
        assert detail.status_code in (200, 302)
        assert traditional_title not in detail.content.decode()
    else:
        assert detail.status_code == 404
