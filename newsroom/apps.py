from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "编辑部"

    def ready(self):
        from wagtail.models import Page

        from newsroom import signals
        from newsroom.forms import NewsroomPageForm

        # Wagtail's own admin app sets this default in the same way; this app
        # comes after it in INSTALLED_APPS so that every page type gets pinyin slugs.
        Page.base_form_class = NewsroomPageForm
        signals.connect()
        # Every app's post_migrate: permissions of later apps exist only after theirs.
        post_migrate.connect(signals.complete_administrator_group, dispatch_uid="newsroom-administrators")
