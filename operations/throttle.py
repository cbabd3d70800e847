"""Sign-in throttling: one policy for every password check, kept by django-axes.

django-axes counts failures from Django's ``user_login_failed`` signal, so every view that
checks a password through ``authenticate()`` is covered without being listed: Wagtail's
``/admin/login/``, its front-end ``/_util/login/``, ``/django-admin/login/`` and any added later.
``AxesStandaloneBackend`` (first in ``AUTHENTICATION_BACKENDS``) refuses a locked-out client
before the password is checked. Two forms check a secret without ``authenticate()``; their
views are wrapped here and report to the same policy:

* page passwords (``/_util/authenticate_with_password/...``): a wrong password is a failure;
* password-reset requests (``/admin/password_reset/``): every request counts, so nobody can
  flood a mailbox or probe addresses without limit.

The policy (``LOGIN_FAILURE_LIMIT`` failures within ``LOGIN_FAILURE_WINDOW`` seconds) locks the
client address, and for sign-ins and resets also the user name typed, normalised as the
sign-in form and the auth backend do (" admin" is admin). The client address is the socket
peer unless ``NUM_PROXIES`` says how many trusted proxies append to ``X-Forwarded-For``.
An operator lifts a lockout with ``manage.py axes_reset`` (or ``axes_reset_username NAME``).
"""

import functools
import ipaddress
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.html import escape
from wagtail import views as wagtail_views
from wagtail.admin.views import account

# request.signin_kind for the forms that do not call authenticate().
PAGE_PASSWORD = "page_password"
PASSWORD_RESET = "password_reset"


def failure_limit(request=None, credentials=None):
    return settings.LOGIN_FAILURE_LIMIT


def cool_off(request=None):
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def counters():
    """The cache that holds rate-limit counters, seen by every process that serves requests (cms/settings)."""
    return caches["counters"]


def client_ip(request):
    """The client address: the socket peer, or the one the ``NUM_PROXIES`` trusted proxies saw."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "0.0.0.0"


def normalise_username(value):
    """The user name as the sign-in form and the backend see it: stripped, NFKC, the model's rules."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFKC", value.strip())
    return get_user_model().normalize_username(value)[:150]


def client_username(request, credentials=None):
    field = get_user_model().USERNAME_FIELD
    if credentials and credentials.get(field) is not None:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "POST", {}).get(field) if request is not None else None
    return normalise_username(raw)


def lockout_parameters(request_or_attempt, credentials=None):
    """Lock the address; also the user name, except for page passwords (no user behind them)."""
    if getattr(request_or_attempt, "signin_kind", None) == PAGE_PASSWORD:
        return ["ip_address"]
    return ["ip_address", "username"]


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, int(cool_off().total_seconds() // 60))
    message = escape(f"尝试次数过多，请 {minutes} 分钟后再试。如忘记密码，请联系管理员。")
    response = HttpResponse(
        f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>请稍后再试</title><p>{message}</p></html>',
        status=429,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(int(cool_off().total_seconds()))
    return response


def is_locked_out(request, credentials):
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, credentials)


def report_failure(request, credentials):
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)


def page_password_view(request, page_view_restriction_id, page_id):
    """Wagtail's page-password form under the sign-in policy: a wrong password counts as a failure."""
    request.signin_kind = PAGE_PASSWORD
    credentials = {"username": f"page-password:{page_view_restriction_id}"}
    if request.method == "POST" and is_locked_out(request, credentials):
        return lockout_response(request)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code == 200:  # the form again: wrong password
        report_failure(request, credentials)
    return response


def counts_every_post(view, kind, field):
    """Each POST to ``view`` counts against the policy (keyed by the address and ``field``)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.signin_kind = kind
        if request.method != "POST":
            return view(request, *args, **kwargs)
        credentials = {"username": normalise_username(request.POST.get(field, "")) or ""}
        if is_locked_out(request, credentials):
            return lockout_response(request)
        report_failure(request, credentials)
        return view(request, *args, **kwargs)

    return wrapped


password_reset_view = counts_every_post(account.PasswordResetView.as_view(), PASSWORD_RESET, "email")
