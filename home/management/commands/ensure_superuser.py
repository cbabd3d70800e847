"""Create the admin user named by the environment, once; or, for `make run`, one with a generated password."""

import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "如果设置了 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD，则创建该管理员（只创建一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-into",
            metavar="FILE",
            help="还没有管理员、也没有设置上述变量时，创建管理员 admin，随机密码写入该文件（仅本人可读）",
        )

    def handle(self, *args, generate_into=None, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        User = get_user_model()
        if not (username and password):
            if User.objects.filter(is_superuser=True).exists():
                return
            if generate_into:
                self.create_generated(User, Path(generate_into))
                return
            self.stdout.write(
                "还没有管理员账号。创建一个：.venv/bin/python manage.py createsuperuser\n"
                "或设置 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD 后重新运行 make run。"
            )
            return
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"管理员 {username} 已存在。")
            return
        User.objects.create_superuser(
            username=username, email=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""), password=password
        )
        self.stdout.write(self.style.SUCCESS(f"已创建管理员 {username}。"))

    def create_generated(self, User, path):
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_text(f"admin\n{password}\n", encoding="utf-8")
        User.objects.create_superuser(username="admin", email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"已创建管理员 admin，密码写在 {path}。"))
