from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页"

    def ready(self):
        from home import signals  # noqa: F401
        from home.models import SiteFooter
        from publishing import dependencies

        # On every page; a change to it stamps the site key (home.signals).
        dependencies.register(SiteFooter, lambda footer: (dependencies.SITE_KEY,))
