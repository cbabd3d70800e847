from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "编辑部"

    def ready(self):
        from newsroom import media_permissions, names, signals

        media_permissions.register()
        names.install()

        signals.connect()
        # Every app's post_migrate: permissions of later apps exist only after theirs.
        post_migrate.connect(signals.complete_administrator_group, dispatch_uid="newsroom-administrators")
