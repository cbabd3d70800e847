from django.db import models


class LoginFailure(models.Model):
    """One failed admin sign-in, kept for the throttling window.

    Stored in the database rather than the cache so every server process
    and every restart sees the same count.
    """

    ip_address = models.GenericIPAddressField("IP 地址", help_text="请求来源地址（只信任配置的代理）")
    username = models.CharField("用户名", max_length=150, blank=True, help_text="尝试登录时填写的用户名")
    attempted_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        indexes = [
            models.Index(fields=["ip_address", "attempted_at"], name="loginfailure_ip_at"),
            models.Index(fields=["username", "attempted_at"], name="loginfailure_user_at"),
        ]

    def __str__(self):
        return f"{self.username or '-'} @ {self.ip_address} {self.attempted_at:%Y-%m-%d %H:%M:%S}"
