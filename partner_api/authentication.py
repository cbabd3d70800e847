"""``Authorization: Api-Key <key>`` authentication for partners."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions

from partner_api.models import PartnerKey

KEYWORD = "Api-Key"
# Set by partner_api.middleware.RateLimitMiddleware, which authenticates first to pick the quota.
REMEMBERED = "_partner_api_authentication"


def remember_authentication(request, result):
    setattr(request, REMEMBERED, result)


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """No header: anonymous. A header with a bad, revoked or expired key: 401."""

    def authenticate(self, request):
        django_request = getattr(request, "_request", request)
        if hasattr(django_request, REMEMBERED):
            result = getattr(django_request, REMEMBERED)
            if isinstance(result, exceptions.AuthenticationFailed):
                raise result
            return result
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _, key = header.strip().partition(" ")
        if keyword.lower() != KEYWORD.lower() or not key.strip():
            raise exceptions.AuthenticationFailed("Authorization 头的格式应为：Api-Key <密钥>。")
        key = key.strip()
        prefix = key.partition(".")[0]
        partner_key = PartnerKey.objects.filter(prefix=prefix).first()
        if partner_key is None or partner_key.revoked or partner_key.has_expired or not partner_key.is_valid(key):
            raise exceptions.AuthenticationFailed("密钥无效或已被撤销。")
        partner_key.record_use()
        return AnonymousUser(), partner_key

    def authenticate_header(self, request):
        return KEYWORD
