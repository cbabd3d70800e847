"""The one background process: django-tasks worker plus the scheduler."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from publishing import scheduler, supervisor


class Command(BaseCommand):
    help = "运行后台任务：定时发布/下线（每分钟）、Webhook 投递等。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=None, help="定时任务间隔（秒），默认 SCHEDULER_INTERVAL")
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="在子进程中运行后台任务，进程退出后自动重新启动（make run 与生产部署使用）",
        )

    def handle(self, *args, interval=None, supervise=False, **options):
        if supervise:
            supervisor.supervise(supervisor.worker_command(interval), log=self._log)
            return
        interval = interval or settings.SCHEDULER_INTERVAL
        self._log(f"后台任务已启动：定时发布每 {interval:g} 秒检查一次。")
        stop_event, _thread = scheduler.start_in_background(interval)
        try:
            while True:
                try:
                    call_command("db_worker", queue_name="*", reload=False, interval=1)
                    return
                except (OperationalError, InterfaceError) as error:
                    # The database restarting or failing over: keep this process (a new one
                    # takes seconds to import everything) and poll again on a fresh connection.
                    self._log(f"数据库暂时不可用（{error.__class__.__name__}），2 秒后继续处理任务")
                    connections.close_all()
                    time.sleep(2)
        finally:
            stop_event.set()

    def _log(self, message):
        self.stdout.write(message)
        self.stdout.flush()
