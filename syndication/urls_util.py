"""Absolute URLs on the canonical public origin (``settings.BASE_URL``)."""

from django.conf import settings


def absolute(url):
    """Turn a site-relative URL into an absolute one on BASE_URL; absolute URLs pass through."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return settings.BASE_URL + (url if url.startswith("/") else "/" + url)


def page_url(page, request=None):
    return absolute(page.get_url(request=request))
