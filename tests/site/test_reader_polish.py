"""The reader fixes of issue #15, as a reader sees them in the HTML."""

import io

import pytest
from lxml import html as lxml_html
from PIL import Image, ImageChops, ImageDraw
from wagtail.models import Site

from campaign.models import ActivityPage, OfficerIndexPage
from home.demo import images
from home.models import SiteFooter
from tests.factories import ActivityPageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db


def tree(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def main_text(client, url):
    return tree(client, url).xpath("//main")[0].text_content()


def test_block_templates_are_not_wrapped_twice_and_location_lists_hold_only_items(demo, client):
    page = tree(client, "/2022/brand-story-contest-4/")
    for ul in page.xpath("//ul[contains(@class, 'locations')]"):
        assert [child.tag for child in ul] and {child.tag for child in ul} == {"li"}
    news = tree(client, "/news/2022-quality-month-launch/")
    assert news.xpath("//figure[@class='block-quote']"), "the demo news has a quote"
    # The block's own template carries the class; no Wagtail wrapper around it draws a second box.
    assert not news.xpath("//*[contains(@class, 'block-quote')]//*[contains(@class, 'block-quote')]")
    assert not news.xpath("//div[contains(@class, 'block-quote') or contains(@class, 'block-fact_box')]")


def test_news_hero_image_is_shown_once(demo, client):
    page = tree(client, "/news/2022-quality-month-launch/")
    sources = [img.get("src").split("/")[-1].split(".")[0] for img in page.xpath("//main//article//img")]
    assert sources and len(sources) == len(set(sources)), sources


@pytest.mark.parametrize("activity", range(1, 7))
def test_activity_pages_say_each_sentence_once(demo, client, activity):
    page = ActivityPage.objects.get(number=activity)
    text = main_text(client, page.url)
    assert text.count(page.summary) == 1, page.title
    for paragraph in lxml_html.fromstring(page.how_to_take_part or "<p></p>").xpath("//p"):
        sentence = paragraph.text_content().strip()[:30]
        if sentence:
            assert text.count(sentence) == 1, (page.title, sentence)


def test_navigation_has_activities_and_the_header_a_search_box(demo, client):
    page = tree(client, "/news/")
    labels = [a.text_content().strip() for a in page.xpath("//nav[@aria-label='主导航']//a")]
    assert "活动" in labels
    assert page.xpath("//header//form[@role='search' and @action='/search/']//input[@name='q']")
    activity = tree(client, "/2022/brand-story-contest-4/")
    assert activity.xpath("//nav[@aria-label='主导航']//a[@aria-current='page']")[0].text_content() == "活动"
    target = tree(client, "/").xpath("//*[@id='activities']//a[contains(@href, '/2022/')]")
    assert target, "the 活动 entry leads to the list of activities"


def test_footer_shows_government_site_fields_only_when_set(demo, client):
    footer = tree(client, "/").xpath("//footer")[0].text_content()
    assert "主办单位" not in footer and "网站标识码" not in footer
    setting = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    setting.organiser = "昆明市市场监督管理局"
    setting.icp_number = "滇ICP备00000000号"
    setting.save()
    footer = tree(client, "/").xpath("//footer")[0]
    text = footer.text_content()
    assert "主办单位：昆明市市场监督管理局" in text and "滇ICP备00000000号" in text
    assert "网站标识码" not in text and "公安" not in text


def test_officer_index_links_to_how_to_apply_only_while_that_page_is_public(demo, client):
    link = tree(client, "/officers/").xpath("//main//a[starts-with(., '如何报名')]")
    assert link and link[0].get("href").startswith("/2022/brand-story-contest-4/")
    assert tree(client, link[0].get("href").split("#")[0]).xpath("//*[@id='how-to-take-part']")
    index = OfficerIndexPage.objects.get()
    campaign = CampaignPageFactory(parent=index.get_parent(), year=2031, slug="2031")
    index.apply_page = ActivityPageFactory(parent=campaign, unpublished=True)
    index.save_revision().publish()
    assert not tree(client, "/officers/").xpath("//main//a[starts-with(., '如何报名')]")


def test_feeds_carry_a_stylesheet_and_the_footer_leads_to_how_to_subscribe(demo, client):
    for url in ("/feeds/news/rss.xml", "/feeds/news/atom.xml"):
        head = client.get(url).content[:300].decode()
        assert '<?xml-stylesheet href="/static/feeds/feed.xsl"' in head and 'type="text/xsl"' in head
    assert client.get("/static/feeds/feed.xsl").status_code == 200
    href = tree(client, "/").xpath("//footer//a[contains(., '订阅新闻')]")[0].get("href")
    page = tree(client, href)
    addresses = [a.get("href") for a in page.xpath("//main//a")]
    assert "http://testserver/feeds/news/rss.xml" in addresses
    assert "http://testserver/feeds/2022/activities.ics" in addresses


def test_search_page_is_styled_by_the_site_stylesheet(demo, client):
    page = tree(client, "/search/?q=质量")
    assert page.xpath("//link[@rel='stylesheet' and contains(@href, 'css/site')]")
    css = b"".join(client.get("/static/css/site.css").streaming_content).decode()
    for selector in (".search-form input", ".search-result__title", ".search-page mark", ".header-search"):
        assert selector in css
    for cls in ("search-form", "search-results", "search-result__title"):
        assert page.xpath(f"//*[contains(@class, '{cls}')]"), cls


def _bitmap(text):
    image = Image.new("L", (200, 200), 0)
    ImageDraw.Draw(image).text((100, 100), text, font=images._font(120), fill=255, anchor="mm")
    return image


def test_demo_art_draws_chinese_characters_with_a_shipped_font():
    """Without a CJK font every character draws the same missing-glyph box."""
    xia, yan = _bitmap("夏"), _bitmap("晏")
    assert xia.getbbox() and ImageChops.difference(xia, yan).getbbox()
    avatar = Image.open(io.BytesIO(images.avatar("xia-jiawei", "夏")))
    assert avatar.size == (800, 800)
