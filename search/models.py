"""The search index: one row per indexed object, text in FTS5 or tsvector.

``IndexEntry`` holds what the ORM can describe. The segmented text lives
beside it in storage the ORM has no field for, created by this app's
migration (``search.index_storage``): on SQLite an FTS5 table
``search_indexentry_fts`` (columns autocomplete, body, title; rowid = entry
id), on PostgreSQL three ``tsvector`` columns on this table with GIN indexes.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class IndexEntry(models.Model):
    """One indexed object (a page, image, document or snippet)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", help_text="The object's most specific model."
    )
    object_id = models.CharField(max_length=50, help_text="The object's primary key, as text.")
    ranked_at = models.DateTimeField(
        null=True, blank=True, help_text="The date that breaks ties between equally relevant results (newer first)."
    )

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
