from django.apps import AppConfig


class WirecopyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wirecopy"
    verbose_name = "稿件导入"
