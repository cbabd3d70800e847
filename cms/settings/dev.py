"""Local development and ``make run``: the embedded default, debug on."""

import os

from participation.keys import derived_key

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed development key; production.py refuses to start without a real one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
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
