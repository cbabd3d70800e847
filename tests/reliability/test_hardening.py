"""Production hardening: check --deploy, headers, cookies, debug pages, browsable API."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.reliability.conftest import PRODUCTION_ENV, load_production_settings

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_has_no_warnings(tmp_path):
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_security_values(missing):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=missing):
        load_production_settings({missing: ""})


def test_debug_cannot_be_switched_on_in_production():
    module = load_production_settings({"DEBUG": "1", "PARTNER_API_BROWSABLE": "1"})
    assert module.DEBUG is False
    assert module.PARTNER_API_BROWSABLE is False


def csp_sources(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/v1/news/", "/feeds/news.xml", "/search/?q=质量"])
def test_public_responses_carry_the_security_headers(client, production, home, path):
    response = client.get(path, secure=True, HTTP_HOST="example.com")
    assert response.status_code < 500
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = csp_sources(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/docs/", "/api/v1/news/"])
def test_no_policy_allows_another_host(client, production, home, path):
    policy = client.get(path, secure=True, HTTP_HOST="example.com")["Content-Security-Policy"]
    assert not re.search(r"https?:|\*|//", policy), policy


@pytest.mark.django_db
def test_admin_policy_is_looser_only_where_wagtail_needs_it(client, production, home):
    policy = csp_sources(client.get("/admin/login/", secure=True, HTTP_HOST="example.com")["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'self'"  # the preview panel frames admin pages
    assert policy["object-src"] == "'none'"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production, home):
    response = client.get("/", HTTP_HOST="example.com")
    assert response.status_code == 301
    assert response["Location"].startswith("https://example.com/")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_httponly(client, production, home):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "correct-horse-battery")
    assert user.pk
    page = client.get("/admin/login/", secure=True, HTTP_HOST="example.com")
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = client.post(
        "/admin/login/",
        {"username": "chief", "password": "correct-horse-battery"},
        secure=True,
        HTTP_HOST="example.com",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
def test_debug_page_is_never_shown(client, production, home):
    response = client.get("/no-such-page/", secure=True, HTTP_HOST="example.com")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Django tried these URL patterns" not in body
    assert "DEBUG = True" not in body


@pytest.mark.django_db
def test_browsable_api_is_off_in_production(client, production, home):
    response = client.get("/api/v1/news/", secure=True, HTTP_HOST="example.com", HTTP_ACCEPT="text/html")
    assert "json" in response["Content-Type"]
    assert b"<html" not in response.content.lower()


# Sign-in throttling is tested in tests/security/test_signin_throttle.py.


def test_admin_client_fixture_still_signs_in(admin_client):
    assert admin_client.get("/admin/").status_code == 200
