"""Manage partner API keys: create NAME | revoke NAME | list."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partner_api.models import PartnerKey


class Command(BaseCommand):
    help = "创建、撤销或列出合作方密钥。create 的最后一行输出密钥本身（只显示这一次）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为合作方创建密钥")
        create.add_argument("name")
        create.add_argument("--rate", type=int, default=None, help="每分钟请求上限（默认 1000）")
        revoke = sub.add_parser("revoke", help="撤销该合作方的全部密钥，立即生效")
        revoke.add_argument("name")
        sub.add_parser("list", help="列出密钥")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            name = options["name"].strip()
            if not name:
                raise CommandError("名称不能为空。")
            extra = {"rate_per_minute": options["rate"]} if options["rate"] else {}
            if options["rate"] is not None and options["rate"] < 1:
                raise CommandError("--rate 必须是正整数。")
            partner_key, key = PartnerKey.objects.create_key(name=name, **extra)
            self.stdout.write(
                f"已为“{name}”创建密钥（前缀 {partner_key.prefix}），每分钟上限 {partner_key.rate_per_minute}。"
            )
            self.stdout.write("密钥只显示这一次，请妥善交给合作方：")
            self.stdout.write(key)
        elif action == "revoke":
            count = PartnerKey.objects.filter(name=options["name"], revoked=False).update(revoked=True)
            if not count:
                raise CommandError(f"没有名为“{options['name']}”的有效密钥。")
            self.stdout.write(f"已撤销“{options['name']}”的 {count} 个密钥。")
        else:
            today = timezone.localdate()
            self.stdout.write("名称\t前缀\t状态\t每分钟上限\t最近使用\t今日请求")
            for partner_key in PartnerKey.objects.order_by("name", "created").prefetch_related("usage"):
                used = (
                    timezone.localtime(partner_key.last_used_at).strftime("%Y-%m-%d %H:%M")
                    if partner_key.last_used_at
                    else "-"
                )
                today_count = sum(u.requests for u in partner_key.usage.all() if u.day == today)
                status = "已撤销" if partner_key.revoked else ("已过期" if partner_key.has_expired else "有效")
                self.stdout.write(
                    f"{partner_key.name}\t{partner_key.prefix}\t{status}\t{partner_key.rate_per_minute}\t{used}\t{today_count}"
                )
