from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "发布"

    def ready(self):
        from publishing import dependencies, signals  # noqa: F401

        dependencies.register_kernel_models()
