from django.http import Http404
from django.utils import timezone
from wagtail import hooks


@hooks.register("before_serve_page")
def refuse_pages_outside_their_publication_window(page, request, serve_args, serve_kwargs):
    """A live page past ``expire_at`` (before the scheduler has unpublished it) or before ``go_live_at`` is a 404.

    Wagtail serves any page with ``live=True``; publishing.visibility.is_public also checks these times,
    and the scheduler only runs every SCHEDULER_INTERVAL. View restrictions are left to Wagtail's own hook.
    """
    now = timezone.now()
    if (page.expire_at and page.expire_at <= now) or (page.go_live_at and page.go_live_at > now):
        raise Http404
