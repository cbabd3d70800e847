from django.db import models


class ContentVersion(models.Model):
    """A single counter bumped by every change the public could notice.

    It orders changes (the changes feed's cursor) and pins what a request
    reads; cached responses and ETags follow the stamps of the dependency
    keys each one read (``DependencyStamp``, ``publishing.invalidation``).
    """

    version = models.BigIntegerField("版本", default=1)
    changed_at = models.DateTimeField("更新时间", auto_now=True)
    compacted_through = models.BigIntegerField("已清理至", default=0, help_text="早于此序号的变更事件已按保留期清理")

    class Meta:
        verbose_name = "内容版本"
        verbose_name_plural = "内容版本"

    def __str__(self):
        return f"v{self.version}"


class WorkerHeartbeat(models.Model):
    """When the background worker last completed a scheduler tick (for /healthz)."""

    beat_at = models.DateTimeField("心跳时间")

    class Meta:
        verbose_name = "后台任务心跳"
        verbose_name_plural = "后台任务心跳"

    def __str__(self):
        return self.beat_at.isoformat()


class ChangeEvent(models.Model):
    """One entry of the partners' changes feed, ordered by ``sequence``.

    Removals (unpublished, expired, deleted) are tombstones: they carry the
    id, type and last URL of the item and never its content.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "首次发布"
        UPDATED = "updated", "更新"
        MOVED = "moved", "网址变更"
        UNPUBLISHED = "unpublished", "撤下"
        EXPIRED = "expired", "到期下线"
        DELETED = "deleted", "删除"

    REMOVALS = {Kind.UNPUBLISHED, Kind.EXPIRED, Kind.DELETED}

    sequence = models.BigIntegerField("序号", unique=True)
    event = models.CharField("事件", max_length=20, choices=Kind.choices)
    # A content model's ``partner_item_type`` (publishing.items).
    item_type = models.CharField("类型", max_length=20)
    item_id = models.BigIntegerField("内容 ID")
    url = models.URLField("网址", max_length=500, blank=True)
    occurred_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "变更事件"
        verbose_name_plural = "变更事件"
        ordering = ["sequence"]

    def __str__(self):
        return f"#{self.sequence} {self.event} {self.item_type}:{self.item_id}"

    @property
    def is_removal(self):
        return self.event in self.REMOVALS


class SyncedItem(models.Model):
    """An item partners have been told is public: the URL they know it by and a digest of its JSON."""

    item_type = models.CharField("类型", max_length=20)
    item_id = models.BigIntegerField("内容 ID")
    url = models.URLField("网址", max_length=500, blank=True)
    fingerprint = models.CharField("内容摘要", max_length=64, blank=True, help_text="合作方 JSON 的 SHA-256")
    modified_at = models.DateTimeField(
        "内容更新时间", null=True, blank=True, help_text="合作方 JSON 最近一次变化的时间"
    )

    class Meta:
        verbose_name = "已同步内容"
        verbose_name_plural = "已同步内容"
        constraints = [models.UniqueConstraint(fields=["item_type", "item_id"], name="unique_synced_item")]
        indexes = [models.Index(fields=["item_type", "modified_at"], name="synced_item_modified")]

    def __str__(self):
        return f"{self.item_type}:{self.item_id}"


class ItemDependency(models.Model):
    """One dependency key of one public item (publishing.dependencies, publishing.items)."""

    item_type = models.CharField("类型", max_length=20)
    item_id = models.BigIntegerField("内容 ID")
    key = models.CharField("依赖", max_length=80, db_index=True, help_text="例如 page:12、image:5、site")

    class Meta:
        verbose_name = "内容依赖"
        verbose_name_plural = "内容依赖"
        constraints = [models.UniqueConstraint(fields=["item_type", "item_id", "key"], name="unique_item_dependency")]

    def __str__(self):
        return f"{self.item_type}:{self.item_id} → {self.key}"


class DependencyStamp(models.Model):
    """When the object behind one dependency key last changed (``publishing.invalidation``).

    ``version`` is the content version of the change (bumped in its
    transaction), so a cached response rendered at version V is stale exactly
    when one of the keys it read carries a stamp above V. Every process reads
    the same rows: per-process and shared caches stay right alike.
    """

    key = models.CharField("依赖", max_length=80, primary_key=True)
    version = models.BigIntegerField("版本")
    changed_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "依赖变更戳"
        verbose_name_plural = "依赖变更戳"

    def __str__(self):
        return f"{self.key} @ v{self.version}"
