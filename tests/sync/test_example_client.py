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
    from partner_sync.models import new_secret

    example = load_client()
    secret, previous, other = new_secret(), new_secret(), new_secret()
    body = b'{"event":"published"}'
    headers = signing.headers("4b1d0c0e-5e8a-4f59-9d51-1c0e2a6b7f10", "published", body, [secret])
    assert example.verify(secret, headers, body) == {"event": "published"}
    assert example.verify(other, headers, body) is None
    assert example.verify(secret, headers, body + b"x") is None
    stale = signing.headers("4b1d0c0e-5e8a-4f59-9d51-1c0e2a6b7f10", "published", body, [secret], now=1000)
    assert example.verify(secret, stale, body) is None
    # During a secret roll-over either secret verifies.
    rolling = signing.headers("4b1d0c0e-5e8a-4f59-9d51-1c0e2a6b7f10", "published", body, [secret, previous])
    assert example.verify(previous, rolling, body) == example.verify(secret, rolling, body) == {"event": "published"}
