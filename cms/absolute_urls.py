"""The one place that builds absolute URLs: pages, API, feeds, images, e-mail and previews.

Every absolute link the site hands out is on ``settings.BASE_URL``. With it unset,
``cms/settings/base.py`` derives it from ``PORT`` (what ``make run`` and ``make dev``
serve on); production settings require it. Wagtail's own absolute links (notification
e-mails, "view live") come from ``WAGTAILADMIN_BASE_URL`` and the default Site, which
``manage.py sync_site_origin`` keeps on the same origin.
"""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """The public origin, without a trailing slash: ``http://127.0.0.1:8000``."""
    return settings.BASE_URL.rstrip("/")


def origin_parts():
    """(scheme, hostname, port) of the public origin; port is the default for the scheme when absent."""
    parts = urlsplit(base_url())
    scheme = parts.scheme or "http"
    return scheme, parts.hostname or "localhost", parts.port or (443 if scheme == "https" else 80)


def absolute_url(path):
    """A site-relative path (or URL) as an absolute URL on the public origin; "" for nothing.

    Absolute http(s) URLs pass through unchanged (external links, images on another host).
    """
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):  # protocol-relative: never glue a foreign host onto ours
        return urlsplit(base_url()).scheme + ":" + path
    return base_url() + (path if path.startswith("/") else "/" + path)


def page_url(page, request=None):
    """Absolute URL of a page's public HTML view; None when the page has no route."""
    parts = page.get_url_parts(request=request)
    if parts is None:
        return None
    return absolute_url(parts[2])
