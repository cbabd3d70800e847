import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign.blocks import RICH_TEXT_FEATURES, BaseStreamBlock, LocationBlock
from publishing.pages import BasePage
from publishing.visibility import is_public_media, public_pages

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def today_in_shanghai():
    return timezone.now().astimezone(SHANGHAI).date()


class ActivityPage(BasePage):
    """One numbered activity of a campaign (活动一 … 活动六)."""

    # Partners see it under this type (publishing.items).
    partner_item_type = "activity"

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "即将开始"
        ONGOING = "ongoing", "进行中"
        ENDED = "ended", "已结束"

    number = models.PositiveSmallIntegerField("序号", help_text="在本年度活动中的序号：1 表示“活动一”")
    edition = models.CharField("届次", max_length=40, blank=True, help_text="例如：第七届、第二届")
    summary = models.TextField("摘要", max_length=300, help_text="一两句话，用于卡片和分享")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="正文", help_text="活动详情")
    start_date = models.DateField("开始日期", help_text="北京时间")
    end_date = models.DateField("结束日期", help_text="含当天，北京时间")
    how_to_take_part = RichTextField(
        "参与方式", features=RICH_TEXT_FEATURES, blank=True, help_text="市民和单位如何参与、报名"
    )
    locations = StreamField(
        [("location", LocationBlock())], blank=True, verbose_name="地点与平台", help_text="线下场地和线上平台"
    )
    contact_phone = models.CharField("咨询热线", max_length=40, blank=True, help_text="例如：0871-65392426")
    contact_email = models.EmailField("联系邮箱", blank=True, help_text="例如：KMPP2022@126.com")
    signup_url = models.URLField(
        "报名链接", blank=True, help_text="可选：线上报名页面的完整网址，页面上显示为“我要报名”按钮"
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="主图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="卡片和分享用图",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("edition")], heading="序号与届次"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading="日期"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("how_to_take_part"),
        FieldPanel("locations"),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("signup_url")],
            heading="联系与报名",
        ),
        InlinePanel(
            "sessions",
            heading="场次与时间",
            label="场次",
            help_text="有具体时间的场次（北京时间）；不填场次时，活动按日期全天显示",
        ),
        InlinePanel("sub_activities", heading="子活动", label="子活动"),
        InlinePanel("related_documents", heading="相关报告", label="报告"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("edition"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("how_to_take_part"),
        index.SearchField("contact_phone"),
        index.SearchField("contact_email"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    parent_page_types = ["campaign.CampaignPage"]
    subpage_types = []

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于开始日期。"})

    def status_on(self, day):
        """Status on a given calendar day in Asia/Shanghai; the end day is inclusive."""
        if day < self.start_date:
            return self.Status.UPCOMING
        if day > self.end_date:
            return self.Status.ENDED
        return self.Status.ONGOING

    def get_context(self, request, *args, **kwargs):
        from campaign.models import NewsPage, OfficerPage

        context = super().get_context(request, *args, **kwargs)
        news = public_pages(NewsPage.objects.filter(activities=self)).order_by("-published_at", "-pk")
        context.update(
            campaign=self.get_parent().specific,
            crumbs=self.get_ancestors().filter(depth__gt=2).live(),
            sub_activities=list(self.sub_activities.all()),
            sessions=list(self.sessions.all()),
            related_documents=self.public_documents(),
            participation_forms=self.participation_form_cards(),
            related_news=news[:5],
            related_officers=public_pages(OfficerPage.objects.filter(news_items__in=news.values("pk")))
            .distinct()
            .order_by("path")
            .select_related("photo")
            .prefetch_related("photo__renditions")[:8],
        )
        return context

    def participation_form_cards(self):
        """The forms attached to this activity (participation/), each with its state: open, upcoming or closed."""
        cards = []
        for form in self.participation_forms.all():
            state = form.state()
            cards.append({"form": form, "state": state, "count_text": form.public_count_text()})
        return cards

    def public_documents(self):
        """The 相关报告 readers may download: documents of private collections are left out."""
        items = self.related_documents.select_related("document").order_by("sort_order")
        return [item for item in items if is_public_media(item.document)]

    @property
    def status(self):
        return self.status_on(today_in_shanghai())

    @property
    def status_label(self):
        return self.Status(self.status).label

    @property
    def campaign(self):
        return self.get_parent().specific

    @property
    def all_day(self):
        """An activity with only dates (no timed sessions) is all-day; sessions carry their own times."""
        return not list(self.sessions.all())

    @property
    def start_datetime(self):
        return datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=SHANGHAI)


class SubActivity(Orderable):
    """A part of an activity, e.g. 十佳案例征集 within 品牌故事大赛."""

    activity = ParentalKey(ActivityPage, related_name="sub_activities", on_delete=models.CASCADE)
    title = models.CharField("名称", max_length=120, help_text="例如：“春城质量官”征集")
    description = models.TextField("说明", blank=True, help_text="如何参加、提交什么")

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "子活动"
        verbose_name_plural = "子活动"

    def __str__(self):
        return self.title


class ActivitySession(Orderable):
    """A timed session of an activity, e.g. one of the three live streams of 昆明品牌“连连看”.

    Stored in UTC like every datetime; entered and shown in Asia/Shanghai.
    Saved with the activity page's revision (a ParentalKey child row).
    """

    activity = ParentalKey(ActivityPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField("场次名称", max_length=120, help_text="例如：第一期直播")
    start = models.DateTimeField("开始时间", help_text="北京时间")
    end = models.DateTimeField("结束时间", help_text="北京时间，不早于开始时间")
    location = models.CharField(
        "地点", max_length=200, blank=True, help_text="可选：本场次的场地或平台，留空则以活动的地点为准"
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="时间"),
        FieldPanel("location"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "场次"
        verbose_name_plural = "场次"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "结束时间不能早于开始时间。"})

    @property
    def local_start(self):
        return timezone.localtime(self.start, SHANGHAI)

    @property
    def local_end(self):
        return timezone.localtime(self.end, SHANGHAI)

    @property
    def time_range_label(self):
        """E.g. 9月20日 14:00–16:00, or 9月20日 20:00 – 9月21日 01:00 across midnight (Beijing time)."""
        start, end = self.local_start, self.local_end
        first = f"{start.month}月{start.day}日 {start:%H:%M}"
        if start.date() == end.date():
            return f"{first}–{end:%H:%M}"
        return f"{first} – {end.month}月{end.day}日 {end:%H:%M}"


class ActivityDocument(Orderable):
    """A report or file listed under 相关报告 on an activity page, e.g. the 2021 reports of activity 2."""

    activity = ParentalKey(ActivityPage, related_name="related_documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="文件",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="上传或选择文件",
    )
    title = models.CharField("显示名称", max_length=255, blank=True, help_text="留空则使用文件标题")

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "相关报告"
        verbose_name_plural = "相关报告"

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
