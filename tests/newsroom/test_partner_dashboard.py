"""Admin home panels for partners: requests per day (inline SVG) and failed webhook deliveries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partner_api.models import PartnerKey, PartnerKeyUsage
from partner_sync.models import WebhookDelivery, WebhookEndpoint
from publishing.models import ChangeEvent

pytestmark = pytest.mark.django_db

USAGE_HEADING = "近 30 天各合作方每日 API 请求数"
FAILED_HEADING = "投递失败的 Webhook"


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def usage(db):
    today = timezone.localdate()
    daily, _ = PartnerKey.objects.create_key(name="昆明日报")
    evening, _ = PartnerKey.objects.create_key(name="春城晚报")
    for key, days_ago, requests in [
        (daily, 0, 137),
        (daily, 3, 42),
        (daily, 29, 8),
        (daily, 30, 9999),  # outside the window
        (evening, 1, 5),
    ]:
        PartnerKeyUsage.objects.create(key=key, day=today - datetime.timedelta(days=days_ago), requests=requests)
    return today


def chart_of(html, name):
    """The figure for one partner: its caption and SVG."""
    start = html.index(f"<strong>{name}</strong>")
    return html[start : html.index("</figure>", start)]


def test_chart_shows_real_counts_per_partner_and_day(client, administrator, usage):
    html = dashboard(client, administrator)
    assert USAGE_HEADING in html
    daily = chart_of(html, "昆明日报")
    assert daily.count("<rect") == 30
    today = usage.strftime("%Y-%m-%d")
    three_days_ago = (usage - datetime.timedelta(days=3)).strftime("%Y-%m-%d")
    assert f"<title>{today}：137 次请求</title>" in daily
    assert f"<title>{three_days_ago}：42 次请求</title>" in daily
    assert 'data-requests="8"' in daily
    assert "9999" not in daily
    assert "昆明日报：30 天共 187 次请求" in daily  # the SVG's accessible name
    assert f"最多的一天是 {today}，137 次" in daily
    # Bar heights follow the counts: 137 is the tallest bar, 42 about a third of it.
    heights = {
        int(count): float(height) for height, count in re.findall(r'height="([\d.]+)"[^>]*data-requests="(\d+)"', daily)
    }
    assert heights[137] == max(heights.values()) and heights[0] == 0
    assert heights[42] == pytest.approx(heights[137] * 42 / 137, rel=0.1)

    evening = chart_of(html, "春城晚报")
    yesterday = (usage - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    assert f"<title>{yesterday}：5 次请求</title>" in evening
    assert "30 天共 5 次请求" in evening


def test_chart_is_inline_svg_with_nothing_from_other_hosts(client, administrator, usage):
    html = dashboard(client, administrator)
    daily = chart_of(html, "昆明日报")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in daily and 'role="img"' in daily
    assert "<script" not in daily and "src=" not in daily and "href=" not in daily


def test_partner_manager_sees_the_partner_panels(client, partner_manager, usage):
    html = dashboard(client, partner_manager)
    assert USAGE_HEADING in html and "137 次请求" in html
    assert FAILED_HEADING in html


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_editors_do_not_see_partner_panels(client, role_users, role, usage):
    html = dashboard(client, role_users[role])
    assert USAGE_HEADING not in html and "昆明日报" not in html
    assert FAILED_HEADING not in html


def test_no_keys_says_so(client, administrator):
    assert "还没有合作方密钥。" in dashboard(client, administrator)


def test_failed_and_retrying_deliveries_are_listed_with_links_to_the_log(client, administrator):
    key, _ = PartnerKey.objects.create_key(name="昆明日报")
    endpoint = WebhookEndpoint.objects.create(partner_key=key, url="https://partner.example.com/hook")
    events = [
        ChangeEvent.objects.create(sequence=n, event="published", item_type="news", item_id=n) for n in range(1, 5)
    ]
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint, event=events[0], status="failed", attempts=8, last_status_code=500, last_error=""
    )
    retrying = WebhookDelivery.objects.create(
        endpoint=endpoint, event=events[1], status="pending", attempts=2, last_error="ConnectionError: refused"
    )
    fresh = WebhookDelivery.objects.create(endpoint=endpoint, event=events[2], status="pending", attempts=0)
    done = WebhookDelivery.objects.create(endpoint=endpoint, event=events[3], status="succeeded", attempts=1)

    html = dashboard(client, administrator)
    panel = html[html.index(FAILED_HEADING) :]
    panel = panel[: panel.index("</section>")] if "</section>" in panel else panel
    assert "共 2 条投递失败或正在重试。" in panel
    for delivery in (failed, retrying):
        assert reverse("wagtailsnippets_partner_sync_webhookdelivery:inspect", args=[delivery.pk]) in panel
    for delivery in (fresh, done):
        assert reverse("wagtailsnippets_partner_sync_webhookdelivery:inspect", args=[delivery.pk]) not in panel
    assert "HTTP 500" in panel and "ConnectionError: refused" in panel and "重试中" in panel
    # The delivery log gives each delivery the same label as the dashboard.
    log = client.get(reverse("wagtailsnippets_partner_sync_webhookdelivery:list")).content.decode()
    for delivery, label in ((failed, "失败（已放弃）"), (retrying, "重试中"), (fresh, "待投递"), (done, "成功")):
        assert delivery.status_label == label
        row = log[log.index(str(delivery.delivery_id)) :]
        assert label in row[: row.index("</tr>")]
    assert reverse("wagtailsnippets_partner_sync_webhookdelivery:list") + "?status=failed" in panel
    # The link leads somewhere the viewer may go.
    assert (
        client.get(reverse("wagtailsnippets_partner_sync_webhookdelivery:inspect", args=[failed.pk])).status_code == 200
    )


def test_no_failed_deliveries_says_so(client, partner_manager):
    assert "没有投递失败的 Webhook。" in dashboard(client, partner_manager)
