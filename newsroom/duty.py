"""Dashboard panels for the newsroom's day (#16).

- 今日值班: for the chief, how many stories wait for review; for everyone who works on pages,
  today's publications and the imported drafts still to be checked (import warnings not cleared,
  or text still marked 【待核对】), each with a link.
- 退回给我的稿件: an editor's stories sent back with the reviewer's name and comment.
"""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState, WorkflowState

from newsroom.dashboard import editable_pages

SHOWN = 10


def today_start():
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


class DutyPanel(Component):
    name = "newsroom_duty"
    template_name = "newsroom/dashboard/duty.html"
    order = 40  # above the review queue (50)

    def get_context_data(self, parent_context):
        from campaign.models import NewsPage

        request = parent_context["request"]
        user = request.user
        visible = editable_pages(user)
        review_count = None
        if user.is_superuser or _may_review(user):
            review_count = TaskState.objects.reviewable_by(user).filter(status=TaskState.STATUS_IN_PROGRESS).count()
        start = today_start()
        end = start + datetime.timedelta(days=1)
        published_today = (
            visible.filter(live=True, last_published_at__gte=start, last_published_at__lt=end)
            .order_by("-last_published_at")
            .specific()
        )
        news = NewsPage.objects.filter(pk__in=visible.type(NewsPage).values("pk"))
        to_check = news.exclude(import_warnings="").order_by("-latest_revision_created_at")
        return {
            "request": request,
            "review_count": review_count,
            "published_today": list(published_today[:SHOWN]),
            "published_count": published_today.count(),
            "to_check": list(to_check[:SHOWN]),
            "to_check_count": to_check.count(),
        }


def _may_review(user):
    """Whether the user is in a group of an active approval task (the chief's role)."""
    from wagtail.models import GroupApprovalTask

    groups = user.groups.all()
    return GroupApprovalTask.objects.filter(active=True, groups__in=groups).exists()


class ReturnedStoriesPanel(Component):
    name = "newsroom_returned"
    template_name = "newsroom/dashboard/returned.html"
    order = 45

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = (
            WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=request.user)
            .select_related("current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")
        )
        stories = []
        for state in states[:SHOWN]:
            task_state = state.current_task_state
            page = state.content_object
            if page is None:
                continue
            stories.append(
                {
                    "page": page,
                    "reviewer": task_state.finished_by if task_state else None,
                    "comment": task_state.get_comment() if task_state else "",
                    "at": task_state.finished_at if task_state else None,
                }
            )
        return {"request": request, "stories": stories}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["stories"]:
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, context)
