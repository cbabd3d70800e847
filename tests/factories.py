"""Factories for every page type and snippet, with visibility traits.

Pages are published through revisions as an editor would. Traits drive the
tests that prove hidden content stays hidden, e.g.
``NewsPageFactory(parent=index, unpublished=True)`` or
``NewsPageFactory(parent=index, visibility="live+login")``.
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import PageViewRestriction

from campaign.models import (
    ActivityPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    OfficerIndexPage,
    OfficerPage,
    Organisation,
)
from home.models import HomePage


def apply_visibility(page, state, restriction):
    """Bring a freshly created page into the requested state via Wagtail's own APIs."""
    now = timezone.now()
    if state == "live":
        page.save_revision().publish()
    elif state == "draft":
        page.live = False
        page.save()
        page.save_revision()
    elif state == "unpublished":
        page.save_revision().publish()
        page.unpublish()
    elif state == "scheduled":
        page.live = False
        page.save()
        page.go_live_at = now + datetime.timedelta(days=1)
        page.save_revision().publish()
    elif state == "expired":
        # Past its expiry but not yet processed by publish_scheduled.
        page.expire_at = now - datetime.timedelta(minutes=1)
        page.save_revision().publish()
    else:
        raise ValueError(state)
    if restriction == "password":
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")
    elif restriction == "login":
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    elif restriction is not None:
        restriction_obj = PageViewRestriction.objects.create(page=page, restriction_type="groups")
        restriction_obj.groups.set([restriction])
    page.refresh_from_db()
    return page


# Shorthands for ``visibility``: NewsPageFactory(parent=index, expired=True).
VISIBILITY_TRAITS = {
    "unpublished": "draft",
    "withdrawn": "unpublished",
    "scheduled": "scheduled",
    "expired": "expired",
    "private": "live+password",
}


class VisibilityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def create(cls, **kwargs):
        for name, visibility in VISIBILITY_TRAITS.items():
            if kwargs.pop(name, False):
                kwargs["visibility"] = visibility
        return super().create(**kwargs)

    live = True

    @factory.post_generation
    def visibility(obj, create, extracted, **kwargs):
        """ "live" (default), "draft", "unpublished", "scheduled" or "expired", optionally with
        "+password", "+login" or "+group" (pass the group as ``visibility__group=group``)."""
        if not create:
            return
        state, _, restriction = (extracted or "live").partition("+")
        if restriction == "group":
            restriction = kwargs["group"]
        apply_visibility(obj, state, restriction or None)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "质量昆明"
    slug = "home"

    class Meta:
        model = HomePage


class CampaignPageFactory(VisibilityPageFactory):
    title = factory.Sequence(lambda n: f"{2022 + n}年昆明市全国“质量月”")
    slug = factory.Sequence(lambda n: f"{2022 + n}")
    year = factory.Sequence(lambda n: 2022 + n % 70)  # stays within the model's 1978–2100 range
    theme = "质量强市"
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 9, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 10, 31))
    introduction = "一年一度的全国“质量月”到来。"

    class Meta:
        model = CampaignPage


class ActivityPageFactory(VisibilityPageFactory):
    title = factory.Sequence(lambda n: f"测试活动{n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    number = factory.Sequence(lambda n: n + 1)
    summary = "活动摘要。"
    start_date = datetime.date(2022, 9, 1)
    end_date = datetime.date(2022, 10, 31)

    class Meta:
        model = ActivityPage


class OfficerIndexPageFactory(VisibilityPageFactory):
    title = "春城质量官"
    slug = "officers"

    class Meta:
        model = OfficerIndexPage


class OfficerPageFactory(VisibilityPageFactory):
    title = factory.Sequence(lambda n: f"质量官{n}")
    slug = factory.Sequence(lambda n: f"officer-{n}")
    occupation = "演员"
    appointed_year = 2022

    class Meta:
        model = OfficerPage


class NewsIndexPageFactory(VisibilityPageFactory):
    title = "新闻"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(VisibilityPageFactory):
    title = factory.Sequence(lambda n: f"测试新闻{n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    source = "昆明信息港"
    lead = "导语。"
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = NewsPage


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试单位{n}")

    class Meta:
        model = Organisation
