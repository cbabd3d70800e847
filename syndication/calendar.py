"""An iCalendar (RFC 5545) feed of the public activities.

Each activity is an all-day event in Asia/Shanghai time from 00:00 on its first day
to 00:00 after its last day, so readers elsewhere see the Beijing-time period.
UIDs derive from the page id and never change; SEQUENCE counts the page's
publications after the first and LAST-MODIFIED is its last publication, so
calendar clients pick up every change.

Each timed session of an activity (ActivitySession) is its own event with
TZID=Asia/Shanghai and a UID from the activity and session ids.
"""

import datetime
import zoneinfo

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText
from wagtail.models import PageLogEntry

from campaign.models import ActivityPage
from cms.absolute_urls import origin_parts, page_url
from publishing.visibility import public_pages

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PRODID = "-//质量昆明//Quality Month activities//ZH"


def uid_domain():
    return origin_parts()[1]


def activities(campaign=None):
    publications = (
        PageLogEntry.objects.filter(page=OuterRef("pk"), action="wagtail.publish")
        .values("page")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = public_pages(ActivityPage.objects.all())
    if campaign is not None:
        queryset = queryset.child_of(campaign)
    return (
        queryset.prefetch_related("sessions")
        .annotate(publications=Coalesce(Subquery(publications, output_field=IntegerField()), 0))
        .order_by("start_date", "number", "pk")
    )


def build_calendar(items, name="质量昆明 · 活动日历"):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    calendar.add("x-published-ttl", "PT1H")
    for activity in items:
        calendar.add_component(activity_event(activity))
        for session in activity.sessions.all():
            calendar.add_component(session_event(activity, session))
    calendar.add_missing_timezones()
    return calendar


def activity_event(activity):
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{uid_domain()}")
    changed = activity.last_published_at or activity.first_published_at or timezone.now()
    event.add("dtstamp", changed.astimezone(datetime.UTC))
    event.add("last-modified", changed.astimezone(datetime.UTC))
    if activity.first_published_at:
        event.add("created", activity.first_published_at.astimezone(datetime.UTC))
    event.add("sequence", max(getattr(activity, "publications", 1) - 1, 0))
    event.add("summary", activity.title)
    # Dates without times are all-day events (VALUE=DATE); DTEND is the day after the last one.
    event.add("dtstart", activity.start_date)
    event.add("dtend", activity.end_date + datetime.timedelta(days=1))
    url = page_url(activity)
    event.add("url", url)
    lines = [activity.summary]
    if activity.contact_phone:
        lines.append(f"咨询热线：{activity.contact_phone}")
    if activity.contact_email:
        lines.append(f"联系邮箱：{activity.contact_email}")
    lines.append(url)
    event.add("description", "\n".join(line for line in lines if line))
    places = [block.value["name"] for block in activity.locations]
    if places:
        event.add("location", "、".join(places))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["质量月"])
    if activity.contact_email:
        organizer = vCalAddress(f"mailto:{activity.contact_email}")
        organizer.params["cn"] = vText("质量昆明")
        event.add("organizer", organizer)
    return event


def session_event(activity, session):
    """One timed session: DTSTART/DTEND in Asia/Shanghai (TZID), stable UID, versioned with its activity."""
    event = Event()
    event.add("uid", f"activity-{activity.pk}-session-{session.pk}@{uid_domain()}")
    changed = activity.last_published_at or activity.first_published_at or timezone.now()
    event.add("dtstamp", changed.astimezone(datetime.UTC))
    event.add("last-modified", changed.astimezone(datetime.UTC))
    event.add("sequence", max(getattr(activity, "publications", 1) - 1, 0))
    event.add("summary", f"{activity.title}：{session.title}")
    event.add("dtstart", session.start.astimezone(SHANGHAI))
    event.add("dtend", session.end.astimezone(SHANGHAI))
    url = page_url(activity)
    event.add("url", url)
    event.add("description", "\n".join(line for line in (activity.summary, url) if line))
    place = session.location or "、".join(block.value["name"] for block in activity.locations)
    if place:
        event.add("location", place)
    event.add("status", "CONFIRMED")
    event.add("categories", ["质量月"])
    event.add("related-to", f"activity-{activity.pk}@{uid_domain()}")
    return event
