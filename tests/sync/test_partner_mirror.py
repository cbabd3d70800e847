"""A partner's mirror, kept through snapshot + ``?since=`` while editors work, ends equal to a fresh read.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with
DATABASE_URL): ``DATABASE_URL=postgres://… pytest tests/sync/test_partner_mirror.py``.
"""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail_factories import ImageFactory

from campaign.models import ActivityPage, CampaignOrganisation, CampaignPage, NewsPage, OfficerPage, Organisation
from partner_api.models import PartnerKey
from tests.factories import (
    ActivityPageFactory,
    CampaignPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    OfficerPageFactory,
    OrganisationFactory,
)
from tests.newsroom.images import png_bytes

PATHS = {
    "campaign": "campaigns",
    "activity": "activities",
    "officer": "officers",
    "news": "news",
    "organisation": "organisations",
}
REMOVALS = {"unpublished", "expired", "deleted"}


class Mirror:
    """What a partner keeps: every public item's detail JSON, by (type, id), and a cursor."""

    def __init__(self, client, auth):
        self.client, self.auth = client, auth
        self.items, self.cursor = {}, None
        self.fetches = 0

    def get(self, url):
        response = self.client.get(url.replace("http://testserver", ""), **self.auth)
        assert response.status_code in (200, 404), (url, response.status_code, response.content[:300])
        return response

    def fetch(self, item_type, item_id):
        self.fetches += 1
        response = self.get(f"/api/v1/{PATHS[item_type]}/{item_id}/")
        key = (item_type, item_id)
        if response.status_code == 200:
            self.items[key] = response.json()
        else:  # gone again since: its tombstone follows
            self.items.pop(key, None)

    def apply(self, change):
        key = (change["type"], change["id"])
        if change["event"] in REMOVALS:
            self.items.pop(key, None)
        else:
            self.fetch(*key)

    def page(self, url):
        body = self.get(url).json()
        for change in body["results"]:
            self.apply(change)
        self.cursor = body["cursor"]
        return body

    def follow(self, url):
        while True:
            body = self.page(url)
            if body["mode"] == "changes" and not body["results"]:
                return
            url = body["next"]


class Newsroom:
    """Editors making seeded random changes of every kind through Wagtail's own APIs."""

    def __init__(self, seed, home):
        self.random = random.Random(seed)
        self.home = home
        self.done = []
        root = Collection.get_first_root_node()
        self.public_collection = root.add_child(name="稿件图片")
        self.private_collection = root.add_child(name="内部资料")
        CollectionViewRestriction.objects.create(collection=self.private_collection, restriction_type="login")
        self.spare_collection = root.add_child(name="待定")
        self.indexes = [NewsIndexPageFactory(parent=home, slug=f"news-{n}", title=f"新闻{n}") for n in range(2)]
        from tests.factories import OfficerIndexPageFactory

        self.officer_index = OfficerIndexPageFactory(parent=home)
        self.images = [
            ImageFactory(title=f"图片{n}", collection=self.public_collection, file__width=320, file__height=240)
            for n in range(4)
        ]
        self.organisations = [OrganisationFactory(name=f"单位{n}") for n in range(4)]
        self.campaigns = []
        for year in (2022, 2023):
            campaign = CampaignPageFactory(parent=home, year=year, slug=str(year), hero_image=self.images[0])
            for organisation in self.organisations[:3]:
                CampaignOrganisation.objects.create(campaign=campaign, organisation=organisation, role="co_organiser")
            campaign.save_revision().publish()
            self.campaigns.append(campaign)
        for campaign in self.campaigns:
            for _ in range(2):
                ActivityPageFactory(parent=campaign, hero_image=self.pick(self.images))
        for _ in range(3):
            OfficerPageFactory(
                parent=self.officer_index, campaign=self.pick(self.campaigns), photo=self.pick(self.images)
            )
        for _ in range(6):
            self.add_news()

    def pick(self, options):
        return self.random.choice(list(options))

    def pages(self, model, live=None):
        queryset = model.objects.order_by("pk")
        if live is not None:
            queryset = queryset.filter(live=live)
        return list(queryset)

    def add_news(self):
        news = NewsPageFactory(
            parent=self.pick(self.indexes),
            campaign=self.pick([*self.campaigns, None]),
            hero_image=self.pick([*self.images, None]),
        )
        activities = self.pages(ActivityPage)
        officers = self.pages(OfficerPage)
        news.activities.set(self.random.sample(activities, 2))
        news.officers.set(self.random.sample(officers, 1))
        news.tags.add(self.pick(["质量月", "品牌", "质量官"]))
        body_image = self.pick(self.images)
        news.body = [("image", {"image": body_image, "caption": "图注"})]
        news.save_revision().publish()
        return news

    # One editorial operation of each kind; each returns a short description.

    def edit_page(self):
        page = self.pick(self.pages(NewsPage, True) + self.pages(OfficerPage, True)).specific
        page.title = f"{page.title[:20]}·改{len(self.done)}"
        page.save_revision().publish()
        return f"edit {page.pk}"

    def publish_news(self):
        return f"publish new {self.add_news().pk}"

    def unpublish(self):
        pages = self.pages(NewsPage, True) + self.pages(ActivityPage, True) + self.pages(OfficerPage, True)
        page = self.pick(pages)
        page.unpublish()
        return f"unpublish {page.pk}"

    def republish(self):
        pages = self.pages(NewsPage, False) + self.pages(ActivityPage, False) + self.pages(OfficerPage, False)
        if not pages:
            return self.unpublish()
        page = self.pick(pages)
        page.save_revision().publish()
        return f"republish {page.pk}"

    def move(self):
        if self.random.random() < 0.5:
            news = self.pick(self.pages(NewsPage))
            target = next(index for index in self.indexes if not news.path.startswith(index.path))
            news.move(target, pos="last-child")
            return f"move news {news.pk}"
        activity = self.pick(self.pages(ActivityPage))
        target = next(c for c in self.campaigns if not activity.path.startswith(c.path))
        activity.move(Page.objects.get(pk=target.pk), pos="last-child")
        return f"move activity {activity.pk}"

    def delete(self):
        pages = self.pages(NewsPage) + self.pages(OfficerPage)
        if len(pages) < 7:
            return self.publish_news()
        page = self.pick(pages)
        page.delete()
        return f"delete {page.pk}"

    def privacy(self):
        restricted = list(PageViewRestriction.objects.all())
        if restricted and self.random.random() < 0.5:
            restriction = self.pick(restricted)
            restriction.delete()
            return f"unrestrict {restriction.page_id}"
        page = self.pick(self.pages(NewsPage) + self.pages(ActivityPage))
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        return f"restrict {page.pk}"

    def image(self):
        image = self.pick(self.images)
        image.refresh_from_db()
        what = self.random.choice(["title", "alt", "focal", "file", "collection"])
        if what == "title":
            image.title = f"图片·{len(self.done)}"
        elif what == "alt":
            image.description = f"说明{len(self.done)}"
        elif what == "focal":
            image.focal_point_x, image.focal_point_y = self.random.randint(10, 300), self.random.randint(10, 200)
            image.focal_point_width = image.focal_point_height = 20
        elif what == "file":
            image.file = SimpleUploadedFile(f"new{len(self.done)}.png", png_bytes(200, 100), content_type="image/png")
            image.width, image.height = 200, 100
            image.renditions.all().delete()
        else:
            image.collection = self.pick([self.public_collection, self.private_collection, self.spare_collection])
        image.save()
        return f"image {what} {image.pk}"

    def collection_privacy(self):
        existing = CollectionViewRestriction.objects.filter(collection=self.spare_collection).first()
        if existing:
            existing.delete()
            return "spare collection public"
        CollectionViewRestriction.objects.create(collection=self.spare_collection, restriction_type="login")
        return "spare collection private"

    def organisation(self):
        organisation = self.pick(self.organisations)
        if self.random.random() < 0.5:
            organisation.name = f"单位{organisation.pk}·{len(self.done)}"
            organisation.save()
            return f"rename organisation {organisation.pk}"
        campaign = self.pick(self.campaigns)
        campaign = CampaignPage.objects.get(pk=campaign.pk)
        roles = list(campaign.organisations.all())
        role = self.pick(roles)
        role.role = self.pick(["host", "organiser", "co_organiser"])
        if self.random.random() < 0.3:
            role.organisation = self.pick(self.organisations)
        campaign.save_revision().publish()
        return f"role in {campaign.pk}"

    def tag(self):
        from taggit.models import Tag

        tag = self.pick(Tag.objects.order_by("pk"))
        tag.name = f"{tag.name[:10]}·{len(self.done)}"
        tag.slug = f"tag-{tag.pk}-{len(self.done)}"
        tag.save()
        return f"rename tag {tag.pk}"

    def campaign(self):
        campaign = CampaignPage.objects.get(pk=self.pick(self.campaigns).pk)
        campaign.title = f"{campaign.year}年质量月·{len(self.done)}"
        campaign.save_revision().publish()
        return f"rename campaign {campaign.pk}"

    def site(self):
        site = Site.objects.get(is_default_site=True)
        site.site_name = f"质量昆明{len(self.done)}"
        site.save()
        return "site settings"

    OPERATIONS = [
        "edit_page", "publish_news", "unpublish", "republish", "move", "delete", "privacy", "image",
        "collection_privacy", "organisation", "tag", "campaign", "site",
    ]  # fmt: skip

    def step(self):
        name = self.OPERATIONS[len(self.done) % len(self.OPERATIONS)] if len(self.done) < 26 else None
        name = name or self.random.choice(self.OPERATIONS)
        self.done.append(getattr(self, name)())


@pytest.fixture
def auth(db):
    _key, plain = PartnerKey.objects.create_key(name="昆明日报", rate_per_minute=1_000_000)
    return {"HTTP_AUTHORIZATION": f"Api-Key {plain}"}


def full_read(client, auth):
    fresh = Mirror(client, auth)
    fresh.follow("/api/v1/changes/?limit=7")
    return fresh.items


def test_mirror_equals_a_fresh_read_after_random_editing(client, home, auth):
    newsroom = Newsroom(seed=13, home=home)
    mirror = Mirror(client, auth)
    first = mirror.page("/api/v1/changes/?limit=5")
    assert first["mode"] == "snapshot" and len(first["results"]) == 5
    # Withdraw an item the partner already has from page 1: an offset would now skip one.
    delivered = first["results"][0]
    page = Page.objects.get(pk=delivered["id"]).specific
    page.unpublish()
    newsroom.done.append(f"unpublish between snapshot pages {page.pk}")
    url = first["next"]
    while True:  # the rest of the snapshot, with editors at work between pages
        newsroom.step()
        body = mirror.page(url)
        if body["mode"] == "changes":
            break
        url = body["next"]
    while len(newsroom.done) < 110:
        for _ in range(newsroom.random.randint(1, 4)):
            newsroom.step()
        mirror.follow(f"/api/v1/changes/?since={mirror.cursor}&limit=3")
    mirror.follow(f"/api/v1/changes/?since={mirror.cursor}")

    kinds = {entry.split()[0] for entry in newsroom.done}
    assert {"edit", "publish", "unpublish", "republish", "move", "delete", "restrict", "image", "spare",
            "rename", "role", "site"} <= kinds  # fmt: skip
    fresh = full_read(client, auth)
    missing = set(fresh) - set(mirror.items)
    extra = set(mirror.items) - set(fresh)
    stale = {key for key in set(fresh) & set(mirror.items) if fresh[key] != mirror.items[key]}
    assert (missing, extra, stale) == (set(), set(), set()), newsroom.done
    assert len(fresh) > 15
    # Only what is public: every item the mirror holds is served to anyone.
    assert all(Organisation.objects.filter(pk=i).exists() for t, i in fresh if t == "organisation")
