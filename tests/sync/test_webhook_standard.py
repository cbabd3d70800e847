"""Webhooks to a standard (#13): Standard Webhooks signatures, secret rotation, the test event,
payload contents, and no deliveries for revoked or expired partner keys (#14 Low 11)."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from partner_sync import delivery
from partner_sync.models import WebhookDelivery, WebhookEndpoint
from tests.factories import NewsPageFactory


def publish(news_index, capture, **kwargs):
    with capture(execute=True):
        return NewsPageFactory(parent=news_index, **kwargs)


def test_new_secrets_are_standard_webhooks_secrets(endpoint):
    assert endpoint.secret.startswith("whsec_")
    Webhook(endpoint.secret)  # the library accepts it as it is handed to the partner
    assert endpoint.secret != WebhookEndpoint.objects.create(partner_key=endpoint.partner_key, url=endpoint.url).secret


def test_payload_carries_type_id_url_and_modified_at(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks, client
):
    news = publish(news_index, django_capture_on_commit_callbacks)
    headers, body = receiver.requests[0]
    data = Webhook(endpoint.secret).verify(body, headers)
    news.refresh_from_db()
    assert data["type"] == "item.published"
    assert data["item"]["type"] == "news"
    assert data["item"]["id"] == news.pk
    assert data["item"]["url"] == f"http://testserver/news/{news.slug}/"
    # The item's modified_at, as the API shows it.
    api = client.get(f"/api/v1/news/{news.pk}/").json()
    assert datetime.datetime.fromisoformat(data["item"]["modified_at"]) == datetime.datetime.fromisoformat(
        api["modified_at"]
    )
    assert "body" not in data["item"]
    assert headers["content-type"] == "application/json; charset=utf-8"


def test_full_body_only_behind_the_setting_and_only_what_the_api_shows(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks, settings, client
):
    settings.WEBHOOK_INCLUDE_BODY = True
    news = publish(news_index, django_capture_on_commit_callbacks, title="质量月开幕")
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    published, unpublished = (json.loads(body) for _h, body in receiver.requests)
    assert published["item"]["body"]["title"] == "质量月开幕"
    news.save_revision().publish()
    live = client.get(f"/api/v1/news/{news.pk}/").json()
    for shape in (published["item"]["body"], live):
        shape.pop("last_published_at")  # republished just now
        shape.pop("modified_at")
    assert published["item"]["body"] == live
    assert unpublished["event"] == "unpublished"
    assert unpublished["item"]["body"] is None


def test_rotation_signs_with_both_secrets_until_the_old_one_expires(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks, admin_client
):
    old = endpoint.secret
    rotate_url = reverse("partner_sync_rotate_secret", args=(endpoint.pk,))
    page = admin_client.get(rotate_url)
    assert page.status_code == 200 and "轮换签名密钥" in page.content.decode()
    response = admin_client.post(rotate_url, follow=True)
    endpoint.refresh_from_db()
    new = endpoint.secret
    assert new != old and endpoint.previous_secret == old
    assert new in response.content.decode(), "the new secret is shown once, to hand to the partner"

    publish(news_index, django_capture_on_commit_callbacks)
    headers, body = receiver.requests[-1]
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(body, headers)  # a partner that has not switched yet
    Webhook(new).verify(body, headers)  # a partner that already has

    endpoint.previous_secret_expires_at = timezone.now() - datetime.timedelta(seconds=1)
    endpoint.save()
    publish(news_index, django_capture_on_commit_callbacks)
    headers, body = receiver.requests[-1]
    Webhook(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)


def test_rollover_period_is_the_setting(endpoint, settings):
    settings.WEBHOOK_SECRET_ROLLOVER_HOURS = 24
    before = timezone.now()
    endpoint.rotate_secret()
    assert (
        before + datetime.timedelta(hours=24)
        <= endpoint.previous_secret_expires_at
        <= timezone.now() + datetime.timedelta(hours=24)
    )


def test_send_a_test_event_from_the_admin(admin_client, endpoint, receiver):
    listing = admin_client.get(reverse("wagtailsnippets_partner_sync_webhookendpoint:list")).content.decode()
    assert "发送测试事件" in listing and "轮换签名密钥" in listing
    url = reverse("partner_sync_send_test", args=(endpoint.pk,))
    assert "webhook.test" in admin_client.get(url).content.decode()
    response = admin_client.post(url, follow=True)
    assert "测试事件已送达（HTTP 200）" in response.content.decode()
    ((headers, body),) = receiver.requests
    data = Webhook(endpoint.secret).verify(body, headers)
    assert (data["type"], data["item"]) == ("webhook.test", None)
    item = WebhookDelivery.objects.get()
    assert item.is_test and item.status == "succeeded" and headers["webhook-id"] == str(item.delivery_id)


def test_a_failing_test_event_says_why_and_is_not_retried(admin_client, endpoint, receiver):
    receiver.codes = [500]
    response = admin_client.post(reverse("partner_sync_send_test", args=(endpoint.pk,)), follow=True)
    assert "测试事件投递失败：HTTP 500" in response.content.decode()
    item = WebhookDelivery.objects.get()
    assert (item.status, item.attempts) == ("failed", 1)
    assert delivery.queue_due(now=timezone.now() + datetime.timedelta(days=1)) == 0


def test_test_event_needs_permission_to_change_webhooks(client, django_user_model, endpoint, receiver):
    user = django_user_model.objects.create_user("nobody", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for name in ("partner_sync_send_test", "partner_sync_rotate_secret"):
        response = client.post(reverse(name, args=(endpoint.pk,)))
        assert response.status_code == 302
    assert receiver.requests == []
    old = endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.secret == old


@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_no_webhooks_for_a_revoked_or_expired_key(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks, partner_key, state
):
    if state == "revoked":
        partner_key.revoked = True
    else:
        partner_key.expiry_date = timezone.now() - datetime.timedelta(minutes=1)
    partner_key.save()
    publish(news_index, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_key_that_expires_while_a_retry_waits_gets_nothing_more(
    news_index, endpoint, receiver, django_capture_on_commit_callbacks, partner_key
):
    receiver.codes = [500]
    publish(news_index, django_capture_on_commit_callbacks)
    partner_key.expiry_date = timezone.now() - datetime.timedelta(seconds=1)
    partner_key.save()
    with django_capture_on_commit_callbacks(execute=True):
        delivery.queue_due(now=timezone.now() + datetime.timedelta(hours=1))
    assert len(receiver.requests) == 1
    item = WebhookDelivery.objects.get()
    assert (item.status, item.last_error) == ("failed", delivery.KEY_INVALID)


def test_cli_rotate_and_test(endpoint, receiver, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    old = endpoint.secret
    call_command("partner_webhook", "rotate", str(endpoint.pk))
    new = capsys.readouterr().out.strip().splitlines()[-1]
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.previous_secret) == (new, old)
    call_command("partner_webhook", "test", str(endpoint.pk))
    assert "测试事件已送达（HTTP 200）" in capsys.readouterr().out
    ((headers, body),) = receiver.requests
    assert Webhook(old).verify(body, headers)["type"] == Webhook(new).verify(body, headers)["type"] == "webhook.test"
    receiver.codes = [503]
    with pytest.raises(CommandError, match="HTTP 503"):
        call_command("partner_webhook", "test", str(endpoint.pk))
