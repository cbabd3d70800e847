from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Organisation(index.Indexed, models.Model):
    """A body that hosts, organises or co-organises campaigns; reused across years."""

    # Partners see it under this type (publishing.items).
    partner_item_type = "organisation"

    name = models.CharField("名称", max_length=120, unique=True, help_text="全称，例如：昆明市人民政府")
    short_name = models.CharField("简称", max_length=60, blank=True, help_text="例如：市市场监管局")
    parent_name = models.CharField(
        "所属/别称",
        max_length=120,
        blank=True,
        help_text="括号中的说明，例如：昆明市市场监督管理局",
    )
    website = models.URLField("网站", blank=True, help_text="以 https:// 开头")
    description = models.TextField("简介", blank=True, help_text="一两句话介绍该单位")

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("parent_name"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("parent_name"),
        index.AutocompleteField("name"),
    ]

    # Public only while a public campaign gives it a role (publishing.visibility.public_snippets).
    public_through = "campaign_roles__campaign"

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return f"{self.name}（{self.parent_name}）" if self.parent_name else self.name


class CampaignOrganisation(Orderable):
    """An organisation's role (主办, 承办, 协办) in one campaign, in display order."""

    class Role(models.TextChoices):
        HOST = "host", "主办"
        ORGANISER = "organiser", "承办"
        CO_ORGANISER = "co_organiser", "协办"

    campaign = ParentalKey("campaign.CampaignPage", related_name="organisations", on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Organisation, verbose_name="单位", on_delete=models.PROTECT, related_name="campaign_roles"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, help_text="主办、承办或协办")

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = "主办/承办/协办单位"
        verbose_name_plural = "主办/承办/协办单位"

    def __str__(self):
        return f"{self.get_role_display()}：{self.organisation}"
