"""One sign-in policy for every password check (django-axes; operations/throttle.py).

Each path that checks a secret is attacked the same way: wrong guesses until the server
refuses, then the right password, which must be refused too while the lockout lasts.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from bench import security
from tests.factories import NewsPageFactory
from tests.reliability.metrics import record

PASSWORD = "right-password-123"
LIMIT = 5  # the production default (LOGIN_FAILURE_LIMIT)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("bianji", "bianji@example.com", PASSWORD, is_staff=True)


@pytest.fixture
def policy(settings):
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    return settings


def locked(response):
    return response.status_code == 429 and "尝试次数过多" in response.content.decode()


def signed_in(client):
    return "_auth_user_id" in client.session


def sign_in(client, path, username, password, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


SIGN_IN_PATHS = ["/admin/login/", "/_util/login/", "/django-admin/login/"]


def guesses_until_locked(send, limit=LIMIT):
    """Send wrong guesses until the server locks out; the number it checked (None: never locked)."""
    for guess in range(1, limit * 4):
        if locked(send(guess)):
            return guess
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("path", SIGN_IN_PATHS)
def test_every_sign_in_form_locks_after_the_limit(client, policy, home, editor, path):
    allowed = guesses_until_locked(lambda n: sign_in(client, path, "bianji", f"wrong-{n}"))
    response = sign_in(client, path, "bianji", PASSWORD)
    accepted = int(not locked(response) or signed_in(client))
    record(security.SIGNIN_PATHS, 1)
    record(security.SIGNIN_GUESSES_PREFIX + path, allowed or 0)
    record(security.SIGNIN_LIMIT_PREFIX + path, LIMIT)
    record(security.SIGNIN_OVER_LIMIT, accepted)
    assert allowed == LIMIT
    assert not accepted
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attacked", "other"), [("/admin/login/", "/_util/login/"), ("/_util/login/", "/admin/login/")]
)
def test_a_lockout_on_one_form_holds_on_every_other(client, policy, home, editor, attacked, other):
    for n in range(LIMIT):
        sign_in(client, attacked, "bianji", f"wrong-{n}")
    assert locked(sign_in(client, other, "bianji", PASSWORD))
    assert not signed_in(client)


@pytest.mark.django_db
def test_user_names_count_as_the_backend_reads_them(client, policy, home, editor):
    # Each variant signs in as bianji, so each must count against bianji, whatever the address.
    variants = [" bianji", "bianji ", "ｂｉａｎｊｉ", "\tbianji", "bianji\u3000"]
    assert len(variants) == LIMIT
    for n, variant in enumerate(variants):
        response = sign_in(client, "/_util/login/", variant, "wrong", REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert response.status_code in (200, 429)
    assert locked(sign_in(client, "/admin/login/", "bianji", PASSWORD, REMOTE_ADDR="192.0.2.99"))
    assert not signed_in(client)


@pytest.mark.django_db
def test_one_user_name_is_protected_across_addresses(client, policy, home, editor):
    for n in range(LIMIT):
        sign_in(client, "/admin/login/", "bianji", "wrong", REMOTE_ADDR=f"192.0.2.{n}")
    assert locked(sign_in(client, "/admin/login/", "bianji", PASSWORD, REMOTE_ADDR="192.0.2.99"))


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_reset_the_count(client, policy, home, editor):
    for n in range(LIMIT):
        sign_in(client, "/admin/login/", f"someone-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert locked(sign_in(client, "/admin/login/", "other", "wrong", HTTP_X_FORWARDED_FOR="10.9.9.9"))


@pytest.mark.django_db
def test_behind_a_proxy_one_attacker_does_not_lock_out_everyone(client, policy, home, editor):
    policy.REST_FRAMEWORK = {**policy.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(LIMIT):
        sign_in(client, "/admin/login/", f"guess-{n}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert locked(sign_in(client, "/admin/login/", "guess-x", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy))
    # The editor, through the same proxy from another address, still signs in.
    response = sign_in(client, "/admin/login/", "bianji", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_successful_sign_in_clears_the_failures(client, policy, home, editor):
    for _ in range(LIMIT - 1):
        sign_in(client, "/admin/login/", "bianji", "wrong")
    assert sign_in(client, "/admin/login/", "bianji", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert not locked(sign_in(client, "/admin/login/", "bianji", "wrong"))


@pytest.mark.django_db
def test_page_passwords_are_under_the_same_policy(client, policy, home):
    page = NewsPageFactory(parent=home, slug="mima", visibility="live+password")
    restriction = page.get_view_restrictions().get()
    path = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

    allowed = guesses_until_locked(lambda n: client.post(path, {"password": f"wrong-{n}", "return_url": "/"}))
    response = client.post(path, {"password": "secret", "return_url": page.url})
    accepted = int(not locked(response))
    record(security.SIGNIN_PATHS, 1)
    record(security.SIGNIN_GUESSES_PREFIX + "/_util/authenticate_with_password/", allowed or 0)
    record(security.SIGNIN_LIMIT_PREFIX + "/_util/authenticate_with_password/", LIMIT)
    record(security.SIGNIN_OVER_LIMIT, accepted)
    assert allowed == LIMIT
    assert not accepted
    # A reader elsewhere is not locked out of the page by someone else's guessing.
    response = client.post(path, {"password": "secret", "return_url": page.url}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_page_password_guesses_also_lock_the_sign_in_forms(client, policy, home, editor):
    page = NewsPageFactory(parent=home, slug="mima2", visibility="live+password")
    restriction = page.get_view_restrictions().get()
    for n in range(LIMIT):
        client.post(f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/", {"password": f"wrong-{n}"})
    assert locked(sign_in(client, "/admin/login/", "bianji", PASSWORD))


@pytest.mark.django_db
def test_password_reset_requests_are_limited(client, policy, home, editor):
    path = "/admin/password_reset/"
    allowed = guesses_until_locked(lambda n: client.post(path, {"email": "bianji@example.com"}))
    record(security.SIGNIN_PATHS, 1)
    record(security.SIGNIN_GUESSES_PREFIX + path, allowed or 0)
    record(security.SIGNIN_LIMIT_PREFIX + path, LIMIT)
    assert allowed == LIMIT
    assert len(mail.outbox) <= LIMIT
    sent = len(mail.outbox)
    assert locked(client.post(path, {"email": "bianji@example.com"}, REMOTE_ADDR="198.51.100.3"))
    assert len(mail.outbox) == sent  # the same mailbox from another address: still refused


@pytest.mark.django_db
def test_admin_client_still_signs_in(admin_client):
    assert admin_client.get("/admin/").status_code == 200
