"""``make run``: the product as it is deployed, on one machine over plain HTTP.

gunicorn with DEBUG off, static files collected and served by whitenoise, the
supervised worker beside it (``bin/serve``). SQLite, local media and the
local-memory cache unless ``DATABASE_URL`` / ``REDIS_URL`` say otherwise.
``bin/serve`` keeps a random ``SECRET_KEY`` in ``.run/`` and sets ``BASE_URL``
from ``PORT`` when it is unset.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from participation.keys import derived_key

from .base import *
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set (bin/serve keeps one in .run/secret_key).")
# Development default only; production requires FIELD_ENCRYPTION_KEY (participation/encryption.py).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or derived_key(SECRET_KEY)

# The host of the public origin is always served, beside the loopback names.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlsplit(BASE_URL).hostname]
# Mail (workflow notifications, password resets) is written to files, one per message.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / ".run" / "mail")
# Loopback receivers let examples/partner_sync.py take webhooks on this machine.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
