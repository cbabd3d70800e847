"""``make bench`` / ``make bench-quick``: see bench/harness.py."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import harness
from bench.management.commands.generate_dataset import Command as GenerateDataset
from campaign.models import NewsPage


class Command(BaseCommand):
    help = "性能基准：与原版 Wagtail API v2、Django 本身和内存上限并排比较（使用 cms.settings.bench）。"

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="小数据集、短时运行（两分钟内）")
        parser.add_argument("--news", type=int)
        parser.add_argument("--duration", type=float, help="每条路由每轮的秒数")
        parser.add_argument("--rounds", type=int)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--port", type=int, default=8120)
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument("--storm-only", action="store_true", help="只跑发布风暴表（按依赖失效与全局版本并排）")
        parser.add_argument(
            "--search-only", action="store_true", help="只测搜索（p50/p95、索引大小）；PostgreSQL 上已有数据时不再生成"
        )

    def handle(self, *args, **opts):
        if settings.SETTINGS_MODULE != "cms.settings.bench":
            raise CommandError("请用 DJANGO_SETTINGS_MODULE=cms.settings.bench 运行（make bench）。")
        quick = opts["quick"]
        news = opts["news"] or (2000 if quick else 100_000)
        duration = opts["duration"] or (2 if quick else 8)
        rounds = opts["rounds"] or (1 if quick else 2)
        sizes = (
            {"activities": 60, "campaigns": 3, "officers": 30, "images": 10}
            if quick
            else {"activities": 1000, "campaigns": 20, "officers": 500, "images": 200}
        )
        started = time.monotonic()
        generator = GenerateDataset(stdout=self.stdout, stderr=self.stderr)
        if opts["search_only"] and connection.vendor != "sqlite" and NewsPage.objects.count() >= news:
            self.stdout.write(f"使用数据库中已有的数据集（{NewsPage.objects.count()} 条新闻）。")
        else:
            generator.handle(news=news, seed=opts["seed"], no_index=False, no_cache=False, **sizes)
        info = {**getattr(generator, "info", {}), "news": news, "seconds_this_run": time.monotonic() - started}
        if opts["search_only"]:
            harness.run_search_only(dataset_info=info, stdout=self.stdout, port=opts["port"])
            return
        if opts["storm_only"]:
            from bench import storm

            storm.run(port=opts["port"], quick=quick, connections=opts["connections"], stdout=self.stdout)
            return
        harness.run(
            news=news,
            duration=duration,
            rounds=rounds,
            connections=opts["connections"],
            port=opts["port"],
            dataset_info=info,
            stdout=self.stdout,
            quick=quick,
        )
        self.stdout.write(f"总用时 {time.monotonic() - started:.0f} 秒")
