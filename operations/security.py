"""Content-Security-Policy and friends for every response.

Public pages, feeds and the API load nothing from another host and run no
inline script, so they get a strict policy. Wagtail's admin still ships a
few inline ``<script>`` blocks (inline panels, date pickers) and inline
styles, and drf-spectacular's Swagger page inlines its start-up script, so
only those paths get ``'unsafe-inline'``; even there nothing may come from
another origin.
"""

from django.conf import settings

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}

# Wagtail admin: inline scripts/styles; previews render in a same-origin iframe.
ADMIN = {
    **STRICT,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "frame-src": "'self'",
    "frame-ancestors": "'self'",
    "worker-src": "'self' blob:",
}

# A page preview (Wagtail's dummy request for the public URL, ``request.is_preview``): the public
# page's strict policy, but the editor's preview panel, on the admin's own origin, may frame it.
PREVIEW = {**STRICT, "frame-ancestors": "'self'"}

API_DOCS = {**STRICT, "script-src": "'self' 'unsafe-inline'", "style-src": "'self' 'unsafe-inline'"}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def serialise(policy):
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def policy_for(path, is_preview=False):
    if is_preview:
        return PREVIEW_HEADER
    admin_prefixes = getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/", "/django-admin/"))
    if path.startswith(tuple(admin_prefixes)):
        return ADMIN_HEADER
    if path.startswith("/api/v1/docs/"):
        return API_DOCS_HEADER
    return STRICT_HEADER


STRICT_HEADER = serialise(STRICT)
ADMIN_HEADER = serialise(ADMIN)
API_DOCS_HEADER = serialise(API_DOCS)
PREVIEW_HEADER = serialise(PREVIEW)


class SecurityHeadersMiddleware:
    """Add CSP, Permissions-Policy and Cross-Origin-Resource-Policy unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Wagtail marks its preview requests (documented ``request.is_preview``); they run the
        # whole middleware chain for the page's public path, so the path alone would say 'none'.
        is_preview = getattr(request, "is_preview", False)
        response.headers.setdefault("Content-Security-Policy", policy_for(request.path, is_preview))
        if is_preview:
            # XFrameOptionsMiddleware (inner) has set X_FRAME_OPTIONS (DENY); same origin only here.
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
