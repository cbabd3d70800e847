"""Re-encrypt every personal field under the first FIELD_ENCRYPTION_KEY (after putting a new key first)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from participation.models import SUBMISSION_MODELS


class Command(BaseCommand):
    help = "用第一个 FIELD_ENCRYPTION_KEY 重新加密所有个人信息字段（轮换密钥后运行）"

    def handle(self, *args, **options):
        total = 0
        for model in SUBMISSION_MODELS.values():
            with transaction.atomic():
                rows = model.objects.select_for_update().values_list("pk", *model.PERSONAL_FIELDS)
                for pk, *values in rows.iterator():
                    # values_list decrypts; saving through update() encrypts under the first key.
                    model.objects.filter(pk=pk).update(**dict(zip(model.PERSONAL_FIELDS, values, strict=True)))
                    total += 1
        self.stdout.write(f"已重新加密 {total} 条提交的个人信息。")
