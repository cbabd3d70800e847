"""Rate limits for /api/v1/, outside the response cache (see partner_api.throttling)."""

from django.http import JsonResponse
from rest_framework.exceptions import AuthenticationFailed

from partner_api.authentication import PartnerKeyAuthentication, remember_authentication
from partner_api.errors import PROBLEM_CONTENT_TYPE, problem
from partner_api.throttling import RateLimit
from publishing.response_cache import KEYED_ATTR

API_PREFIX = "/api/v1/"
# The contract and its documentation are free to read.
UNMETERED_PREFIXES = ("/api/v1/schema/", "/api/v1/docs/")


class RateLimitMiddleware:
    """Count every API request (cached or not, 304s excepted) and send RateLimit headers on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not request.path.startswith(API_PREFIX)
            or request.path.startswith(UNMETERED_PREFIXES)
            or request.method == "OPTIONS"
        ):
            return self.get_response(request)
        try:
            result = PartnerKeyAuthentication().authenticate(request)
        except AuthenticationFailed as error:
            result = None
            remember_authentication(request, error)  # the view answers 401 with this reason
        else:
            remember_authentication(request, result)
        limit = RateLimit(request, result[1] if result else None)
        if not limit.allowed():
            retry_after = max(limit.reset_seconds(), 1)
            response = JsonResponse(
                problem(429, f"请求过于频繁，请 {retry_after} 秒后再试。"),
                status=429,
                content_type=PROBLEM_CONTENT_TYPE,
                json_dumps_params={"ensure_ascii": False},
            )
            response["Retry-After"] = str(retry_after)
            response["Cache-Control"] = "no-store"
        else:
            if result is not None:
                # A valid key within its quota: the response cache may answer from the shared entry.
                setattr(request, KEYED_ATTR, True)
            response = self.get_response(request)
            if response.status_code != 304:
                limit.record()
        for name, value in limit.headers().items():
            response[name] = value
        return response
