from django.apps import AppConfig


class PartnerSyncConfig(AppConfig):
    name = "partner_sync"
    verbose_name = "合作方同步"

    def ready(self):
        from partner_sync import receivers  # noqa: F401
