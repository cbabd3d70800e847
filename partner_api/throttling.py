"""Per-key and per-client rate limits, with IETF ``RateLimit`` headers.

The limit is a sliding window: a key gets ``PartnerKey.rate_per_minute``
requests per 60 s, an anonymous client ``PARTNER_API_ANON_RATE``. It runs in
``partner_api.middleware.RateLimitMiddleware``, outside the response cache,
so cached responses are counted and carry the headers too. A 304 is free: a
request is recorded only after its response turns out not to be a 304.

Anonymous clients are told apart by their address. ``X-Forwarded-For`` is only
trusted when ``REST_FRAMEWORK["NUM_PROXIES"]`` says how many proxies sit in
front of us; DRF's own default would trust any client-supplied value.
"""

import math
import time

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from operations.throttle import client_ip, counters  # the one reading of NUM_PROXIES, shared with sign-in
from partner_api.models import PartnerKey

POLICY = "partner"


class RateLimit:
    """One client's window: ``allowed()`` before the view, ``record()`` after, ``headers()`` on the response."""

    def __init__(self, request, partner_key=None):
        if isinstance(partner_key, PartnerKey):
            self.limit, self.window = partner_key.rate_per_minute, 60
            ident = f"key-{partner_key.pk}"
        else:
            self.limit, self.window = SimpleRateThrottle.parse_rate(None, settings.PARTNER_API_ANON_RATE)
            ident = f"anon-{client_ip(request)}"
        self.key = f"throttle_{POLICY}_{ident}"
        self.now = time.time()
        self.history = [moment for moment in counters().get(self.key, []) if moment > self.now - self.window]

    def allowed(self):
        return len(self.history) < self.limit

    def record(self):
        # Read again: other requests of this client may have finished meanwhile.
        now = time.time()
        history = [moment for moment in counters().get(self.key, []) if moment > now - self.window]
        self.history = [now, *history]
        counters().set(self.key, self.history, self.window)

    def reset_seconds(self):
        """Seconds until the oldest request in the window leaves it (one more request is allowed)."""
        if not self.history:
            return 0
        return max(0, math.ceil(min(self.history) + self.window - time.time()))

    def headers(self):
        remaining = max(self.limit - len(self.history), 0)
        reset = self.reset_seconds()
        headers = {
            "RateLimit-Policy": f'"{POLICY}";q={self.limit};w={self.window}',
            "RateLimit": f'"{POLICY}";r={remaining};t={reset}',
            # The pre-IETF names, kept for clients written against API 1.0.
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(remaining),
        }
        return headers
