"""The one place that decides what the public may see.

Public means: live, not past its expiry time (even before the scheduler has
run), and not under any view restriction (password, login or group) on the
page itself or an ancestor. Every public surface starts from these helpers.
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction


def public_pages(queryset=None):
    """Filter a page queryset down to what anonymous readers may see."""
    if queryset is None:
        queryset = Page.objects.all()
    now = timezone.now()
    return (
        queryset.live()
        .public()
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
    return not PageViewRestriction.objects.filter(
        page__path__in=[page.path[:i] for i in range(page.steplen, len(page.path) + 1, page.steplen)]
    ).exists()
