import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from partner_api import usage


def default_key_rate():
    return getattr(settings, "PARTNER_API_KEY_RATE_PER_MINUTE", 1000)


def new_key_id():
    """An opaque primary key, unrelated to the key itself."""
    return secrets.token_hex(16)


class PartnerKeyManager(APIKeyManager):
    def assign_key(self, obj):
        # The library's primary key is "prefix.hash", which would put the hash in admin URLs
        # and HTML; keys are found by prefix and checked against hashed_key, never by id.
        key = super().assign_key(obj)
        obj.id = new_key_id()
        return key


class PartnerKey(AbstractAPIKey):
    """A media partner's API key: shown once, stored only as a hash (the primary key is opaque)."""

    objects = PartnerKeyManager()

    rate_per_minute = models.PositiveIntegerField(
        "每分钟请求上限", default=default_key_rate, help_text="该密钥每分钟最多可发出的请求数"
    )
    contact = models.CharField("联系人", max_length=200, blank=True, help_text="合作方技术联系人和联系方式")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "合作方密钥"
        verbose_name_plural = "合作方密钥"

    def record_use(self):
        """Count one request: ``last_used_at`` and today's count (``usage.record``, batched)."""
        usage.record(self.pk)

    def requests_today(self):
        usage = self.usage.filter(day=timezone.localdate()).first()
        return usage.requests if usage else 0


class PartnerKeyUsage(models.Model):
    """How many requests one key made on one day (Asia/Shanghai)."""

    key = models.ForeignKey(PartnerKey, verbose_name="密钥", on_delete=models.CASCADE, related_name="usage")
    day = models.DateField("日期")
    requests = models.PositiveIntegerField("请求数", default=0)

    class Meta:
        verbose_name = "密钥用量"
        verbose_name_plural = "密钥用量"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="unique_partner_key_usage_day")]

    def __str__(self):
        return f"{self.key.name} {self.day}: {self.requests}"


class PreviewToken(models.Model):
    """A short-lived link that lets a partner app read ONE page's latest draft (partner_api/preview.py).

    Only the SHA-256 of the token is stored: the link is shown once, when it
    is created, like a partner key.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="partner_preview_tokens"
    )
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=8, editable=False, help_text="令牌开头几位，便于辨认")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "合作方预览链接"
        verbose_name_plural = "合作方预览链接"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.prefix}… → {self.page_id}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired
