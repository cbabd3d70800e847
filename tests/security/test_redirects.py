"""Open redirects: every path that answers with a redirect keeps the visitor on this site.

Each tricky form below is tried on each redirecting path (the script-variant prefixes, the
trailing-slash redirect, and ``next=`` / ``return_url`` after each sign-in form). A Location
leaves the site when a browser, resolving it against the request URL, lands on another host.
"""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils.http import url_has_allowed_host_and_scheme

from bench import security
from tests.factories import NewsPageFactory
from tests.reliability.metrics import record

EVIL = "evil.example"
# Paths as an attacker would type them (after the redirecting prefix).
TRICKY_PATHS = [
    f"//{EVIL}",
    f"//{EVIL}/",
    f"///{EVIL}/",
    f"////{EVIL}/",
    f"/\\{EVIL}/",
    f"\\\\{EVIL}/",
    f"/\\/{EVIL}/",
    f"/%2F%2F{EVIL}/",
    f"/%2f{EVIL}/",
    f"%2F%2F{EVIL}/",
    f"/%5c{EVIL}/",
    f"/%5C%5C{EVIL}/",
    f"/%09/{EVIL}/",
    f"/%0A/{EVIL}/",
    f"/%0D%0A/{EVIL}/",
    f"/\t/{EVIL}/",
    f"/%E3%80%80/{EVIL}/",
    f"/https://{EVIL}/",
    f"/https:/{EVIL}/",
    f"/http:%2F%2F{EVIL}/",
    f"//{EVIL}%2F..",
    f"//{EVIL}@testserver/",
    f"/.//{EVIL}/",
]
# Values for next= and return_url, as an attacker would put them in a link.
TRICKY_TARGETS = [
    f"//{EVIL}/",
    f"///{EVIL}/",
    f"/\\{EVIL}/",
    f"\\\\{EVIL}/",
    f"\\/{EVIL}/",
    f"https://{EVIL}/",
    f"https:{EVIL}/",
    f"https:/{EVIL}/",
    f"\thttps://{EVIL}/",
    f"/\t/{EVIL}/",
    f"\n//{EVIL}/",
    f" //{EVIL}/",
    f"//{EVIL}@testserver/",
    f"https://testserver@{EVIL}/",
    f"javascript:alert(1)//{EVIL}",
    f"%2F%2F{EVIL}/",
    f"/%2F{EVIL}/",
    f"HTTPS://{EVIL}/",
    f"//{EVIL}%2F%2E%2E",
]

PASSWORD = "right-password-123"


def leaves_site(location, request_url="http://testserver/"):
    """True when a browser following ``location`` from ``request_url`` would reach another host."""
    if not location:
        return False
    if not url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}):
        return True
    # Browsers drop tabs/newlines and read backslashes as slashes.
    cleaned = location.strip().replace("\\", "/")
    for char in "\t\r\n":
        cleaned = cleaned.replace(char, "")
    target = urlsplit(urljoin(request_url, cleaned))
    return target.scheme not in ("http", "https") or target.hostname != "testserver"


def redirect_location(response):
    if response.status_code in (301, 302, 303, 307, 308):
        return response["Location"]
    return ""


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "bianji", "bianji@example.com", PASSWORD, is_staff=True, is_superuser=True
    )


def path_requests():
    """(label, path) pairs for every path-based redirect."""
    for form in TRICKY_PATHS:
        yield "zh-hans prefix", "/zh-hans" + form
        yield "zh-hans prefix", "/zh-hans/" + form.lstrip("/")
        yield "zh-hant prefix", "/zh-hant" + form.rstrip("/")
        yield "trailing slash", form.rstrip("/")


@pytest.mark.django_db
def test_no_path_redirect_leaves_the_site(client, home):
    NewsPageFactory(parent=home, slug="news-1")
    escapes = []
    tried = 0
    for label, path in path_requests():
        response = client.get(path)
        tried += 1
        assert response.status_code < 500, (label, path)
        location = redirect_location(response)
        if leaves_site(location, "http://testserver" + quote(path, safe="/%\\")):
            escapes.append((label, path, location))
    record(security.REDIRECT_FORMS, tried)
    record(security.REDIRECT_ESCAPES, len(escapes))
    assert not escapes


@pytest.mark.django_db
def test_zh_hans_prefix_still_redirects_to_the_simplified_page(client, home):
    response = client.get("/zh-hans/search/?q=%E8%B4%A8%E9%87%8F")
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=%E8%B4%A8%E9%87%8F"


def sign_in_forms(home):
    page = NewsPageFactory(parent=home, slug="secret-news", visibility="live+password")
    restriction = page.get_view_restrictions().get()
    password_url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    return [
        ("/admin/login/", {"username": "bianji", "password": PASSWORD}, "next"),
        ("/_util/login/", {"username": "bianji", "password": PASSWORD}, "next"),
        ("/django-admin/login/", {"username": "bianji", "password": PASSWORD}, "next"),
        (password_url, {"password": "secret"}, "return_url"),
        ("/admin/logout/", {}, "next"),
        ("/django-admin/logout/", {}, "next"),
    ]


@pytest.mark.django_db
def test_no_sign_in_redirect_leaves_the_site(client, home, editor):
    escapes = []
    tried = 0
    for url, data, field in sign_in_forms(home):
        for target in TRICKY_TARGETS:
            client.logout()
            if field == "next":
                response = client.post(f"{url}?next={quote(target, safe='')}", {**data, "next": target})
            else:
                response = client.post(url, {**data, field: target})
            tried += 1
            assert response.status_code in (302, 303), (url, target, response.status_code)
            location = redirect_location(response)
            if leaves_site(location, "http://testserver" + url):
                escapes.append((url, target, location))
    record(security.REDIRECT_FORMS, tried)
    record(security.REDIRECT_ESCAPES, len(escapes))
    assert not escapes
