"""Periodic work of the campaign app, run by the publishing scheduler."""

import datetime

from publishing import events
from publishing.scheduler import periodic
from publishing.visibility import public_pages


@periodic
def announce_activity_status():
    """An activity's ``status`` follows today's date in Asia/Shanghai: announce the days it changes.

    Only activities starting today or having ended yesterday can have changed;
    each is synced (one ``updated`` the first time its JSON differs, nothing on
    later ticks).
    """
    from campaign.models import ActivityPage
    from campaign.models.activity import today_in_shanghai

    today = today_in_shanghai()
    yesterday = today - datetime.timedelta(days=1)
    changing = public_pages(
        ActivityPage.objects.filter(start_date=today) | ActivityPage.objects.filter(end_date=yesterday)
    )
    for pk in changing.values_list("pk", flat=True):
        events.sync_item(ActivityPage.partner_item_type, pk)
