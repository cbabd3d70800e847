"""Test settings: fast and isolated, on SQLite unless DATABASE_URL is set."""

import os
import tempfile

from participation.keys import derived_key

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"
# Development default only; production requires FIELD_ENCRYPTION_KEY (participation/encryption.py).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or derived_key(SECRET_KEY)
ALLOWED_HOSTS = ["*"]
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="zlkm-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="zlkm-test-private-media-"))
STORAGES = {
    "default": {"BACKEND": "private_media.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The whole-response cache is keyed by the content version, which each test's
# rollback rewinds; it is switched on (with a cleared cache) in tests/perf only.
RESPONSE_CACHE_ENABLED = False
# Partner key usage written on every request, so tests read it at once.
PARTNER_KEY_USAGE_FLUSH_SECONDS = 0
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="zlkm-test-static-"))
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WEBHOOK_ALLOW_LOOPBACK = True
WEBHOOK_RETRY_BASE_SECONDS = 0

# A file-backed SQLite test database, so WAL, the busy timeout and real
# concurrency apply in the concurrency tests (an in-memory shared cache would
# lock whole tables instead).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"zlkm-test-{os.getpid()}.sqlite3")}
