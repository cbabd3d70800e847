"""The example partner client we hand to Kunming Daily, run against a live server."""

import importlib.util
import pathlib

import pytest
from django.conf import settings

from campaign.models import NewsPage
from partner_sync import signing

CLIENT_PATH = pathlib.Path(settings.BASE_DIR) / "examples" / "partner_sync.py"


def load_client():
    spec = importlib.util.spec_from_file_location("partner_sync_example", CLIENT_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_client_syncs_then_drops_an_unpublished_item(live_server, settings, tmp_path):
    from django.core.management import call_command

    call_command("load_initial_data", verbosity=0)
    settings.BASE_URL = live_server.url
    example = load_client()
    client = example.PartnerSync(live_server.url, store=tmp_path / "news.json", types=["news"])
    client.sync()
    news = NewsPage.objects.get()
    assert list(client.items) == [f"news:{news.pk}"]
    assert client.items[f"news:{news.pk}"]["title"] == news.title

    # Something the item embeds changes: the copy follows.
    campaign = news.campaign
    campaign.title = "2022年质量月（更名）"
    campaign.save_revision().publish()
    client = example.PartnerSync(live_server.url, store=tmp_path / "news.json", types=["news"])  # a later run
    client.sync()
    assert client.items[f"news:{news.pk}"]["campaign"]["title"] == "2022年质量月（更名）"

    news.unpublish()
    client = example.PartnerSync(live_server.url, store=tmp_path / "news.json", types=["news"])
    client.sync()
    assert client.items == {}


@pytest.mark.django_db(transaction=True)
def test_client_keeps_every_type(live_server, settings, tmp_path):
    from django.core.management import call_command

    call_command("load_initial_data", verbosity=0)
    settings.BASE_URL = live_server.url
    client = load_client().PartnerSync(live_server.url, store=tmp_path / "items.json")
    client.sync()
    kinds = {key.split(":")[0] for key in client.items}
    assert kinds == {"campaign", "activity", "officer", "news", "organisation"}


def test_client_verifies_signatures():
    example = load_client()
    import time

    body = b'{"event":"published"}'
    timestamp = str(int(time.time()))
    headers = {"X-ZLKM-Timestamp": timestamp, "X-ZLKM-Signature": signing.sign("s3cret", timestamp, body)}
    assert example.verify("s3cret", headers, body)
    assert not example.verify("other", headers, body)
    assert not example.verify("s3cret", headers, body + b"x")
    stale = {"X-ZLKM-Timestamp": "1000", "X-ZLKM-Signature": signing.sign("s3cret", "1000", body)}
    assert not example.verify("s3cret", stale, body)
