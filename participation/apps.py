from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    """Public participation: forms attached to activities and their moderated submissions."""

    name = "participation"
    verbose_name = "公众参与"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation import checks, signals  # noqa: F401  (the key check; cache invalidation)
