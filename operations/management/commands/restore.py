from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "从备份归档恢复数据库和媒体文件（会替换当前全部内容）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="make backup 生成的 .tar.gz 文件")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="不询问，直接恢复")

    def handle(self, *args, archive, interactive=True, **options):
        if interactive:
            answer = input("恢复会替换当前数据库和媒体文件的全部内容。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消。")
        try:
            manifest = backup.restore(archive, stdout=self.stdout)
        except backup.BackupError as exc:
            raise CommandError(f"恢复失败（restore failed）：{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {archive} 恢复（备份时间 {manifest['created_at']}，媒体文件 {len(manifest['media'])} 个）。"
            )
        )
