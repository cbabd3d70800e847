import base64
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from publishing.models import ChangeEvent


def new_secret():
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in standard base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    """A partner's URL that receives a signed POST for every change event it subscribes to."""

    partner_key = models.ForeignKey(
        "partner_api.PartnerKey",
        verbose_name="合作方密钥",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        help_text="Webhook 属于哪个合作方；密钥吊销后不再投递",
    )
    url = models.URLField("接收地址", max_length=500, help_text="合作方接收通知的 https 地址")
    events = models.JSONField(
        "订阅事件",
        default=list,
        blank=True,
        help_text="留空表示订阅全部事件：published, updated, moved, unpublished, expired, deleted",
    )
    secret = models.CharField(
        "签名密钥", max_length=80, default=new_secret, editable=False, help_text="用于 Standard Webhooks 签名"
    )
    previous_secret = models.CharField(
        "上一个签名密钥", max_length=80, blank=True, editable=False, help_text="轮换期间仍然有效的旧密钥"
    )
    previous_secret_expires_at = models.DateTimeField(
        "旧密钥失效时间", null=True, blank=True, editable=False, help_text="此后只用新密钥签名"
    )
    is_active = models.BooleanField("启用", default=True, help_text="停用后不再投递新事件")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "Webhook"
        verbose_name_plural = "Webhook"
        ordering = ["partner_key__name", "url"]

    def __str__(self):
        return f"{self.partner_key.name} → {self.url}"

    def wants(self, event_kind):
        return not self.events or event_kind in self.events

    def signing_secrets(self, now=None):
        """The secrets that sign a delivery now: the current one, and the old one during a roll-over."""
        now = now or timezone.now()
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def rotate_secret(self):
        """Start a roll-over: a new secret now, the old one still valid for WEBHOOK_SECRET_ROLLOVER_HOURS."""
        self.previous_secret = self.secret
        self.previous_secret_expires_at = timezone.now() + timedelta(hours=settings.WEBHOOK_SECRET_ROLLOVER_HOURS)
        self.secret = new_secret()
        self.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
        return self.secret


class WebhookDelivery(models.Model):
    """One event for one endpoint, delivered at least once, retried with backoff."""

    class Status(models.TextChoices):
        PENDING = "pending", "待投递"
        SUCCEEDED = "succeeded", "成功"
        FAILED = "failed", "失败（已放弃）"

    delivery_id = models.UUIDField("投递 ID", default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name="Webhook", on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        ChangeEvent,
        verbose_name="事件",
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
        help_text="测试事件没有对应的变更事件",
    )
    is_test = models.BooleanField("测试事件", default=False, help_text="管理后台“发送测试事件”产生的投递")
    payload = models.TextField("请求体", blank=True, help_text="首次尝试时生成；重试发送完全相同的内容")
    lease_until = models.DateTimeField(
        "占用至", null=True, blank=True, help_text="某个后台进程正在投递；到期未完成则可由其他进程接手"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField("最近状态码", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "投递记录"
        verbose_name_plural = "投递记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.delivery_id} ({self.get_status_display()})"

    @property
    def description(self):
        return "测试事件" if self.is_test else str(self.event)

    @property
    def status_label(self):
        """The one label of a delivery's state, in the delivery log and on the dashboard alike."""
        if self.status == self.Status.PENDING and self.attempts:
            return "重试中"
        return self.get_status_display()


class WebhookAttempt(models.Model):
    """Every HTTP attempt of a delivery, for the delivery log."""

    delivery = models.ForeignKey(
        WebhookDelivery, verbose_name="投递", on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField("时间", auto_now_add=True)
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    error = models.CharField("错误", max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)

    class Meta:
        verbose_name = "投递尝试"
        verbose_name_plural = "投递尝试"
        ordering = ["attempted_at", "pk"]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
