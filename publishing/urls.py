"""Absolute URLs for partners, feeds and sharing: always on settings.BASE_URL."""

from django.conf import settings

from publishing import dependencies


def absolute_url(path):
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.BASE_URL + (path if path.startswith("/") else "/" + path)


def page_url(page):
    dependencies.touch(dependencies.SITE_KEY)
    return absolute_url(page.get_url())
