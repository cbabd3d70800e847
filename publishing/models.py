from django.db import models


class ContentVersion(models.Model):
    """A single counter bumped by every change the public could notice.

    Cache keys and ETags derive from it, so one publish, unpublish, expiry,
    move or deletion invalidates every cached public response at once.
    """

    version = models.BigIntegerField("版本", default=1)
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "内容版本"
        verbose_name_plural = "内容版本"

    def __str__(self):
        return f"v{self.version}"
