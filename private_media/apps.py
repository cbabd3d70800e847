from django.apps import AppConfig


class PrivateMediaConfig(AppConfig):
    """Files of private documents and images: stored outside the public media folder, served after a check."""

    name = "private_media"
    verbose_name = "受限媒体文件"

    def ready(self):
        from private_media import signals  # noqa: F401
