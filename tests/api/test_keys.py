"""Partner keys: command line, admin, revocation, per-key rates and usage."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partner_api.models import PartnerKey


def create_key(name="昆明日报", *args):
    out = io.StringIO()
    call_command("partner_key", "create", name, *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.mark.django_db
def test_create_request_revoke_then_401(client, home):
    key = create_key()
    stored = PartnerKey.objects.get(name="昆明日报")
    assert key not in stored.hashed_key and key.startswith(stored.prefix + ".")
    assert client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 200
    out = io.StringIO()
    call_command("partner_key", "revoke", "昆明日报", stdout=out)
    response = client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 401


@pytest.mark.django_db
def test_records_last_used_and_daily_counts(client, home):
    key = create_key()
    for _ in range(3):
        client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    stored = PartnerKey.objects.get()
    assert stored.last_used_at is not None
    assert stored.requests_today() == 3
    out = io.StringIO()
    call_command("partner_key", "list", stdout=out)
    assert "昆明日报" in out.getvalue() and "\t3" in out.getvalue()


@pytest.mark.django_db
def test_each_key_has_its_own_rate(client, home):
    key = create_key("小应用", "--rate", "2")
    for _ in range(2):
        assert client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 200
    limited = client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert limited.status_code == 429 and limited["Retry-After"]
    assert client.get("/api/v1/news/").status_code == 200  # anonymous budget is separate
    assert PartnerKey.objects.get().rate_per_minute == 2


@pytest.mark.django_db
def test_default_key_rate_is_1000(home):
    create_key()
    assert PartnerKey.objects.get().rate_per_minute == 1000


@pytest.mark.django_db
def test_revoke_unknown_name_is_an_error(home):
    with pytest.raises(CommandError):
        call_command("partner_key", "revoke", "没有这个")


@pytest.mark.django_db
def test_admin_creates_key_shown_once_and_lists_keys(admin_client, home):
    listing = admin_client.get("/admin/snippets/partner_api/partnerkey/")
    assert listing.status_code == 200
    response = admin_client.post(
        "/admin/snippets/partner_api/partnerkey/add/",
        {"name": "昆报头条", "contact": "", "rate_per_minute": 500, "expiry_date": ""},
    )
    # Shown once, on its own page with a copy button, never in a message or a redirect.
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    stored = PartnerKey.objects.get(name="昆报头条")
    html = response.content.decode()
    assert "复制密钥" in html
    key = re.search(r'id="partner-key-value" value="([^"]+)"', html).group(1)
    assert key.startswith(stored.prefix)
    assert PartnerKey.objects.get_from_key(key) == stored
    assert stored.rate_per_minute == 500
