"""Create the admin user named by the environment, once."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "如果设置了 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD，则创建该管理员（只创建一次）。"

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        User = get_user_model()
        if not (username and password):
            if not User.objects.filter(is_superuser=True).exists():
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
