from django.core.management.base import BaseCommand
from django.db import transaction

from moderation.services import erase_expired


class Command(BaseCommand):
    help = "Erase the contact data and uploads of submissions older than their form's retention period."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = erase_expired()
        self.stdout.write(f"已删除 {count} 条提交的个人信息。")
