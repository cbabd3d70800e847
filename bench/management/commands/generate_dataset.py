"""Generate the benchmark dataset (cached by seed for SQLite)."""

import hashlib
import json
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from bench import dataset

CACHE_DIR = Path(settings.BASE_DIR) / "bench" / "data"


def schema_fingerprint():
    migrations = sorted(
        str(p.relative_to(settings.BASE_DIR)) for p in Path(settings.BASE_DIR).glob("*/migrations/0*.py")
    )
    return hashlib.sha1("\n".join(migrations).encode()).hexdigest()[:10]


class Command(BaseCommand):
    help = "生成性能测试数据集：新闻、活动、春城质量官和图片（同一 seed 的 SQLite 数据集会被缓存复用）。"

    def add_arguments(self, parser):
        parser.add_argument("--news", type=int, default=100_000)
        parser.add_argument("--activities", type=int, default=1000)
        parser.add_argument("--campaigns", type=int, default=20)
        parser.add_argument("--officers", type=int, default=500)
        parser.add_argument("--images", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument("--no-index", action="store_true", help="不建搜索索引")
        parser.add_argument("--no-cache", action="store_true", help="不使用、不写入缓存")

    def handle(self, *args, **opts):
        sqlite = connection.vendor == "sqlite"
        name = (
            f"dataset-{schema_fingerprint()}-s{opts['seed']}-n{opts['news']}-a{opts['activities']}"
            f"-c{opts['campaigns']}-o{opts['officers']}-i{opts['images']}"
            f"{'-noindex' if opts['no_index'] else ''}.sqlite3"
        )
        cached = CACHE_DIR / name
        target = Path(settings.DATABASES["default"]["NAME"]) if sqlite else None
        sidecar = cached.with_suffix(".json")
        if sqlite and not opts["no_cache"] and cached.exists():
            connection.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(cached, target)
            self.stdout.write(f"使用缓存的数据集：{cached}")
            self.info = {**(json.loads(sidecar.read_text()) if sidecar.exists() else {}), "cached": True}
            if self.info.get("news_per_second"):
                self.stdout.write(
                    f"（首次生成时：新闻 {self.info['news_per_second']:.0f} 条/秒，"
                    f"索引 {self.info.get('index_per_second', 0):.0f} 条/秒，共 {self.info.get('total', 0):.0f} 秒）"
                )
            return
        if sqlite and target.parent == CACHE_DIR:
            # The bench database is rebuilt from scratch (never the dev database).
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("load_initial_data", verbosity=0)
        timings = dataset.generate(
            news=opts["news"],
            activities=opts["activities"],
            campaigns=opts["campaigns"],
            officers=opts["officers"],
            images=opts["images"],
            seed=opts["seed"],
            index=not opts["no_index"],
        )
        total = time.monotonic() - started
        self.info = {**timings, "news": opts["news"], "total": total, "cached": False}
        self.stdout.write(
            f"数据集生成完成，用时 {total:.1f} 秒；新闻 {timings['news']:.1f} 秒"
            f"（{timings['news_per_second']:.0f} 条/秒）；索引 {timings.get('index', 0):.1f} 秒。"
        )
        if sqlite and not opts["no_cache"]:
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
            shutil.copyfile(target, cached)
            sidecar.write_text(json.dumps(self.info, indent=2))
            self.stdout.write(f"已缓存：{cached}")
