"""A site holding every content state the public must never see, each marked with a unique token.

Markers are ASCII so they survive Simplified/Traditional conversion and
search segmentation unchanged; ``SHOWN_*`` markers are positive controls
that must appear, proving each crawl really reaches content.
"""

import datetime

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail_factories import DocumentFactory, ImageFactory

from campaign.models import CampaignPage, NewsIndexPage, OfficerIndexPage
from tests.factories import ActivityPageFactory, NewsIndexPageFactory, NewsPageFactory, OfficerPageFactory

SHOWN = "SHOWNxPUBLICxOK"
SHOWN_NEWER_LIVE = "SHOWNxNEWERxLIVE"


def paragraph(text):
    return [("paragraph", f"<p>{text} 质量月新闻正文。</p>")]


def marked_news(parent, marker, **kwargs):
    image = ImageFactory(
        title=f"{marker} 图片", file__filename=f"{marker.lower()}.png", file__width=40, file__height=30
    )
    return NewsPageFactory(
        parent=parent,
        title=f"{marker} 质量月新闻",
        subtitle=f"{marker} 副标题",
        lead=f"{marker} 导语。",
        body=paragraph(marker),
        search_description=f"{marker} 摘要",
        hero_image=image,
        **kwargs,
    )


class World:
    """Build with ``World.build()`` after the demo is loaded."""

    def __init__(self):
        self.hidden = {}  # state -> marker
        self.hidden_ids = {}  # state -> [page ids]
        self.never_published_ids = set()
        self.hidden_urls = []  # direct URLs of hidden pages

    def hide(self, state, page, never_published=False):
        self.hidden_ids.setdefault(state, []).append(page.pk)
        if never_published:
            self.never_published_ids.add(page.pk)
        self.hidden_urls.append((state, page.url_path))
        return page

    @classmethod
    def build(cls):
        world = cls()
        news_index = NewsIndexPage.objects.get()
        campaign = CampaignPage.objects.get(year=2022)
        officers = OfficerIndexPage.objects.get()
        group = Group.objects.create(name="内部审阅组")

        world.shown = marked_news(news_index, SHOWN)

        def state(name, marker=None):
            marker = marker or f"LEAKx{name.upper().replace('-', 'x')}"
            world.hidden[name] = marker
            return marker

        world.hide("draft", marked_news(news_index, state("draft"), unpublished=True), never_published=True)
        world.hide("withdrawn", marked_news(news_index, state("withdrawn"), withdrawn=True))
        world.hide("scheduled", marked_news(news_index, state("scheduled"), scheduled=True), never_published=True)
        world.hide("expired-unprocessed", marked_news(news_index, state("expired-unprocessed"), expired=True))
        processed = marked_news(news_index, state("expired-processed"), expired=True)
        world.hide("expired-processed", processed)
        for restriction in ("password", "login", "group"):
            marker = state(f"private-{restriction}")
            kwargs = {"visibility": f"live+{restriction}"}
            if restriction == "group":
                kwargs["visibility__group"] = group
            world.hide(f"private-{restriction}", marked_news(news_index, marker, **kwargs))
            # A whole section restricted: the child pages carry no restriction of their own.
            section = NewsIndexPageFactory(
                parent=campaign.get_parent(), title="内部栏目", slug=f"internal-{restriction}"
            )
            restriction_obj = PageViewRestriction.objects.create(
                page=section, restriction_type="groups" if restriction == "group" else restriction, password="secret"
            )
            if restriction == "group":
                restriction_obj.groups.set([group])
            world.hide(f"private-{restriction}", section)
            descendant = marked_news(section, state(f"descendant-{restriction}"))
            world.hide(f"descendant-{restriction}", descendant)

        # A live page whose newer draft must not show anywhere.
        newer = marked_news(news_index, SHOWN_NEWER_LIVE)
        marker = state("newer-draft")
        newer.title = f"{marker} 草稿标题"
        newer.lead = f"{marker} 草稿导语。"
        newer.subtitle = f"{marker} 草稿副标题"
        newer.body = paragraph(marker)
        newer.save_revision()
        world.newer_draft = newer

        deleted = marked_news(news_index, state("deleted"))
        world.hide("deleted", deleted)
        deleted.delete()

        # Activities (calendar) and officers in hidden states too.
        world.hide(
            "draft",
            ActivityPageFactory(parent=campaign, title=f"{world.hidden['draft']} 活动", unpublished=True),
            never_published=True,
        )
        world.hide(
            "private-login",
            ActivityPageFactory(
                parent=campaign, title=f"{world.hidden['private-login']} 活动", visibility="live+login"
            ),
        )
        world.hide(
            "scheduled",
            ActivityPageFactory(
                parent=campaign,
                title=f"{world.hidden['scheduled']} 活动",
                scheduled=True,
                start_date=datetime.date(2022, 9, 5),
            ),
            never_published=True,
        )
        world.hide(
            "withdrawn", OfficerPageFactory(parent=officers, title=f"{world.hidden['withdrawn']} 官", withdrawn=True)
        )
        world.hide(
            "private-group",
            OfficerPageFactory(
                parent=officers,
                title=f"{world.hidden['private-group']} 官",
                visibility="live+group",
                visibility__group=group,
            ),
        )

        # An image in a private collection, used nowhere public.
        marker = state("private-collection")
        collection = Collection.get_first_root_node().add_child(name="内部图库")
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
        ImageFactory(title=f"{marker} 内部图片", collection=collection, file__filename=f"{marker.lower()}.png")

        # A public page using an image and a document of a private collection: in the hero, an image
        # block, a document block and a rich-text link. Neither file may show or be fetchable.
        marker = state("private-media")
        media_collection = Collection.get_first_root_node().add_child(name="内部媒体")
        CollectionViewRestriction.objects.create(collection=media_collection, restriction_type="login")
        image = ImageFactory(
            title=f"{marker} 内部配图", collection=media_collection, file__filename=f"{marker.lower()}.png"
        )
        document = DocumentFactory(
            title=f"{marker} 内部报告",
            collection=media_collection,
            file__filename=f"{marker.lower()}.pdf",
            file__data=b"%PDF-1.4 internal",
        )
        world.private_media_page = NewsPageFactory(
            parent=news_index,
            title="公开新闻使用内部图库",
            hero_image=image,
            body=[
                ("image", {"image": image, "caption": "配图说明"}),
                ("document", {"document": document, "title": "报告下载"}),
                ("paragraph", RichText(f'<p>见<a linktype="document" id="{document.pk}">附件</a>。</p>')),
            ],
        )
        world.private_media_urls = [
            image.file.url,
            image.get_rendition("fill-160x160").url,
            image.get_rendition("fill-1200x630|format-jpeg").url,
            document.url,
            document.file.url,
        ]
        world.private_media_urls += ["/media/" + url.split("/", 2)[2] for url in world.private_media_urls[:3]]
        world.private_media_urls.append("/media/" + document.file.name)

        # The scheduler runs once: "expired-processed" becomes unpublished; the other expired page stays
        # live-but-past-expiry, as between two scheduler ticks.
        expired_unprocessed = world.hidden_ids["expired-unprocessed"][0]
        Page.objects.filter(pk=expired_unprocessed).update(expire_at=timezone.now() + datetime.timedelta(days=365))
        call_command("publish_scheduled", verbosity=0)
        Page.objects.filter(pk=expired_unprocessed).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
        processed.refresh_from_db()
        assert not processed.live
        assert Page.objects.get(pk=expired_unprocessed).live
        return world

    def leaks_in(self, text):
        """The states whose marker appears in ``text`` (case-insensitive: file names are lower case)."""
        lowered = text.lower()
        return sorted(state for state, marker in self.hidden.items() if marker.lower() in lowered)
