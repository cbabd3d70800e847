from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Page
from wagtail.search import index

from participation.text import reader_length
from publishing.pages import BasePage, children_of
from publishing.visibility import public_pages

STORY_MAX_CHARS = 800
DECLARATION_MAX_CHARS = 100


class OfficerIndexPage(BasePage):
    """Lists the 春城质量官 (Spring City quality officer) profiles."""

    introduction = models.TextField("导语", blank=True, help_text="列表页顶部的一段介绍")
    apply_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="报名说明页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="导语之后“如何报名”链接指向的页面，例如征集春城质量官的活动；页面未公开时不显示链接",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("apply_page")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.OfficerPage"]

    class Meta:
        verbose_name = "春城质量官列表"
        verbose_name_plural = "春城质量官列表"

    def officers(self):
        return public_pages(children_of(OfficerPage.objects.all(), self)).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["officers"] = self.officers().select_related("photo").prefetch_related("photo__renditions")
        if self.apply_page_id:
            context["apply_page"] = public_pages(Page.objects.filter(pk=self.apply_page_id)).specific().first()
        return context


class OfficerPage(BasePage):
    """A 春城质量官 profile: the page title is the officer's name."""

    # Partners see it under this type (publishing.items).
    partner_item_type = "officer"

    occupation = models.CharField("职业", max_length=60, help_text="例如：演员、探险家、基层医护人员")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="照片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="一张照片，用于列表和个人页",
    )
    appointed_year = models.PositiveSmallIntegerField("聘任年份", help_text="例如：2022")
    declaration = models.CharField(
        "质量宣言",
        max_length=DECLARATION_MAX_CHARS,
        blank=True,
        help_text="一句话。只填写本人说过的话，不要代拟。",
    )
    story = models.TextField(
        "质量故事",
        blank=True,
        help_text=f"不超过 {STORY_MAX_CHARS} 字。只填写本人的故事，尚未提供可留空。",
    )
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        verbose_name="所属年度质量月",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officers",
        help_text="在哪一年的质量月被聘任",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("occupation"), FieldPanel("appointed_year")], heading="职业与聘任"),
        FieldPanel("photo"),
        FieldPanel("campaign"),
        FieldPanel("declaration"),
        FieldPanel("story"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("occupation"),
        index.SearchField("declaration"),
        index.SearchField("story"),
        index.FilterField("appointed_year"),
    ]
    parent_page_types = ["campaign.OfficerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "春城质量官"
        verbose_name_plural = "春城质量官"

    def clean(self):
        super().clean()
        errors = {}
        # Counted as a reader counts (participation.text): the same rule as the public application form,
        # so an accepted 800-character story with paragraph breaks can be published as it is.
        length = reader_length(self.story or "")
        if length > STORY_MAX_CHARS:
            errors["story"] = f"质量故事不能超过 {STORY_MAX_CHARS} 字（现在是 {length} 字）。"
        declaration = (self.declaration or "").strip()
        if declaration and any(mark in declaration.rstrip("。！？!?") for mark in "。！？!?"):
            errors["declaration"] = "质量宣言只能是一句话。"
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from campaign.models import NewsPage

        context = super().get_context(request, *args, **kwargs)
        context.update(
            crumbs=self.get_ancestors().filter(depth__gt=2).live(),
            related_news=public_pages(NewsPage.objects.filter(officers=self)).order_by("-published_at", "-pk")[:5],
        )
        return context

    @property
    def name(self):
        return self.title
