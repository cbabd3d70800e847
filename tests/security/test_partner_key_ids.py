"""A partner key's hash (and the library's "prefix.hash" primary key) never reaches admin HTML or URLs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partner_api.models import PartnerKey, PartnerKeyUsage
from partner_sync.models import WebhookEndpoint


@pytest.mark.django_db
def test_key_hash_is_not_in_admin_pages_or_urls(admin_client, home):
    response = admin_client.post(
        "/admin/snippets/partner_api/partnerkey/add/", {"name": "昆明日报", "rate_per_minute": 100}
    )
    assert response.status_code == 200  # the page showing the new key once
    key = PartnerKey.objects.get(name="昆明日报")
    assert key.hashed_key not in response.content.decode()
    WebhookEndpoint.objects.create(partner_key=key, url="https://hooks.example.com/zlkm")
    assert key.hashed_key not in key.pk and key.prefix not in key.pk
    pages = [
        "/admin/snippets/partner_api/partnerkey/",
        f"/admin/snippets/partner_api/partnerkey/edit/{key.pk}/",
        "/admin/snippets/partner_sync/webhookendpoint/",
        "/admin/snippets/partner_sync/webhookendpoint/add/",
        "/admin/",
    ]
    for url in pages:
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert key.hashed_key not in body, url
        assert f"{key.prefix}.{key.hashed_key}" not in body, url
        for hop, _ in response.redirect_chain:
            assert key.hashed_key not in hop


@pytest.mark.django_db
def test_the_key_still_authenticates(client, home):
    key, token = PartnerKey.objects.create_key(name="昆明日报")
    assert "." not in key.pk
    assert client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {token}").status_code == 200
    assert client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {token}x").status_code in (401, 403)


# serialized_rollback: the flush after a transactional test otherwise recreates content types with new
# ids, and the serialized-rollback tests that follow (tests/site, tests/sync) cannot restore theirs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_keys_get_opaque_ids_and_keep_their_usage_and_webhooks():
    executor = MigrationExecutor(connection)
    before = [("partner_api", "0002_previewtoken")]
    before += [node for node in executor.loader.graph.leaf_nodes() if node[0] == "partner_sync"]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldKey = apps.get_model("partner_api", "PartnerKey")
    OldUsage = apps.get_model("partner_api", "PartnerKeyUsage")
    OldEndpoint = apps.get_model("partner_sync", "WebhookEndpoint")
    old = OldKey.objects.create(id="Abcd1234.pbkdf2hash", prefix="Abcd1234", hashed_key="pbkdf2hash", name="旧密钥")
    OldUsage.objects.create(key=old, day="2026-09-01", requests=7)
    OldEndpoint.objects.create(partner_key=old, url="https://hooks.example.com/old")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    key = PartnerKey.objects.get(prefix="Abcd1234")
    assert "." not in key.pk and "pbkdf2hash" not in key.pk
    assert key.hashed_key == "pbkdf2hash"
    assert PartnerKeyUsage.objects.get(key=key).requests == 7
    assert WebhookEndpoint.objects.get(partner_key=key).url == "https://hooks.example.com/old"
    assert PartnerKey.objects.count() == 1
