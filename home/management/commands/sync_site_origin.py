"""Put the default Wagtail Site on the public origin, so Wagtail's own absolute links match ours."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from cms.absolute_urls import origin_parts


class Command(BaseCommand):
    help = "把默认站点的主机名和端口设为 BASE_URL 的主机名和端口（通知邮件、“查看线上页面”链接都用它）。"

    def handle(self, *args, **options):
        _scheme, hostname, port = origin_parts()
        updated = Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port)
        if updated.update(hostname=hostname, port=port):
            Site.clear_site_root_paths_cache()
            self.stdout.write(f"默认站点已设为 {hostname}:{port}。")
