from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from publishing.visibility import public_pages


class HomePage(Page):
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

    def current_campaign(self):
        from campaign.models import CampaignPage

        campaigns = public_pages(CampaignPage.objects.child_of(self))
        if self.featured_campaign_id:
            featured = campaigns.filter(pk=self.featured_campaign_id).first()
            if featured:
                return featured.specific
        return campaigns.order_by("-year").specific().first()

    def officer_index(self):
        from campaign.models import OfficerIndexPage

        return public_pages(OfficerIndexPage.objects.child_of(self)).specific().first()

    def news_index(self):
        from campaign.models import NewsIndexPage

        return public_pages(NewsIndexPage.objects.child_of(self)).specific().first()

    def get_context(self, request, *args, **kwargs):
        from campaign.models import CampaignPage

        context = super().get_context(request, *args, **kwargs)
        campaign = self.current_campaign()
        officer_index = self.officer_index()
        news_index = self.news_index()
        # Images and their renditions come in one query each, however many cards there are.
        context.update(
            campaign=campaign,
            activities=(
                campaign.activities().select_related("hero_image").prefetch_related("hero_image__renditions")
                if campaign
                else []
            ),
            roles=campaign.organisations_by_role() if campaign else [],
            officer_index=officer_index,
            officers=(
                officer_index.officers().select_related("photo").prefetch_related("photo__renditions")[:8]
                if officer_index
                else []
            ),
            news_index=news_index,
            latest_news=(
                news_index.news().select_related("hero_image").prefetch_related("hero_image__renditions")[:5]
                if news_index
                else []
            ),
            feed_campaigns=public_pages(CampaignPage.objects.child_of(self)).order_by("-year").only("title", "year"),
        )
        return context
