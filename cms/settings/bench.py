"""Benchmark settings (``make bench``): run like production, on the bench dataset.

DEBUG off, whitenoise, the production-like cache (Redis when REDIS_URL is
set, else the per-process local-memory cache), SQLite in WAL mode on
``bench/data/bench.sqlite3`` (or DATABASE_URL). Stock Wagtail API v2 and
the comparison views are mounted here only (``bench/urls.py``).
"""

import os

from participation.keys import derived_key

from .base import *

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-only-key-not-secret"
# Development default only; production requires FIELD_ENCRYPTION_KEY (participation/encryption.py).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or derived_key(SECRET_KEY)
ALLOWED_HOSTS = ["*"]
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8120")
WAGTAILADMIN_BASE_URL = BASE_URL
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]

BENCH_DIR = BASE_DIR / "bench" / "data"
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = Path(os.environ.get("SQLITE_PATH", BENCH_DIR / "bench.sqlite3"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BENCH_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BENCH_DIR / "private-media"))

# Static files straight from the app folders (no collectstatic step on a fresh clone).
WHITENOISE_USE_FINDERS = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Background tasks would need a worker; the dataset is built in bulk instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

# The load generator is one client: no per-address throttling in the way.
PARTNER_API_ANON_RATE = "100000000/min"

# The harness measures uncached routes by sending this header (bench only).
RESPONSE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_NO_CACHE"
# The publish-storm table's baseline: every change retires every cached response (bench/storm.py).
RESPONSE_CACHE_GLOBAL_INVALIDATION = os.environ.get("BENCH_GLOBAL_INVALIDATION") == "1"
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "zlkm-bench",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    CACHES["counters"] = CACHES["default"]

# Stock Wagtail API v2: the same page size as ours.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = BASE_URL
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
