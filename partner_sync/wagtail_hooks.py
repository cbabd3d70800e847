"""Webhooks and their delivery log in the Wagtail admin."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from partner_sync import delivery
from partner_sync.forms import WebhookEndpointForm
from partner_sync.models import WebhookDelivery, WebhookEndpoint


class WebhookCreateView(CreateView):
    def get_success_message(self, instance=None):
        return f"已添加 Webhook。签名密钥（用于校验 X-ZLKM-Signature）：{self.object.secret}"


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = "Webhook"
    menu_name = "webhooks"
    add_view_class = WebhookCreateView
    form_fields = ["partner_key", "url", "events", "is_active"]
    list_display = ["url", "partner_key", Column("events", label="订阅事件"), BooleanColumn("is_active", label="启用")]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The delivery log is written by the worker only; people may look and redeliver."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(WebhookDelivery, ReadOnlyPolicy(WebhookDelivery))


class RedeliverColumn(Column):
    def get_value(self, instance):
        url = reverse("partner_sync_redeliver", args=(quote(instance.pk),))
        return format_html('<a class="button button-small button-secondary" href="{}">重新投递</a>', url)


class WebhookDeliveryViewSet(SnippetViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = "投递记录"
    menu_name = "webhook-deliveries"
    inspect_view_enabled = True
    list_display = [
        Column("delivery_id", label="投递 ID"),
        Column("endpoint", label="Webhook"),
        Column("event", label="事件"),
        Column("status", label="状态", accessor="get_status_display"),
        Column("attempts", label="尝试次数"),
        Column("last_status_code", label="最近状态码"),
        Column("created_at", label="创建时间"),
        RedeliverColumn("redeliver", label="操作"),
    ]
    list_filter = ["status"]


class PartnerSyncGroup(ViewSetGroup):
    menu_label = "合作方同步"
    menu_icon = "resubmit"
    menu_order = 910
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PartnerSyncGroup()


def redeliver_view(request, pk):
    item = get_object_or_404(WebhookDelivery.objects.select_related("endpoint", "event"), pk=pk)
    if not ReadOnlyPolicy(WebhookDelivery).user_has_permission(request.user, "view"):
        messages.error(request, "没有权限重新投递。")
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        delivery.redeliver(item)
        messages.success(request, f"已安排重新投递 {item.delivery_id}。")
        return redirect("wagtailsnippets_partner_sync_webhookdelivery:list")
    return TemplateResponse(request, "partner_sync/redeliver.html", {"delivery": item})


@hooks.register("register_admin_urls")
def register_urls():
    return [path("webhook-deliveries/<int:pk>/redeliver/", redeliver_view, name="partner_sync_redeliver")]
