from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from campaign.blocks import RICH_TEXT_FEATURES, HeadlineFigureBlock
from publishing.pages import BasePage, children_of
from publishing.visibility import public_pages


class CampaignPage(BasePage):
    """One year's Quality Month campaign; its children are the activities."""

    # Partners see it under this type (publishing.items).
    partner_item_type = "campaign"

    year = models.PositiveSmallIntegerField(
        "年份",
        validators=[MinValueValidator(1978), MaxValueValidator(2100)],
        help_text="活动年份，每年只能有一个，例如：2022",
    )
    edition = models.CharField("届次", max_length=40, blank=True, help_text="例如：第四十五个全国“质量月”")
    theme = models.CharField("主题", max_length=200, blank=True, help_text="本年度活动主题")
    launch_date = models.DateField("启动日期", null=True, blank=True, help_text="启动仪式的日期")
    start_date = models.DateField("开始日期", help_text="活动开始日期（北京时间）")
    end_date = models.DateField("结束日期", help_text="活动结束日期（含当天，北京时间）")
    introduction = models.TextField("导语", blank=True, help_text="一段话介绍本年度活动，用于首页和分享")
    body = RichTextField("介绍", features=RICH_TEXT_FEATURES, blank=True, help_text="活动的详细介绍")
    history = RichTextField(
        "历史沿革", features=RICH_TEXT_FEATURES, blank=True, help_text="质量月和“质量强市 昆明快走”的由来"
    )
    headline_figures = StreamField(
        [("figure", HeadlineFigureBlock())], blank=True, verbose_name="亮点数据", help_text="首页展示的成绩数字"
    )
    contact_phone = models.CharField("咨询热线", max_length=40, blank=True, help_text="例如：0871-65392426")
    contact_email = models.EmailField("联系邮箱", blank=True, help_text="例如：KMPP2022@126.com")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="主图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="页面顶部和分享卡片用图",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("year"), FieldPanel("edition")], heading="年份与届次"),
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("launch_date"), FieldPanel("start_date"), FieldPanel("end_date")], heading="日期"),
        FieldPanel("hero_image"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("history"),
        FieldPanel("headline_figures"),
        InlinePanel("organisations", heading="主办、承办、协办单位", label="单位"),
        MultiFieldPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")], heading="联系方式"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("history"),
        index.FilterField("year"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.ActivityPage"]

    class Meta:
        verbose_name = "年度质量月"
        verbose_name_plural = "年度质量月"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "结束日期不能早于开始日期。"
        if self.year and CampaignPage.objects.filter(year=self.year).exclude(pk=self.pk).exists():
            errors["year"] = f"{self.year}年的质量月已经存在，每年只能有一个。"
        if errors:
            raise ValidationError(errors)

    def activities(self):
        from campaign.models import ActivityPage

        return public_pages(children_of(ActivityPage.objects.all(), self)).order_by("number")

    def get_context(self, request, *args, **kwargs):
        from campaign.models import NewsPage

        context = super().get_context(request, *args, **kwargs)
        context.update(
            activities=self.activities().select_related("hero_image").prefetch_related("hero_image__renditions"),
            roles=self.organisations_by_role(),
            news=public_pages(NewsPage.objects.filter(campaign=self)).order_by("-published_at", "-pk")[:5],
        )
        return context

    def organisation_roles(self):
        """This campaign's CampaignOrganisation rows with their organisations, read once per instance."""
        from campaign.models import CampaignOrganisation

        rows = self.organisations.all()
        if isinstance(rows, FakeQuerySet):
            return list(rows)  # a preview: the unsaved rows in memory
        # Skipped by Django when already prefetched.
        prefetch_related_objects(
            [self], Prefetch("organisations", queryset=CampaignOrganisation.objects.select_related("organisation"))
        )
        return list(self.organisations.all())

    def organisations_by_role(self):
        """[(role label, [organisation, ...]), ...] in 主办, 承办, 协办 order."""
        from campaign.models import CampaignOrganisation

        items = self.organisation_roles()
        return [
            (label, [item.organisation for item in items if item.role == role])
            for role, label in CampaignOrganisation.Role.choices
            if any(item.role == role for item in items)
        ]
