"""Every page type renders the demo content as a reader would see it."""

import re

import pytest
from django.template.loader import render_to_string
from lxml import html as lxml_html

PAGES = {
    "home": "/",
    "campaign": "/2022/",
    "activity": "/2022/brand-story-contest-4/",
    "officer_index": "/officers/",
    "officer": "/officers/xia-jiawei/",
    "news_index": "/news/",
    "news": "/news/2022-quality-month-launch/",
}


def get_tree(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response, lxml_html.fromstring(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("name,url", PAGES.items())
def test_page_is_accessible_chinese_html(demo, client, name, url):
    response, tree = get_tree(client, url)
    assert tree.get("lang") == "zh-Hans"
    assert len(tree.xpath("//h1")) == 1, name
    levels = [int(h.tag[1]) for h in tree.xpath("//main//h1|//main//h2|//main//h3|//main//h4")]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{name}: heading jumps from h{before} to h{after}"
    assert tree.xpath("//header") and tree.xpath("//nav") and tree.xpath("//main") and tree.xpath("//footer")
    for img in tree.xpath("//img"):
        assert img.get("alt"), f"{name}: image without alt text: {img.get('src')}"
        assert img.get("width") and img.get("height"), f"{name}: image without width/height"
    # Sharing and search-engine metadata, all absolute.
    assert tree.xpath("//title")[0].text_content().strip().endswith("质量昆明")
    assert tree.xpath("//meta[@name='description']/@content")[0]
    assert tree.xpath("//link[@rel='canonical']/@href")[0].startswith("http://testserver/")
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
        value = tree.xpath(f"//meta[@property='{prop}']/@content")
        assert value and value[0], (name, prop)
    assert tree.xpath("//meta[@property='og:image']/@content")[0].startswith("http://testserver/")
    # Nothing is loaded from another host.
    for attr in tree.xpath("//script/@src|//link[@rel='stylesheet']/@href|//img/@src|//source/@srcset|//img/@srcset"):
        for url in re.split(r",\s*", attr):
            assert not url.startswith(("http:", "https:", "//")), f"{name}: external resource {url}"


@pytest.mark.django_db
def test_home_shows_hero_six_activity_cards_officers_news_and_organisers(demo, client):
    response, tree = get_tree(client, "/")
    assert tree.xpath("//section[contains(@class,'hero')]//h1")[0].text_content().strip() == "2022年昆明市全国“质量月”"
    cards = tree.xpath("//section[@aria-labelledby='activities-title']//li[contains(@class,'card')]")
    assert len(cards) == 6
    for card in cards:
        badge = card.xpath(".//span[contains(@class,'status')]")[0].text_content()
        assert badge in {"即将开始", "进行中", "已结束"}
        assert len(card.xpath(".//time")) == 2
    officers = tree.xpath("//ul[@class='officers']/li")
    assert [o.xpath(".//a")[0].text_content() for o in officers] == ["夏嘉伟", "金飞豹", "晏敏"]
    assert tree.xpath("//section[@aria-labelledby='news-title']//a[@href='/news/2022-quality-month-launch/']")
    roles = {dt.text_content(): dt.getnext().text_content() for dt in tree.xpath("//dl[@class='roles']//dt")}
    assert "昆明市人民政府" in roles["主办"]
    assert "昆明报业传媒集团" in roles["承办"]
    assert "昆明市住房和城乡建设局" in roles["协办"]


@pytest.mark.django_db
def test_images_use_webp_renditions_with_srcset_and_sizes(demo, client):
    _response, tree = get_tree(client, "/")
    sources = tree.xpath("//picture/source[@type='image/webp']")
    assert sources, "no WebP source"
    for source in sources:
        assert source.get("sizes")
        assert len(source.get("srcset").split(",")) >= 2
        assert ".format-webp" in source.get("srcset")


@pytest.mark.django_db
def test_campaign_page_groups_organisers_and_lists_contacts(demo, client):
    response, tree = get_tree(client, "/2022/")
    text = tree.text_content()
    for heading in ("亮点数据", "主题活动", "历史沿革", "联系方式"):
        assert heading in text
    roles = [dt.text_content() for dt in tree.xpath("//dl[@class='roles']//dt")]
    assert roles == ["主办", "承办", "协办"]
    assert tree.xpath("//a[@href='tel:0871-65392426']")
    assert tree.xpath("//a[@href='mailto:KMPP2022@126.com']")
    assert len(tree.xpath("//ul[@class='cards']/li")) == 6


@pytest.mark.django_db
def test_activity_page_shows_status_dates_how_to_venues_contacts_subs_and_related(demo, client):
    response, tree = get_tree(client, "/2022/brand-story-contest-4/")
    text = tree.text_content()
    assert tree.xpath("//span[contains(@class,'status')]")[0].text_content() in {"即将开始", "进行中", "已结束"}
    assert "2022年9月1日" in text and "2022年10月31日" in text
    for heading in ("参与方式", "地点与平台", "子活动", "联系方式", "相关春城质量官", "相关新闻"):
        assert heading in text, heading
    assert "春城质量官”征集" in text
    assert tree.xpath("//a[starts-with(@href,'tel:')]") and tree.xpath("//a[@href='mailto:KMPP2022@126.com']")
    assert tree.xpath("//a[@href='/officers/xia-jiawei/']")
    assert tree.xpath("//a[@href='/news/2022-quality-month-launch/']")


@pytest.mark.django_db
def test_live_stream_activity_lists_online_platforms(demo, client):
    _response, tree = get_tree(client, "/2022/kunming-brands-lianliankan/")
    locations = [li.text_content() for li in tree.xpath("//li[contains(@class,'location-online')]")]
    assert any("抖音号" in item for item in locations) and any("视频号" in item for item in locations)


@pytest.mark.django_db
def test_officer_pages(demo, client):
    _response, tree = get_tree(client, "/officers/")
    assert len(tree.xpath("//ul[@class='officers']/li//img")) == 3
    _response, tree = get_tree(client, "/officers/xia-jiawei/")
    assert "昆明政府质量工作" in tree.xpath("//blockquote")[0].text_content()
    assert tree.xpath("//a[@href='/news/2022-quality-month-launch/']")
    # No invented quotes for the others: a clear placeholder instead.
    _response, tree = get_tree(client, "/officers/jin-feibao/")
    assert not tree.xpath("//blockquote")
    assert "尚未发布" in tree.text_content()


@pytest.mark.django_db
def test_news_page_shows_byline_time_lead_body_tags_and_related(demo, client):
    _response, tree = get_tree(client, "/news/2022-quality-month-launch/")
    byline = tree.xpath("//p[@class='byline']")[0].text_content()
    assert "昆明信息港" in byline and "2022年9月1日 12:00" in byline  # Asia/Shanghai
    assert tree.xpath("//time/@datetime")[0] == "2022-09-01T12:00:00+08:00"
    assert tree.xpath("//p[@class='lead']")
    assert tree.xpath("//figure[contains(@class,'block-quote')]")
    assert tree.xpath("//aside[contains(@class,'block-facts')]")
    tags = [a.text_content() for a in tree.xpath("//ul[@class='tags']//a")]
    assert "春城质量官" in tags
    assert len(tree.xpath("//section[@aria-labelledby='activities-title']//li")) == 6
    assert len(tree.xpath("//section[@aria-labelledby='officers-title']//li")) == 3


@pytest.mark.django_db
def test_404_is_chinese_and_keeps_navigation(demo, client):
    response, tree = get_tree(client, "/no-such-page/", status=404)
    assert "没有找到" in tree.xpath("//h1")[0].text_content()
    assert tree.xpath("//nav[@aria-label='主导航']//a[@href='/news/']")


def test_500_template_is_chinese_and_keeps_navigation():
    html = render_to_string("500.html")
    tree = lxml_html.fromstring(html)
    assert "服务器" in tree.xpath("//h1")[0].text_content()
    assert tree.xpath("//nav[@aria-label='主导航']//a[@href='/officers/']")
