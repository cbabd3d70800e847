import importlib
import os
import sys

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "reliability-test-" + "k3y-" * 16,
    "ALLOWED_HOSTS": "example.com,testserver",
    "BASE_URL": "https://example.com",
    # A Fernet key (32 bytes, url-safe base64) for the participation forms' personal fields.
    "FIELD_ENCRYPTION_KEY": "cmVsaWFiaWxpdHktdGVzdC1maWVsZC1rZXktMzJieXQ=",
}

# The production values the hardening tests apply on top of the test settings.
SECURITY_SETTINGS = [
    "DEBUG",
    "DEBUG_PROPAGATE_EXCEPTIONS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
    "PARTNER_API_BROWSABLE",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_FAILURE_WINDOW",
]


def load_production_settings(extra_env=None):
    """Import cms.settings.production afresh under a controlled environment."""
    saved = dict(os.environ)
    try:
        os.environ.update(PRODUCTION_ENV)
        os.environ.update(extra_env or {})
        sys.modules.pop("cms.settings.production", None)
        return importlib.import_module("cms.settings.production")
    finally:
        os.environ.clear()
        os.environ.update(saved)
        sys.modules.pop("cms.settings.production", None)


@pytest.fixture
def production(settings):
    """The test settings with every security value taken from production.py."""
    module = load_production_settings()
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(module, name))
    return settings
