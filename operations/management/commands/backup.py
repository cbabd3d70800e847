from django.core.management.base import BaseCommand

from operations import backup


class Command(BaseCommand):
    help = "备份数据库和媒体文件到一个归档（tar.gz），可在 SQLite 与 PostgreSQL 之间恢复。"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default=None, help="归档路径，默认 backups/zlkm-<时间>.tar.gz")

    def handle(self, *args, output=None, **options):
        path = output or backup.default_path()
        manifest = backup.create(path)
        files = manifest["media"] + manifest["private_media"]
        media_bytes = sum(item["bytes"] for item in files)
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {path}：数据库 {manifest['database']['bytes']} 字节，"
                f"媒体文件 {len(files)} 个（{media_bytes} 字节，其中受限文件 {len(manifest['private_media'])} 个）。"
            )
        )
