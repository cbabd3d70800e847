"""The one background process: django-tasks worker plus the scheduler."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from publishing import scheduler


class Command(BaseCommand):
    help = "运行后台任务：定时发布/下线（每分钟）、Webhook 投递等。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=None, help="定时任务间隔（秒），默认 SCHEDULER_INTERVAL")

    def handle(self, *args, interval=None, **options):
        interval = interval or settings.SCHEDULER_INTERVAL
        self.stdout.write(f"后台任务已启动：定时发布每 {interval:g} 秒检查一次。")
        stop_event, _thread = scheduler.start_in_background(interval)
        try:
            call_command("db_worker", queue_name="*", reload=False, interval=1)
        finally:
            stop_event.set()
