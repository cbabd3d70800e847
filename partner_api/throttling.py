"""Per-key and per-client rate limits.

Anonymous clients are told apart by their address. ``X-Forwarded-For`` is only
trusted when ``REST_FRAMEWORK["NUM_PROXIES"]`` says how many proxies sit in
front of us; DRF's own default would trust any client-supplied value.
"""

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from partner_api.models import PartnerKey


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_rate(self):
        return getattr(settings, "PARTNER_API_ANON_RATE", "60/min")

    def get_ident(self, request):
        remote_addr = request.META.get("REMOTE_ADDR", "")
        num_proxies = api_settings.NUM_PROXIES
        xff = request.META.get("HTTP_X_FORWARDED_FOR")
        if not num_proxies or not xff:
            return remote_addr
        addrs = [addr.strip() for addr in xff.split(",")]
        return addrs[-min(num_proxies, len(addrs))]

    def allow_request(self, request, view):
        if isinstance(request.auth, PartnerKey):
            self.num_requests, self.duration = request.auth.rate_per_minute, 60
        else:
            self.num_requests, self.duration = self.parse_rate(self.get_rate())
        allowed = super().allow_request(request, view)
        view.rate_limit_headers = {
            "X-RateLimit-Limit": str(self.num_requests),
            "X-RateLimit-Remaining": str(max(self.num_requests - len(self.history), 0)),
        }
        return allowed

    def get_cache_key(self, request, view):
        if isinstance(request.auth, PartnerKey):
            return self.cache_format % {"scope": self.scope, "ident": f"key-{request.auth.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": f"anon-{self.get_ident(request)}"}
