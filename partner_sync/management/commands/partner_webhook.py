"""Manage partners' webhook endpoints from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partner_api.models import PartnerKey
from partner_sync import delivery, egress
from partner_sync.models import WebhookEndpoint
from publishing.models import ChangeEvent


class Command(BaseCommand):
    help = "管理合作方 Webhook：add KEYNAME URL [--events ...]、list、remove ID、rotate ID、test ID"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="为合作方密钥添加 Webhook，打印签名密钥")
        add.add_argument("key_name")
        add.add_argument("url")
        add.add_argument("--events", nargs="+", choices=ChangeEvent.Kind.values, default=[])
        sub.add_parser("list", help="列出所有 Webhook")
        remove = sub.add_parser("remove", help="删除 Webhook")
        remove.add_argument("endpoint_id", type=int)
        rotate = sub.add_parser("rotate", help="轮换签名密钥，打印新密钥（旧密钥在过渡期内仍同时签名）")
        rotate.add_argument("endpoint_id", type=int)
        test = sub.add_parser("test", help="立即发送一条测试事件并打印结果")
        test.add_argument("endpoint_id", type=int)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_add(self, key_name, url, events, **options):
        key = PartnerKey.objects.filter(name=key_name, revoked=False).first()
        if key is None:
            raise CommandError(f"没有名为“{key_name}”的有效密钥。")
        try:
            egress.check_url(url)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        endpoint = WebhookEndpoint.objects.create(partner_key=key, url=url, events=events)
        self.stdout.write(f"已添加 Webhook #{endpoint.pk}：{url}（事件：{', '.join(events) or '全部'}）")
        self.stdout.write("签名密钥（请妥善保存）：")
        self.stdout.write(endpoint.secret)

    def do_list(self, **options):
        endpoints = WebhookEndpoint.objects.select_related("partner_key")
        if not endpoints:
            self.stdout.write("还没有 Webhook。")
        for endpoint in endpoints:
            state = "启用" if endpoint.is_active else "停用"
            events = ", ".join(endpoint.events) or "全部"
            self.stdout.write(f"#{endpoint.pk}\t{endpoint.partner_key.name}\t{endpoint.url}\t{events}\t{state}")

    def do_remove(self, endpoint_id, **options):
        deleted, _ = WebhookEndpoint.objects.filter(pk=endpoint_id).delete()
        if not deleted:
            raise CommandError(f"没有编号为 {endpoint_id} 的 Webhook。")
        self.stdout.write(f"已删除 Webhook #{endpoint_id}。")

    def endpoint(self, endpoint_id):
        endpoint = WebhookEndpoint.objects.select_related("partner_key").filter(pk=endpoint_id).first()
        if endpoint is None:
            raise CommandError(f"没有编号为 {endpoint_id} 的 Webhook。")
        return endpoint

    def do_rotate(self, endpoint_id, **options):
        endpoint = self.endpoint(endpoint_id)
        secret = endpoint.rotate_secret()
        self.stdout.write(
            f"旧密钥在 {endpoint.previous_secret_expires_at:%Y-%m-%d %H:%M} (UTC) 之前仍同时签名。新签名密钥："
        )
        self.stdout.write(secret)

    def do_test(self, endpoint_id, **options):
        item = delivery.send_test_event(self.endpoint(endpoint_id))
        if item.status != item.Status.SUCCEEDED:
            reason = f"HTTP {item.last_status_code}" if item.last_status_code else item.last_error
            raise CommandError(f"测试事件投递失败：{reason}（投递 ID {item.delivery_id}）")
        self.stdout.write(f"测试事件已送达（HTTP {item.last_status_code}），投递 ID {item.delivery_id}。")
