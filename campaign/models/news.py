from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from campaign.blocks import BaseStreamBlock
from publishing.visibility import public_pages


class NewsIndexPage(Page):
    """Lists news items, newest first."""

    introduction = models.TextField("导语", blank=True, help_text="列表页顶部的一段介绍")

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.NewsPage"]

    class Meta:
        verbose_name = "新闻列表"
        verbose_name_plural = "新闻列表"

    def news(self):
        return public_pages(NewsPage.objects.child_of(self)).order_by("-published_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.news()
        tag = request.GET.get("tag")
        if tag:
            items = items.filter(tags__name=tag)
        paginator = Paginator(items, 10)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context.update(news_page=page, tag=tag)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("campaign.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(Page):
    """A news item (新闻/资讯), e.g. the launch article."""

    subtitle = models.CharField("副标题", max_length=200, blank=True, help_text="可选")
    source = models.CharField("来源", max_length=80, default="质量昆明", help_text="例如：昆明信息港")
    author = models.CharField("作者/部门", max_length=80, blank=True, help_text="记者姓名或编辑部门")
    published_at = models.DateTimeField("发布时间", default=timezone.now, help_text="读者看到的发布时间（北京时间）")
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

    def public_activities(self):
        from campaign.models import ActivityPage

        return public_pages(ActivityPage.objects.filter(pk__in=self.activities.values("pk")))

    def public_officers(self):
        from campaign.models import OfficerPage

        return public_pages(OfficerPage.objects.filter(pk__in=self.officers.values("pk")))
