"""Local development and ``make run``: the embedded default, debug on."""

import os
from pathlib import Path

from participation.keys import derived_key

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# Commands run by hand beside `make run` (manage.py shell, import_article, a publish from the
# shell) use this module and the same database: they take the origin and the key that bin/serve
# recorded in .run/, so that the links they write (changes feed, e-mails) and the personal data
# they encrypt match the running site. An explicit BASE_URL, PORT or SECRET_KEY wins.
RUN_DIR = Path(os.environ.get("ZLKM_RUN_DIR") or BASE_DIR / ".run")


def recorded(name):
    path = RUN_DIR / name
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


if not os.environ.get("BASE_URL") and not os.environ.get("PORT") and recorded("base_url"):
    BASE_URL = recorded("base_url").rstrip("/")
    WAGTAILADMIN_BASE_URL = BASE_URL
# A fixed development key; production.py refuses to start without a real one.
SECRET_KEY = os.environ.get("SECRET_KEY") or recorded("secret_key") or "dev-only-insecure-key-do-not-use-in-production"
# Development default only; production requires FIELD_ENCRYPTION_KEY (participation/encryption.py).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or derived_key(SECRET_KEY)
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No collectstatic needed while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
