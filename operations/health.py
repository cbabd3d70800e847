"""``/healthz`` for load balancers and monitoring.

Answered before host validation, HTTPS redirects and sessions, so a probe by
IP address over plain HTTP works. It says only ``ok`` or what failed, never
an error message, host name or version.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

HEALTH_PATHS = {"/healthz", "/healthz/"}


def worker_stale_after():
    """The worker beats every SCHEDULER_INTERVAL; allow three missed beats (at least 90 s)."""
    default = max(90.0, 3 * settings.SCHEDULER_INTERVAL)
    return timedelta(seconds=getattr(settings, "HEALTH_WORKER_STALE_SECONDS", default))


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "error"
    return "ok"


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        return "error"
    return "ok" if ok else "error"


def check_worker():
    from publishing.models import WorkerHeartbeat

    try:
        beat = WorkerHeartbeat.objects.filter(pk=1).values_list("beat_at", flat=True).first()
    except Exception:
        return "error", None
    if beat is None:
        return "missing", None
    age = (timezone.now() - beat).total_seconds()
    return ("ok" if age <= worker_stale_after().total_seconds() else "stale"), max(0, int(age))


def report():
    database = check_database()
    cache_status = check_cache()
    worker, age = check_worker() if database == "ok" else ("unknown", None)
    checks = {"database": database, "cache": cache_status, "worker": worker}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "fail", "checks": checks}
    if age is not None:
        body["worker_heartbeat_age_seconds"] = age
    return healthy, body


class HealthCheckMiddleware:
    """Serve GET/HEAD /healthz first in the stack; everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in HEALTH_PATHS or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        healthy, body = report()
        response = JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "no-store, no-cache, max-age=0, must-revalidate"
        response["Pragma"] = "no-cache"
        response["X-Content-Type-Options"] = "nosniff"
        return response
