"""Admin sign-in throttling (the job django-axes does, kept in the database).

After ``LOGIN_FAILURE_LIMIT`` failed sign-ins from one address, or for one
user name, within ``LOGIN_FAILURE_WINDOW`` seconds, further sign-in attempts
get a 429 in Chinese until the window has passed. Successful sign-ins clear
that user's failures from that address. The client address is the socket
peer unless ``NUM_PROXIES`` says how many trusted proxies append to
``X-Forwarded-For``; a spoofed header cannot reset the count.
"""

import contextlib
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from operations.models import LoginFailure

LOGIN_URL_NAMES = ("wagtailadmin_login", "admin:login")


def limit():
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def window():
    return timedelta(seconds=getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60))


def client_ip(request):
    proxies = getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES") or 0
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "0.0.0.0"


def login_paths():
    paths = set()
    for name in LOGIN_URL_NAMES:
        with contextlib.suppress(NoReverseMatch):
            paths.add(reverse(name))
    return paths


def is_locked_out(ip, username):
    since = timezone.now() - window()
    recent = LoginFailure.objects.filter(attempted_at__gte=since)
    if recent.filter(ip_address=ip).count() >= limit():
        return True
    return bool(username) and recent.filter(username=username).count() >= limit()


def locked_out_response():
    minutes = max(1, int(window().total_seconds() // 60))
    message = escape(f"登录失败次数过多，请 {minutes} 分钟后再试。如忘记密码，请联系管理员。")
    response = HttpResponse(
        f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>请稍后再试</title><p>{message}</p></html>',
        status=429,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(int(window().total_seconds()))
    return response


class LoginThrottleMiddleware:
    """Count failed POSTs to the admin sign-in forms; refuse more once over the limit."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        if self._paths is None:
            self._paths = login_paths()
        if request.path not in self._paths:
            return self.get_response(request)

        ip = client_ip(request)
        username = request.POST.get("username", "")[:150]
        if is_locked_out(ip, username):
            return locked_out_response()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            LoginFailure.objects.filter(ip_address=ip, username=username).delete()
        elif response.status_code == 200:
            # The form came back with an error: a failed sign-in.
            LoginFailure.objects.create(ip_address=ip, username=username)
            LoginFailure.objects.filter(attempted_at__lt=timezone.now() - window()).delete()
        return response
