from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site safely: security headers, login throttling, /healthz, backup and restore."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "运维"
