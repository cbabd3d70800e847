"""Panels on the admin home: the week's schedule and each activity's status."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

WINDOW = datetime.timedelta(days=7)


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


class ListingPanel(Component):
    """A panel holding one admin listing: its template extends newsroom/dashboard/listing_panel.html.

    ``rows(request)`` returns the template's context; the panel shows the table when any of the
    ``row_lists`` in it is non-empty, and the template's ``empty`` block otherwise.
    """

    heading = ""
    columns = ()
    row_lists = ()

    def rows(self, request):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = self.rows(request)
        return {
            **context,
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "columns": self.columns,
            "has_rows": any(context[name] for name in self.row_lists),
            "request": request,
        }


class ScheduledPanel(ListingPanel):
    """What goes live or expires in the next seven days."""

    name = "newsroom_scheduled"
    template_name = "newsroom/dashboard/scheduled.html"
    order = 100
    heading = _("Going live or expiring in the next 7 days")
    columns = (_("Time (Beijing)"), _("Event"), _("Page"), _("Scheduled by"))
    row_lists = ("going_live", "expiring")

    def rows(self, request):
        now = timezone.now()
        until = now + WINDOW
        visible = editable_pages(request.user)
        page_type = ContentType.objects.get_for_model(Page)

        going_live = []
        revisions = (
            Revision.objects.filter(
                base_content_type=page_type,
                approved_go_live_at__gte=now,
                approved_go_live_at__lt=until,
            )
            .order_by("approved_go_live_at")
            .select_related("user")
        )
        pages = {str(page.pk): page for page in visible.filter(pk__in=[int(r.object_id) for r in revisions]).specific()}
        for revision in revisions:
            page = pages.get(revision.object_id)
            if page is not None:
                going_live.append({"page": page, "at": revision.approved_go_live_at, "user": revision.user})

        expiring = [
            {"page": page, "at": page.expire_at}
            for page in visible.filter(live=True, expire_at__gte=now, expire_at__lt=until)
            .order_by("expire_at")
            .specific()
        ]
        return {"going_live": going_live, "expiring": expiring}


class ActivityStatusPanel(ListingPanel):
    """Every activity of every campaign, with its status today and whether it is live."""

    name = "newsroom_activities"
    template_name = "newsroom/dashboard/activities.html"
    order = 150
    heading = _("Activities")
    columns = (_("Activity"), _("Dates"), _("Progress"), _("Publication"))
    row_lists = ("activities",)

    def rows(self, request):
        from campaign.models import ActivityPage

        activities = ActivityPage.objects.filter(
            pk__in=editable_pages(request.user).type(ActivityPage).values("pk")
        ).order_by("-path")
        # Newest campaign first, then by activity number.
        ordered = sorted(activities, key=lambda a: (a.path[:-4], a.number))
        ordered.sort(key=lambda a: a.path[:-4], reverse=True)
        return {"activities": ordered}


USAGE_DAYS = 30
MAX_PARTNERS = 20
FAILED_DELIVERIES_SHOWN = 10

# Geometry of each partner's bar chart, in SVG user units.
CHART_WIDTH = 600
CHART_HEIGHT = 120
CHART_TOP = 16
CHART_BOTTOM = 20
CHART_LEFT = 40


def nice_ceiling(value):
    """The smallest 1/2/5 × 10^n at or above ``value``, for a readable top grid line."""
    value = max(int(value), 1)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def usage_chart(name, days, counts):
    """Bars for one partner: one per day, each with its date and count for tooltips and screen readers."""
    top = nice_ceiling(max(counts, default=0))
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    plot_width = CHART_WIDTH - CHART_LEFT
    slot = plot_width / len(days)
    bars = []
    for index, (day, count) in enumerate(zip(days, counts, strict=True)):
        height = round(plot_height * count / top, 1)
        bars.append(
            {
                "day": day,
                "count": count,
                "x": round(CHART_LEFT + index * slot + slot * 0.15, 1),
                "y": round(CHART_TOP + plot_height - height, 1),
                "width": round(slot * 0.7, 1),
                "height": height,
            }
        )
    busiest = max(bars, key=lambda bar: bar["count"]) if any(counts) else None
    return {
        "name": name,
        "bars": bars,
        "total": sum(counts),
        "busiest": busiest,
        "top": top,
        "top_y": CHART_TOP,
        "base_y": CHART_TOP + plot_height,
        "label_y": CHART_HEIGHT - 4,
        "first_day": days[0],
        "last_day": days[-1],
        "last_x": CHART_WIDTH,
    }


class PartnerUsagePanel(Component):
    """Requests per day for each partner key over the last 30 days (Beijing dates), as inline SVG."""

    name = "newsroom_partner_usage"
    template_name = "newsroom/dashboard/partner_usage.html"
    order = 200

    def __init__(self, today=None):
        self.today = today

    def get_context_data(self, parent_context):
        from django.db.models import Q

        from partner_api.models import PartnerKey, PartnerKeyUsage

        today = self.today or timezone.localdate()
        days = [today - datetime.timedelta(days=offset) for offset in range(USAGE_DAYS - 1, -1, -1)]
        usage = PartnerKeyUsage.objects.filter(day__gte=days[0], day__lte=today)
        counts = {}
        for key_id, day, requests in usage.values_list("key_id", "day", "requests"):
            counts[(key_id, day)] = requests
        active_ids = {key_id for key_id, _ in counts}
        keys = PartnerKey.objects.filter(Q(revoked=False) | Q(pk__in=active_ids)).order_by("name", "pk")[:MAX_PARTNERS]
        charts = []
        for key in keys:
            chart = usage_chart(key.name, days, [counts.get((key.pk, day), 0) for day in days])
            chart["revoked"] = key.revoked
            charts.append(chart)
        return {
            "charts": charts,
            "first": days[0],
            "last": days[-1],
            "width": CHART_WIDTH,
            "height": CHART_HEIGHT,
            "left": CHART_LEFT,
            "request": parent_context["request"],
        }


class FailedDeliveriesPanel(ListingPanel):
    """Webhook deliveries that gave up, or are being retried after a failed attempt."""

    name = "newsroom_failed_deliveries"
    template_name = "newsroom/dashboard/failed_deliveries.html"
    order = 210
    heading = _("Failed webhook deliveries")
    columns = (_("Created (Beijing)"), _("Partner"), _("Event"), _("Status"), _("Attempts"), _("Last error"))
    row_lists = ("deliveries",)

    def rows(self, request):
        from django.db.models import Q

        from partner_sync.models import WebhookDelivery

        failing = WebhookDelivery.objects.filter(
            Q(status=WebhookDelivery.Status.FAILED) | Q(status=WebhookDelivery.Status.PENDING, attempts__gte=1),
            is_test=False,
        )
        return {
            "deliveries": failing.select_related("endpoint__partner_key", "event").order_by("-created_at", "-pk")[
                :FAILED_DELIVERIES_SHOWN
            ],
            "total": failing.count(),
        }
