"""The one place that decides what the public may see.

Public means: live, not past its expiry time (even before the scheduler has
run), and not under any view restriction (password, login or group) on the
page itself or an ancestor. Every public surface starts from these helpers.

The restricted paths are read once per content version and process while a
request has pinned the version (``publishing.response_cache``): every
restriction change bumps the version, so the remembered paths can never be
older than the version the request shows. Outside a request (workers,
commands, tests without the middleware) they are read every time.
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from publishing import content_version, dependencies


def restricted_paths():
    """Tree paths of every page carrying a view restriction."""
    return content_version.remembered("restricted_paths", _read_restricted_paths)


def _read_restricted_paths():
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def private_q():
    """Q matching pages in a private section (the restricted page or below)."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def public_pages(queryset=None):
    """Filter a page queryset down to what anonymous readers may see."""
    if queryset is None:
        queryset = Page.objects.all()
    if dependencies.is_tracking() and queryset.query.where:
        # The caller shows "the public ones among these": it depends on each of them,
        # public or not yet. (A whole type, unfiltered, is too wide to record.)
        dependencies.touch(*(dependencies.page_key(pk) for pk in queryset.values_list("pk", flat=True)))
    now = timezone.now()
    return (
        queryset.live()
        .exclude(private_q())
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
    )


def is_public(page):
    """True if this single page may be shown to anonymous readers."""
    if not page.live:
        return False
    now = timezone.now()
    if page.expire_at and page.expire_at <= now:
        return False
    if page.go_live_at and page.go_live_at > now:
        return False
    return not any(page.path.startswith(path) for path in restricted_paths())
