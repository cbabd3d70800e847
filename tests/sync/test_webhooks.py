"""Signed webhooks, delivered at least once, retried, logged and redeliverable."""

import datetime
import json
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from campaign.models import NewsPage
from partner_sync import delivery, egress, signing
from partner_sync.models import WebhookDelivery, WebhookEndpoint
from publishing import scheduler
from tests.factories import NewsPageFactory


def test_publish_unpublish_delete_each_deliver_a_signed_webhook(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news = NewsPageFactory(parent=news_index)
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        news.delete()
    events = [json.loads(body)["event"] for _headers, body in receiver.requests]
    assert events == ["published", "unpublished", "published", "deleted"]
    for headers, body in receiver.requests:
        # Standard Webhooks, checked by the library's own verifier.
        data = Webhook(endpoint.secret).verify(body, headers)
        assert headers["webhook-id"] == data["delivery_id"]
        assert data["type"] == f"item.{data['event']}"
        # The legacy headers, kept for one release.
        assert signing.verify(endpoint.secret, headers["x-zlkm-timestamp"], body, headers["x-zlkm-signature"]), (
            "signature must verify"
        )
        assert headers["x-zlkm-event"] == data["event"]
        assert headers["x-zlkm-delivery"] == data["delivery_id"]
        item = data["item"]
        assert set(item) == {"type", "id", "url", "modified_at"}
        assert (item["type"], item["id"], item["url"]) == ("news", news.pk, f"http://testserver/news/{news.slug}/")
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(body + b" ", headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "d3Jvbmc=").verify(body, headers)
    assert not signing.verify(endpoint.secret, headers["x-zlkm-timestamp"], body + b" ", headers["x-zlkm-signature"])
    assert not signing.verify("wrong", headers["x-zlkm-timestamp"], body, headers["x-zlkm-signature"])


def test_payload_is_language_neutral(news_index, endpoint, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, title="质量月新闻")
    _headers, body = receiver.requests[0]
    assert "质量" not in body.decode()


def test_failing_receiver_gets_it_on_the_third_attempt(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.codes = [500, 500, 200]
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    item = WebhookDelivery.objects.get()
    assert (item.status, item.attempts, item.last_status_code) == ("pending", 1, 500)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            delivery.queue_due(now=timezone.now() + datetime.timedelta(hours=1))
    item.refresh_from_db()
    assert (item.status, item.attempts, item.last_status_code) == ("succeeded", 3, 200)
    assert [a.status_code for a in item.attempt_log.all()] == [500, 500, 200]
    ids = {headers["webhook-id"] for headers, _ in receiver.requests}
    assert ids == {str(item.delivery_id)}
    assert len({body for _, body in receiver.requests}) == 1, "a retry sends the same bytes"


def test_backoff_spreads_eight_attempts_over_about_a_day(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    total = sum((delivery.backoff(n) for n in range(1, 8)), datetime.timedelta())
    assert datetime.timedelta(hours=12) < total < datetime.timedelta(hours=30)


def test_gives_up_after_max_attempts(news_index, endpoint, receiver, django_capture_on_commit_callbacks, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.codes = [503] * 10
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            delivery.queue_due(now=timezone.now() + datetime.timedelta(days=2))
    item = WebhookDelivery.objects.get()
    assert (item.status, item.attempts) == ("failed", 3)


def test_worker_killed_mid_delivery_delivers_after_restart_with_same_id(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks
):
    # The task never ran (the worker died after claiming it): nothing was sent.
    with mock.patch.object(delivery, "enqueue"):
        NewsPageFactory(parent=news_index)
    item = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now() + delivery.LEASE)
    assert receiver.requests == []
    # Before the lease runs out nothing is re-sent; after it, the sweeper does it.
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.queue_due() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.queue_due(now=timezone.now() + delivery.LEASE * 2) == 1
    assert [h["x-zlkm-delivery"] for h, _ in receiver.requests] == [str(item.delivery_id)]


def test_revoked_key_and_inactive_endpoint_get_nothing(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks, partner_key
):
    partner_key.revoked = True
    partner_key.save()
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    assert receiver.requests == []


def test_event_filter(news_index, endpoint, receiver, django_capture_on_commit_callbacks):
    endpoint.events = ["unpublished", "deleted", "expired"]
    endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        news = NewsPageFactory(parent=news_index)
        news.unpublish()
    assert [json.loads(b)["event"] for _, b in receiver.requests] == ["unpublished"]


def test_hidden_pages_never_trigger_webhooks(news_index, endpoint, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, unpublished=True)
        NewsPageFactory(parent=news_index, scheduled=True)
        NewsPageFactory(parent=news_index, expired=True)
    assert receiver.requests == []


def test_scheduled_item_goes_live_and_notifies_without_cron(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=news_index, scheduled=True)
    assert not NewsPage.objects.get(pk=news.pk).live
    # The scheduled time passes; the worker's scheduler tick publishes it.
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision = news.latest_revision
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.tick()
    assert NewsPage.objects.get(pk=news.pk).live
    assert [json.loads(b)["event"] for _, b in receiver.requests] == ["published"]


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://127.0.0.1:9/hook",
        "http://[::1]/hook",
        "http://localhost/hook",
        "ftp://example.com/hook",
        "http://0.0.0.0/hook",
    ],
)
@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
def test_ssrf_guard_refuses_internal_addresses(url):
    with pytest.raises(ValidationError):
        egress.check_url(url)


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
def test_ssrf_guard_at_delivery_time(news_index, partner_key, receiver, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(partner_key=partner_key, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    item = WebhookDelivery.objects.get()
    assert receiver.requests == []
    assert item.last_error == egress.REFUSED


def test_cli_add_list_remove(partner_key, receiver, capsys):
    call_command("partner_webhook", "add", "昆明日报", receiver.url, "--events", "published", "deleted")
    out = capsys.readouterr().out.strip().splitlines()
    endpoint = WebhookEndpoint.objects.get()
    assert out[-1] == endpoint.secret
    assert endpoint.events == ["published", "deleted"]
    call_command("partner_webhook", "list")
    assert receiver.url in capsys.readouterr().out
    call_command("partner_webhook", "remove", str(endpoint.pk))
    assert not WebhookEndpoint.objects.exists()


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
def test_cli_refuses_internal_url(partner_key):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="内网、本机"):
        call_command("partner_webhook", "add", "昆明日报", "http://127.0.0.1/hook")


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
def test_admin_form_refuses_internal_url_with_a_form_error(admin_client, partner_key):
    url = reverse("wagtailsnippets_partner_sync_webhookendpoint:add")
    response = admin_client.post(url, {"partner_key": partner_key.pk, "url": "http://10.1.2.3/x", "is_active": "on"})
    assert response.status_code == 200
    assert egress.REFUSED in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_admin_delivery_log_and_redeliver(
    admin_client, news_index, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.codes = [500]
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index)
    item = WebhookDelivery.objects.get()
    listing = admin_client.get(reverse("wagtailsnippets_partner_sync_webhookdelivery:list"))
    assert listing.status_code == 200
    assert str(item.delivery_id) in listing.content.decode()
    redeliver_url = reverse("partner_sync_redeliver", args=(item.pk,))
    assert admin_client.get(redeliver_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(redeliver_url)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.attempts) == ("succeeded", 2)


def test_partner_manager_manages_keys_and_webhooks_but_not_pages(client, demo, django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import EDITOR, PARTNER_MANAGER

    manager = django_user_model.objects.create_user("partners", password="pw")
    manager.groups.add(Group.objects.get(name=PARTNER_MANAGER))
    client.force_login(manager)
    assert client.get(reverse("wagtailsnippets_partner_sync_webhookendpoint:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_partner_sync_webhookdelivery:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_partner_api_partnerkey:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_partner_sync_webhookendpoint:add")).status_code == 200
    explore = client.get(reverse("wagtailadmin_explore_root"))
    assert explore.status_code in (302, 403)

    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_partner_sync_webhookendpoint:list"))
    assert response.status_code in (302, 403)
