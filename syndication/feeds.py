"""RSS 2.0 and Atom feeds of the news, for everything and per campaign."""

import html

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.templatetags.static import static
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from campaign.models import CampaignPage, NewsPage
from cms.absolute_urls import absolute_url, page_url
from publishing import rendering
from publishing.visibility import public_pages

FEED_SIZE = 30


class ChineseRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full article in <content:encoded>; <description> is the lead as plain text.

    Readers treat <description> as HTML, so the plain text is escaped once
    more: whatever an editor or wire copy typed shows as text, never as markup.
    """

    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        if item.get("description") is not None:
            item = {**item, "description": html.escape(item["description"], quote=False)}
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class ChineseAtomFeed(Atom1Feed):
    """Atom with the lead as <summary type="text"> and the full article as <content type="html">."""

    content_type = "application/atom+xml; charset=utf-8"

    def write(self, outfile, encoding):
        # Atom1Feed.write as in Django 5.2, plus the xml-stylesheet instructions its RSS sibling writes.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def with_render_context(items):
    """Share one primed renderer across a request's items: a fixed number of queries for the bodies."""
    items = list(items)
    context = rendering.RenderContext()
    context.prime([item.body for item in items if item.body])
    for item in items:
        item.render_context = context
    return items


def full_html(item, context):
    """The lead and the body as partner HTML (publishing.rendering, the one body renderer)."""
    lead = f"<p>{escape(item.lead)}</p>" if item.lead else ""
    return lead + rendering.render_page_html(item, context)


class NewsFeed(Feed):
    """All public news, newest first."""

    feed_type = ChineseRssFeed
    title = "质量昆明 · 新闻"
    description = "昆明市全国“质量月”新闻与资讯"
    language = "zh-Hans"
    url_name = "syndication:news_rss"

    def link(self):
        return absolute_url("/")

    def stylesheets(self):
        # A browser that opens the feed shows a readable page (static_src/feeds/feed.xsl).
        return [Stylesheet(static("feeds/feed.xsl"), mimetype="text/xsl")]

    def feed_url(self):
        from django.urls import reverse

        return absolute_url(reverse(self.url_name))

    def items(self):
        return with_render_context(
            public_pages(NewsPage.objects.all())
            .order_by("-published_at", "-pk")
            .prefetch_related("tagged_items__tag")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return page_url(item)

    def item_description(self, item):
        """Plain text: tags in a lead (from an editor or wire copy) are dropped, never passed on."""
        return rendering.html_to_text(item.lead or item.search_description or "")

    def item_extra_kwargs(self, item):
        return {"content_html": full_html(item, item.render_context)}

    def item_guid(self, item):
        # Stable across slug changes and moves: tag URI built on the page id.
        return f"tag:zlkm,2022:news/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_author_name(self, item):
        return item.author or item.source

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = ChineseAtomFeed
    subtitle = NewsFeed.description
    url_name = "syndication:news_atom"


class CampaignNewsFeed(NewsFeed):
    """News of one campaign (year); 404 when no public campaign has that year."""

    def get_object(self, request, year):
        campaign = public_pages(CampaignPage.objects.filter(year=year)).first()
        if campaign is None:
            raise Http404("没有这一年的质量月")
        return campaign

    def title(self, campaign):
        return f"{campaign.title} · 新闻"

    def description(self, campaign):
        return campaign.introduction or NewsFeed.description

    def link(self, campaign):
        return page_url(campaign)

    def feed_url(self, campaign):
        from django.urls import reverse

        return absolute_url(reverse(self.url_name, args=[campaign.year]))

    def items(self, campaign):
        return with_render_context(
            public_pages(NewsPage.objects.filter(campaign=campaign))
            .order_by("-published_at", "-pk")
            .prefetch_related("tagged_items__tag")[:FEED_SIZE]
        )

    url_name = "syndication:campaign_rss"


class CampaignNewsAtomFeed(CampaignNewsFeed):
    feed_type = ChineseAtomFeed
    url_name = "syndication:campaign_atom"

    def subtitle(self, campaign):
        return self.description(campaign)
