"""Webhooks and their delivery log in the Wagtail admin."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
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
        return f"已添加 Webhook。签名密钥（用于校验 webhook-signature，请妥善保存，只显示这一次）：{self.object.secret}"


class EndpointActionsColumn(Column):
    def get_value(self, instance):
        test_url = reverse("partner_sync_send_test", args=(quote(instance.pk),))
        rotate_url = reverse("partner_sync_rotate_secret", args=(quote(instance.pk),))
        return format_html(
            '<a class="button button-small button-secondary" href="{}">发送测试事件</a> '
            '<a class="button button-small button-secondary" href="{}">轮换签名密钥</a>',
            test_url,
            rotate_url,
        )


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = "Webhook"
    menu_name = "webhooks"
    add_view_class = WebhookCreateView
    form_fields = ["partner_key", "url", "events", "is_active"]
    list_display = [
        "url",
        "partner_key",
        Column("events", label="订阅事件"),
        BooleanColumn("is_active", label="启用"),
        EndpointActionsColumn("actions", label="操作"),
    ]

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
        Column("description", label="事件"),
        Column("status", label="状态", accessor="status_label"),
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


def endpoint_for_change(request, pk):
    """The endpoint, if the user may change webhooks; otherwise None (and a message)."""
    if not ModelPermissionPolicy(WebhookEndpoint).user_has_permission(request.user, "change"):
        messages.error(request, "没有权限管理 Webhook。")
        return None
    return get_object_or_404(WebhookEndpoint.objects.select_related("partner_key"), pk=pk)


def send_test_view(request, pk):
    endpoint = endpoint_for_change(request, pk)
    if endpoint is None:
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        item = delivery.send_test_event(endpoint)
        if item.status == WebhookDelivery.Status.SUCCEEDED:
            messages.success(request, f"测试事件已送达（HTTP {item.last_status_code}），投递 ID {item.delivery_id}。")
        else:
            reason = f"HTTP {item.last_status_code}" if item.last_status_code else item.last_error
            messages.error(request, f"测试事件投递失败：{reason}（投递 ID {item.delivery_id}）。")
        return redirect("wagtailsnippets_partner_sync_webhookendpoint:list")
    return TemplateResponse(
        request,
        "partner_sync/endpoint_action.html",
        {
            "endpoint": endpoint,
            "title": "发送测试事件",
            "explanation": "将立即向该地址发送一条类型为 webhook.test 的测试事件，"
            "签名方式与正式事件相同，结果记入投递记录。",
            "confirm": "发送测试事件",
        },
    )


def rotate_secret_view(request, pk):
    endpoint = endpoint_for_change(request, pk)
    if endpoint is None:
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        secret = endpoint.rotate_secret()
        expires = timezone.localtime(endpoint.previous_secret_expires_at)
        messages.success(
            request,
            f"已生成新的签名密钥（只显示这一次，请交给合作方）：{secret}。"
            f"旧密钥在 {expires:%Y-%m-%d %H:%M} 之前仍同时签名，之后失效。",
        )
        return redirect("wagtailsnippets_partner_sync_webhookendpoint:list")
    hours = settings.WEBHOOK_SECRET_ROLLOVER_HOURS
    return TemplateResponse(
        request,
        "partner_sync/endpoint_action.html",
        {
            "endpoint": endpoint,
            "title": "轮换签名密钥",
            "explanation": f"将生成新的签名密钥。接下来 {hours:g} 小时内，每次投递同时带新旧两个签名，"
            "合作方换上新密钥后即可校验通过；之后旧密钥失效。",
            "confirm": "确认轮换",
        },
    )


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("webhook-deliveries/<int:pk>/redeliver/", redeliver_view, name="partner_sync_redeliver"),
        path("webhooks/<int:pk>/send-test/", send_test_view, name="partner_sync_send_test"),
        path("webhooks/<int:pk>/rotate-secret/", rotate_secret_view, name="partner_sync_rotate_secret"),
    ]
