import datetime
import zoneinfo
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Case, Count, Exists, Func, OuterRef, When, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from campaign.blocks import BaseStreamBlock
from cms.absolute_urls import absolute_url
from publishing.pages import BasePage, children_of, prefetch_renditions
from publishing.visibility import public_pages

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class NewsIndexPage(BasePage):
    """Lists news items, newest first."""

    introduction = models.TextField("导语", blank=True, help_text="列表页顶部的一段介绍")

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.NewsPage"]

    class Meta:
        verbose_name = "新闻列表"
        verbose_name_plural = "新闻列表"

    def news(self):
        return public_pages(children_of(NewsPage.objects.all(), self)).order_by("-published_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        """Paginated, filtered by ?tag= and ?month=YYYY-MM; bad ?page= falls back to the first or last page.

        At 100,000 items every whole-list figure (the count, the tag list, the
        month archive) is a full scan, so each is remembered per content version
        and until the next expiry/go-live moment (``remembered_public``); a page
        of items walks the ``published_at`` index from the nearer end.
        """
        from publishing.response_cache import remembered_count, remembered_public

        context = super().get_context(request, *args, **kwargs)
        items = self.news()
        params = {}
        tag = (request.GET.get("tag") or "").strip()[:100]
        if tag:
            items = items.filter(tags__name=tag)
            params["tag"] = tag
        month = parse_month(request.GET.get("month"))
        if month:
            start, end = month_bounds(month)
            items = items.filter(published_at__gte=start, published_at__lt=end)
            params["month"] = month.strftime("%Y-%m")
        months = remembered_public(("news-index-months", self.pk), self.public_months)
        if tag:
            count = remembered_count(("news-index", self.pk, tag, params.get("month")), items)
        elif month:  # the archive has counted it already
            count = next((item["count"] for item in months if item["month"] == start), 0)
        else:
            count = sum(item["count"] for item in months)
        paginator = NewsPaginator(items, 10, count=count)
        page = paginator.page(page_number(request.GET.get("page"), paginator.num_pages))
        canonical = {**params, "page": page.number} if page.number > 1 else params
        context.update(
            news_page=page,
            tag=tag,
            month=start if month else None,
            query_prefix=urlencode(params) + "&" if params else "",
            canonical_url=absolute_url(self.url + ("?" + urlencode(canonical) if canonical else "")),
            tags=remembered_public(("news-index-tags", self.pk), self.public_tags),
            months=months,
        )
        return context

    def public_tags(self):
        """[{"name": ...}] of every tag on a public news item here, by name.

        Per tag, whether one public item carries it: a few index lookups for a
        tag in use (stops at the first), where collecting the tags of every
        public item reads them all.
        """
        from taggit.models import Tag

        tagged = self.news().order_by().filter(tagged_items__tag=OuterRef("pk"))
        return list(Tag.objects.filter(Exists(tagged)).order_by("name").values("name"))

    def public_months(self):
        """[{"month": first day (Asia/Shanghai), "count": items}] of the public items, newest first.

        Also the list's counts (their sum, or one month's). SQLite truncates
        dates in a time zone with a Python function called per row (0.7 s at
        100,000 items); its own ``strftime`` does it in C, with a fixed +8 hours
        where Asia/Shanghai has had no daylight saving time, and by UTC hour
        (placed in their month here) before.
        """
        news = self.news().order_by()
        if connection.vendor == "sqlite":
            bucket = Case(
                When(published_at__gte=FIXED_OFFSET_SINCE, then=SQLiteStrftime("%Y-%m", "+8 hours")),
                default=SQLiteStrftime("%Y-%m-%d %H", "+0 hours"),
            )
        else:
            bucket = TruncMonth("published_at", tzinfo=SHANGHAI)
        counts = {}
        for value, total in (
            news.annotate(bucket=bucket).values("bucket").annotate(count=Count("pk")).values_list("bucket", "count")
        ):
            if isinstance(value, str) and len(value) == 7:  # "2022-09"
                key = (int(value[:4]), int(value[5:]))
            else:  # "1989-07-31 16" (UTC) or a datetime
                if isinstance(value, str):
                    value = datetime.datetime.strptime(value, "%Y-%m-%d %H").replace(tzinfo=datetime.UTC)
                local = value.astimezone(SHANGHAI)
                key = (local.year, local.month)
            counts[key] = counts.get(key, 0) + total
        return [
            {"month": datetime.datetime(year, number, 1, tzinfo=SHANGHAI), "count": total}
            for (year, number), total in sorted(counts.items(), reverse=True)
        ]


# Asia/Shanghai is UTC+8 all year from September 1991 (daylight saving time 1986-1991).
FIXED_OFFSET_SINCE = datetime.datetime(1992, 1, 1, tzinfo=SHANGHAI)


class SQLiteStrftime(Func):
    """SQLite's ``strftime(format, published_at, modifier)`` (a built-in, in C)."""

    output_field = models.CharField()

    def __init__(self, format, modifier):
        super().__init__(models.F("published_at"))
        self.format, self.modifier = format, modifier

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql}, %s)", [self.format, *params, self.modifier]


class NewsPaginator(Paginator):
    """A paginator given its (remembered) count, reading each page from the nearer end.

    Items are ordered newest first by the ``published_at`` index; a page past
    the middle is read oldest first with a small OFFSET and reversed, so no
    page walks more than half the list.
    """

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count  # shadows the cached_property

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        items = self.object_list.select_related("hero_image").prefetch_related("hero_image__renditions")
        if bottom > self.count - top:
            oldest_first = items.reverse()[self.count - top : self.count - bottom]
            return self._get_page(list(reversed(oldest_first)), number, self)
        return self._get_page(list(items[bottom:top]), number, self)


def page_number(value, num_pages):
    """A usable page number from ?page=: junk gives 1, too small 1, too large the last page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def parse_month(value):
    """?month=2022-09 -> date(2022, 9, 1); empty -> None; anything else is a 404."""
    if not value:
        return None
    try:
        parsed = datetime.datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        raise Http404("月份格式应为 YYYY-MM")
    if not 1978 <= parsed.year <= 2100:
        raise Http404("月份超出范围")
    return parsed


def month_bounds(month):
    start = datetime.datetime(month.year, month.month, 1, tzinfo=SHANGHAI)
    end = datetime.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=SHANGHAI)
    return start, end


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("campaign.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(BasePage):
    """A news item (新闻/资讯), e.g. the launch article."""

    # Partners see it under this type (publishing.items).
    partner_item_type = "news"

    subtitle = models.CharField("副标题", max_length=200, blank=True, help_text="可选")
    source = models.CharField("来源", max_length=80, default="质量昆明", help_text="例如：昆明信息港")
    author = models.CharField("作者/部门", max_length=80, blank=True, help_text="记者姓名或编辑部门")
    # Indexed: lists, feeds and the API page through news newest first.
    published_at = models.DateTimeField(
        "发布时间", default=timezone.now, db_index=True, help_text="读者看到的发布时间（北京时间）"
    )
    # False while 发布时间 follows the real go-live: the admin form leaves it so when the
    # editor leaves 发布时间 blank, and the first publication fixes it (newsroom.publication_time).
    # True (the default) for every other way a news item is made: imports, fixtures, the API.
    published_at_fixed = models.BooleanField("发布时间已确定", default=True, editable=False)
    lead = models.TextField("导语", blank=True, help_text="第一段，用于列表、分享和搜索结果")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="正文", help_text="段落、小标题、引语、图片、资料框")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="题图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="列表和分享卡片用图",
    )
    tags = ClusterTaggableManager("标签", through=NewsPageTag, blank=True)
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        verbose_name="所属年度质量月",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
        help_text="这篇新闻属于哪一年的质量月",
    )
    activities = ParentalManyToManyField(
        "campaign.ActivityPage", verbose_name="提及的活动", blank=True, related_name="news_items"
    )
    officers = ParentalManyToManyField(
        "campaign.OfficerPage", verbose_name="提及的春城质量官", blank=True, related_name="news_items"
    )
    import_warnings = models.TextField(
        "导入警告",
        blank=True,
        help_text="稿件导入时发现但无法自动修复的问题。核对并修改正文后清空此栏。",
    )

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("author"), FieldPanel("published_at")], heading="来源与时间"),
        FieldPanel("import_warnings"),
        FieldPanel("lead"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("campaign"), FieldPanel("activities"), FieldPanel("officers")],
            heading="标签与关联",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["campaign.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "新闻"
        verbose_name_plural = "新闻"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):  # a preview's tags are the form's, in memory
            # Read once for the tag list, the article:tag metadata and the JSON-LD keywords.
            prefetch_related_objects([self], "tags")
        related_activities = list(self.public_activities().order_by("number").select_related("hero_image"))
        related_officers = list(self.public_officers().order_by("path").select_related("photo"))
        # The page's and the cards' renditions in one query.
        prefetch_renditions(
            [self.hero_image]
            + [item.hero_image for item in related_activities]
            + [item.photo for item in related_officers]
        )
        context.update(
            crumbs=self.get_ancestors().filter(depth__gt=2).live(),
            news_index=self.get_parent(),
            tags=self.tags.all(),
            related_activities=related_activities,
            related_officers=related_officers,
        )
        return context

    def public_activities(self):
        from campaign.models import ActivityPage

        return public_pages(ActivityPage.objects.filter(pk__in=self.activities.values_list("id", flat=True)))

    def public_officers(self):
        from campaign.models import OfficerPage

        return public_pages(OfficerPage.objects.filter(pk__in=self.officers.values_list("id", flat=True)))
