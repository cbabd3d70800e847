"""Stock Wagtail API v2 over the same news pages, mounted by bench/urls.py only.

The fields match one item of our ``/api/v1/news/`` list: title, dates, lead,
tags, campaign, activities, officers and the hero image with the same three
renditions. Nothing here changes the models outside the bench settings.
"""

from rest_framework.fields import ListField
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from campaign.models import NewsPage
from publishing.renditions import NAMED_RENDITIONS

NEWS_FIELDS = [
    "published_at",
    "source",
    "author",
    "lead",
    "tags",
    "campaign",
    "activities",
    "officers",
    "hero_image",
    *[f"hero_{name}" for name in NAMED_RENDITIONS],
]
QUERY = "type=campaign.NewsPage&fields=" + ",".join(NEWS_FIELDS) + "&order=-published_at&limit=20"


class _Tags(ListField):
    def to_representation(self, data):
        return [tag.name for tag in data.all()]


NewsPage.api_fields = [
    APIField("published_at"),
    APIField("source"),
    APIField("author"),
    APIField("lead"),
    APIField("tags", serializer=_Tags()),
    APIField("campaign"),
    APIField("activities"),
    APIField("officers"),
    APIField("hero_image"),
    *[
        APIField(f"hero_{name}", serializer=ImageRenditionField(spec, source="hero_image"))
        for name, spec in NAMED_RENDITIONS.items()
    ],
]

router = WagtailAPIRouter("stockapi")
router.register_endpoint("pages", PagesAPIViewSet)
