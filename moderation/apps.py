from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "参与审核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from moderation import photos, tasks  # noqa: F401  (tasks registers the retention job with the scheduler)

        photos.connect()
