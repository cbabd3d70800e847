from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from publishing.pages import BasePage, children_of, prefetch_renditions
from publishing.visibility import public_pages


class HomePage(BasePage):
    """The site root: puts the current campaign up front."""

    introduction = models.TextField("导语", blank=True, help_text="首页顶部的一段话")
    featured_campaign = models.ForeignKey(
        "campaign.CampaignPage",
        verbose_name="首推年度质量月",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="留空则自动展示年份最新的已发布质量月",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("featured_campaign")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["campaign.CampaignPage", "campaign.OfficerIndexPage", "campaign.NewsIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"

    def public_campaigns(self):
        """This site's public campaigns, newest year first (one a year: a short list)."""
        from campaign.models import CampaignPage

        return public_pages(children_of(CampaignPage.objects.all(), self)).order_by("-year")

    def current_campaign(self, campaigns=None):
        """The featured campaign if it is public, else the newest; ``campaigns`` is public_campaigns() as a list."""
        if campaigns is None:
            campaigns = list(self.public_campaigns().select_related("hero_image"))
        featured = [c for c in campaigns if c.pk == self.featured_campaign_id]
        return (featured or campaigns or [None])[0]

    def officer_index(self):
        from campaign.models import OfficerIndexPage

        return public_pages(children_of(OfficerIndexPage.objects.all(), self)).order_by("path").first()

    def news_index(self):
        from campaign.models import NewsIndexPage

        return public_pages(children_of(NewsIndexPage.objects.all(), self)).order_by("path").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaigns = list(self.public_campaigns().select_related("hero_image"))
        campaign = self.current_campaign(campaigns)
        officer_index = self.officer_index()
        news_index = self.news_index()
        activities = list(campaign.activities().select_related("hero_image")) if campaign else []
        officers = list(officer_index.officers().select_related("photo")[:8]) if officer_index else []
        latest_news = list(news_index.news().select_related("hero_image")[:5]) if news_index else []
        # Every card's renditions in one query, however many cards there are.
        prefetch_renditions(
            [campaign.hero_image if campaign else None]
            + [item.hero_image for item in activities]
            + [item.photo for item in officers]
            + [item.hero_image for item in latest_news]
        )
        context.update(
            campaign=campaign,
            activities=activities,
            roles=campaign.organisations_by_role() if campaign else [],
            officer_index=officer_index,
            officers=officers,
            news_index=news_index,
            latest_news=latest_news,
            feed_campaigns=campaigns,
        )
        return context


@register_setting(icon="site")
class SiteFooter(BaseSiteSetting):
    """What a Chinese government-run site carries in its footer; each line shows only when filled in."""

    organiser = models.CharField("主办单位", max_length=120, blank=True, help_text="例如：昆明市市场监督管理局")
    icp_number = models.CharField("ICP备案号", max_length=60, blank=True, help_text="例如：滇ICP备12345678号")
    police_number = models.CharField(
        "公安备案号", max_length=60, blank=True, help_text="例如：滇公网安备53010202000000号"
    )
    website_code = models.CharField(
        "网站标识码", max_length=30, blank=True, help_text="政府网站标识码，例如：5301000000"
    )

    panels = [
        FieldPanel("organiser"),
        FieldPanel("icp_number"),
        FieldPanel("police_number"),
        FieldPanel("website_code"),
    ]

    class Meta:
        verbose_name = "页脚信息"
        verbose_name_plural = "页脚信息"
