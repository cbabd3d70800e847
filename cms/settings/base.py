"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see
``.env.example``). With nothing set, the embedded default applies: SQLite in
WAL mode, media on the local disk and a local-memory cache.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public origin of every absolute link (cms/absolute_urls.py). Unset, it is the loopback
# address on PORT, the port `make run` and `make dev` serve on; production requires it.
PORT = int(os.environ.get("PORT") or 8000)
BASE_URL = (os.environ.get("BASE_URL") or f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "home",
    "campaign",
    "search",
    "wirecopy",
    "script_variants",
    "publishing",
    "syndication",
    "partner_api",
    "partner_sync",
    "operations",
    "private_media",
    "participation",
    "bench",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "newsroom",
    "moderation",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # its catalogue translates the admin's "a minute ago" (naturaltime)
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # /healthz answers before host checks and HTTPS redirects (operations/health.py).
    "operations.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # gzip outside everything that writes bodies (response cache included); adds Vary: Accept-Encoding.
    "django.middleware.gzip.GZipMiddleware",
    # Content-Security-Policy (strict; looser only for /admin/ and the API docs).
    "operations.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # CORS for the partner API only (CORS_URLS_REGEX); must precede CommonMiddleware.
    "corsheaders.middleware.CorsMiddleware",
    # /zh-hant/ twin of every public page, feed and calendar (script_variants/middleware.py).
    "script_variants.middleware.ScriptVariantMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Partner API quotas and RateLimit headers, outside the response cache so hits count too.
    "partner_api.middleware.RateLimitMiddleware",
    # Whole-response cache for anonymous public pages and API responses (publishing/response_cache.py).
    # Keep it after the script-variant prefix middleware and before CSRF/auth, so a hit skips them.
    "publishing.response_cache.ResponseCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sign-in throttling for every password check (django-axes; operations/throttle.py).
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A full disk or read-only media folder: a clear error and a rolled-back transaction.
    "operations.storage_errors.StorageErrorMiddleware",
    "publishing.middleware.AtomicWritesMiddleware",
    # Cache-Control/ETag/304 for anonymous public pages; never for editors, previews or private pages.
    "publishing.http.PublicPageCachingMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"


# Database: DATABASE_URL (PostgreSQL via psycopg 3) or the embedded SQLite.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "600")),
            "OPTIONS": {
                # WAL lets readers proceed while the worker or an editor writes;
                # IMMEDIATE transactions plus a busy timeout avoid "database is locked".
                "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

# A streaming replica of the primary (docs/scaling.md): anonymous public reads may use it when it
# has caught up with the content version; everything else stays on the primary (cms/db_router.py).
if os.environ.get("DATABASE_URL") and os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    # Tests never create a second database: the replica is the primary there.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["cms.db_router.PrimaryReplicaRouter"]
    # The replica window opens around the response cache (which pins the content version).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("publishing.response_cache.ResponseCacheMiddleware"), "cms.db_router.ReplicaReadsMiddleware"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache: Redis when REDIS_URL is set, otherwise the local-memory cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis cache; a Redis restart reads as misses, not 500s (cms/cache.py).
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zlkm"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "zlkm",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Rate-limit counters (partner API, public forms) must be seen by every process that serves
# requests: the same Redis, or in one process the same local memory. make run's gunicorn
# workers share a file-based store instead (cms/settings/local.py).
CACHES["counters"] = CACHES["default"]


# Caches in front of the site (publishing/purge.py, docs/scaling.md).
# Surrogate-Key / xkey / Cache-Tag headers naming each cacheable public response's dependency keys.
SURROGATE_KEY_HEADER = env_bool("SURROGATE_KEYS")
# After each committed change: PURGE / with "xkey-purge: <keys>" to each of these (Varnish with xkey).
XKEY_PURGE_URLS = env_list("XKEY_PURGE_URLS")
# Wagtail's frontend cache: a CDN or HTTP cache purged by URL on publish.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URLS"):
    for index, location in enumerate(env_list("FRONTEND_CACHE_PURGE_URLS")):
        WAGTAILFRONTENDCACHE[f"http{index}"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
if WAGTAILFRONTENDCACHE:
    # Only when configured: the app enqueues a purge task on every publish.
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")


# Background work (webhook deliveries, scheduled publishing, renditions)
# runs through django-tasks; the database backend needs no extra service.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# How often the worker runs scheduled publishing and other periodic jobs.
SCHEDULER_INTERVAL = float(os.environ.get("SCHEDULER_INTERVAL", "30"))

# Webhooks and the changes feed (docs/partner-guide.md).
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "60"))
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
# Loopback receivers are for development and tests only; private ranges are always refused.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)
# After "rotate secret" in the admin, deliveries are signed with both secrets for this long.
WEBHOOK_SECRET_ROLLOVER_HOURS = float(os.environ.get("WEBHOOK_SECRET_ROLLOVER_HOURS", "72"))
# Put the item's full partner JSON (as GET /api/v1/<type>/<id>/ returns it) in webhook payloads.
WEBHOOK_INCLUDE_BODY = env_bool("WEBHOOK_INCLUDE_BODY", False)
CHANGES_RETENTION_DAYS = int(os.environ.get("CHANGES_RETENTION_DAYS", "30"))


# Sign-in throttling (operations/throttle.py): django-axes counts every failed password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out client before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))
AXES_FAILURE_LIMIT = "operations.throttle.failure_limit"
AXES_COOLOFF_TIME = "operations.throttle.cool_off"
AXES_LOCKOUT_PARAMETERS = "operations.throttle.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "operations.throttle.client_ip"
AXES_USERNAME_CALLABLE = "operations.throttle.client_username"
AXES_LOCKOUT_CALLABLE = "operations.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# No per-sign-in log (personal data we do not need) and no English pages in the Django admin.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# make backup / make restore (operations/backup.py). Archives are written owner-only (0600, folder 0700).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or BASE_DIR / "backups")
# A restore refuses an archive whose members add up to more than this (checked before extracting).
RESTORE_MAX_BYTES = int(os.environ.get("RESTORE_MAX_BYTES") or 50 * 1024**3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Chinese first: content and admin in zh-hans, times shown in Asia/Shanghai.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True


STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static_src"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Documents and images of restricted collections: outside MEDIA_ROOT, never served by the web
# server, only through views that check access (private_media/).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Personal fields of public submissions (participation/) are encrypted with these Fernet keys,
# comma-separated: the first encrypts, all decrypt (rotation). Production has no default; dev, local
# (make run), test and bench derive one from SECRET_KEY (participation/encryption.py).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
# Demo only: every participation form counts as open whatever its dates (on in make run's demo).
PARTICIPATION_FORMS_ALWAYS_OPEN = env_bool("PARTICIPATION_FORMS_ALWAYS_OPEN", False)
# Told of every new submission, besides each form's own 通知邮箱 (comma-separated).
PARTICIPATION_MODERATOR_EMAILS = env_list("PARTICIPATION_MODERATOR_EMAILS")
# Abuse limits of the public forms (participation/abuse.py): (submissions, seconds).
PARTICIPATION_RATE_PER_ADDRESS = (5, 60)
PARTICIPATION_RATE_PER_CONTACT = (3, 3600)
PARTICIPATION_MIN_SECONDS = 3
# Django serves MEDIA_ROOT itself only on one machine (make run, make dev).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

STORAGES = {
    # Removes partial files on a failed write; private files go to PRIVATE_MEDIA_ROOT.
    "default": {"BACKEND": "private_media.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3-compatible object storage (private_media/s3.py, docs/scaling.md): MEDIA_STORAGE=s3
# with AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (MinIO, OSS, COS ...), AWS_S3_REGION_NAME and
# the credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3 itself).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "private_media.s3.S3MediaStorage"}
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    # Public files through the CDN's host name when there is one (unsigned, cacheable).
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE", "auto")
    AWS_S3_SIGNATURE_VERSION = "s3v4"
# Private files live under this prefix of the bucket; readers get presigned URLs valid this long.
PRIVATE_MEDIA_PREFIX = os.environ.get("PRIVATE_MEDIA_PREFIX", "private/")
PRIVATE_MEDIA_URL_EXPIRY = int(os.environ.get("PRIVATE_MEDIA_URL_EXPIRY", "300"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


# Wagtail
WAGTAIL_SITE_NAME = "质量昆明"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend plus Chinese segmentation (docs/search.md).
    "default": {"BACKEND": "search.backends"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are always served through Wagtail's view, which checks collection restrictions.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "newsroom.forms.NewsroomImageForm"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# No Gravatar: the admin's CSP blocks other hosts and Gravatar is unreliable in mainland China;
# Wagtail then shows its own default avatar (or one uploaded in the account settings).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's release check calls another host, which the CSP blocks (console errors) and which
# the deployment may not reach; upgrades are pinned in requirements.txt instead.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Everyone works in Kunming: the account page offers Beijing time only, not 600 zone names.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
# Wagtail's sign-in form with a translatable password label (cms/admin_login.py).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_login.NewsroomLoginForm"


REST_FRAMEWORK = {
    # DRF's JSON output written by orjson (partner_api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["partner_api.renderers.FastJSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "partner_api.schema.PartnerAutoSchema",
    # Proxies in front of us; only then is X-Forwarded-For trusted for throttling.
    "NUM_PROXIES": int(os.environ["NUM_PROXIES"]) if os.environ.get("NUM_PROXIES") else None,
}

# Partner content API (partner_api/, docs/partner-guide.md).
PARTNER_API_ANON_RATE = os.environ.get("PARTNER_API_ANON_RATE", "60/min")
PARTNER_API_KEY_RATE_PER_MINUTE = int(os.environ.get("PARTNER_API_KEY_RATE_PER_MINUTE", "1000"))
# Partner key usage counts are written in batches at most this often (partner_api/usage.py).
PARTNER_KEY_USAGE_FLUSH_SECONDS = int(os.environ.get("PARTNER_KEY_USAGE_FLUSH_SECONDS", "5"))
PARTNER_API_MAX_AGE = int(os.environ.get("PARTNER_API_MAX_AGE", "60"))
PARTNER_API_BROWSABLE = env_bool("PARTNER_API_BROWSABLE", DEBUG)
# Lifetime of a partner preview link to one draft (partner_api/preview.py).
PARTNER_PREVIEW_TTL_SECONDS = int(os.environ.get("PARTNER_PREVIEW_TTL_SECONDS", "3600"))
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOWED_ORIGINS = [origin for origin in env_list("PARTNER_API_CORS_ORIGINS") if origin != "*"]
CORS_ALLOW_ALL_ORIGINS = "*" in env_list("PARTNER_API_CORS_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "if-modified-since",
    "if-none-match",
]
CORS_EXPOSE_HEADERS = [
    "Content-Language",
    "ETag",
    "Last-Modified",
    "RateLimit",
    "RateLimit-Policy",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
]
SPECTACULAR_SETTINGS = {
    "TITLE": "质量昆明 合作方内容接口",
    "DESCRIPTION": (
        "年度质量月、活动、春城质量官、新闻和单位的只读接口。"
        "[合作方使用指南](/api/v1/docs/guide/)：参数、分页、限速、条件请求、变更流、410 的含义和 Webhook。"
        "入口文档：[/api/v1/](/api/v1/)。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["partner_api.schema.only_partner_api"],
    # The script-variant parameter on every operation (script_variants/api.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "script_variants.api.add_variant_parameter",
        "partner_api.schema.add_servers_and_headers",
        "partner_api.schema.add_examples",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Each item type's one-value ``type`` enum, shared by the item, its search hit and its reference.
    "ENUM_NAME_OVERRIDES": {
        f"{name.capitalize()}TypeEnum": [name] for name in ("campaign", "activity", "officer", "news", "organisation")
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
