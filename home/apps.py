from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页"

    def ready(self):
        from home import signals  # noqa: F401
