"""Partner keys in the Wagtail admin: create (key shown once), revoke, see usage."""

from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from partner_api.models import PartnerKey


class PartnerKeyCreateView(CreateView):
    def save_instance(self):
        # Hash the new key into the instance; the plain key exists only in this response.
        self.generated_key = PartnerKey.objects.assign_key(self.form.instance)
        return super().save_instance()

    def get_success_message(self, instance=None):
        return f"已为“{self.form.instance.name}”创建密钥。密钥只显示这一次，请立即复制：{self.generated_key}"

    def save_action(self):
        # The key is shown once, on a page of its own with a copy button (as Wagtail's API tokens
        # are), in this response only: never in a message, the session or a URL.
        if self.expects_json_response:
            return super().save_action()
        return TemplateResponse(
            self.request,
            "partner_api/key_created.html",
            {
                "object": self.object,
                "key": self.generated_key,
                "index_url": reverse(self.index_url_name),
                "page_title": "新密钥",
                "header_icon": "key",
            },
            headers={"Cache-Control": "no-store"},
        )


class PartnerKeyViewSet(SnippetViewSet):
    model = PartnerKey
    icon = "key"
    menu_label = "合作方密钥"
    menu_name = "partner-keys"
    menu_order = 900
    add_to_admin_menu = True
    add_view_class = PartnerKeyCreateView
    # The library's fields carry no verbose_name (their labels would read "Name", "Revoked").
    list_display = [
        TitleColumn("name", label="名称", sort_key="name", url_name="wagtailsnippets_partner_api_partnerkey:edit"),
        Column("prefix", label="前缀"),
        BooleanColumn("revoked", label="已撤销"),
        Column("rate_per_minute", label="每分钟上限"),
        Column("last_used_at", label="最近使用"),
        Column("requests_today", label="今日请求"),
        Column("created", label="创建时间"),
    ]
    search_fields = ["name"]
    panels = [
        FieldPanel("name", heading="名称"),
        FieldPanel("contact"),
        FieldPanel("rate_per_minute"),
        FieldPanel("expiry_date", heading="过期时间"),
        FieldPanel("revoked", heading="已撤销", help_text="撤销后立即生效，且不能恢复。"),
    ]


register_snippet(PartnerKeyViewSet)
