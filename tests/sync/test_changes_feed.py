"""GET /api/v1/changes/: snapshot, then ordered events with tombstones."""

import threading

import pytest
from django.db import connection

from publishing.models import ChangeEvent, ContentVersion
from tests.factories import NewsPageFactory

URL = "/api/v1/changes/"


def follow(client, url):
    """Page through the feed like a partner; return (changes, final cursor)."""
    changes = []
    while True:
        page = client.get(url).json()
        changes += page["results"]
        if page["mode"] == "changes" and not page["results"]:
            return changes, page["cursor"]
        url = page["next"].replace("http://testserver", "")


def test_snapshot_lists_public_items_then_hands_over_a_cursor(client, demo):
    changes, cursor = follow(client, URL + "?limit=5")
    types = [c["type"] for c in changes]
    assert types.count("activity") == 6
    assert types.count("news") == 1
    assert types.count("officer") == 3
    assert types.count("campaign") == 1
    assert types.count("organisation") == 6
    news = next(c for c in changes if c["type"] == "news")
    assert news["url"] == "http://testserver/news/2022-quality-month-launch/"
    assert cursor == ContentVersion.objects.get().version


def test_events_after_cursor_include_tombstones(client, news_index):
    first = NewsPageFactory(parent=news_index)
    cursor = client.get(URL).json()["cursor"]
    second = NewsPageFactory(parent=news_index)
    first.unpublish()
    body = client.get(f"{URL}?since={cursor}").json()
    assert body["mode"] == "changes"
    assert [(c["event"], c["id"]) for c in body["results"]] == [("published", second.pk), ("unpublished", first.pk)]
    tombstone = body["results"][1]
    assert set(tombstone) == {"cursor", "event", "type", "id", "url", "occurred_at", "removed"}
    assert tombstone["removed"] is True
    assert tombstone["url"] == f"http://testserver/news/{first.slug}/"
    empty = client.get(body["next"].replace("http://testserver", "")).json()
    assert empty["results"] == [] and empty["cursor"] == body["cursor"]


def test_hidden_items_are_never_in_the_feed(client, news_index):
    cursor = client.get(URL).json()["cursor"]
    hidden = [
        NewsPageFactory(parent=news_index, unpublished=True),
        NewsPageFactory(parent=news_index, scheduled=True),
        NewsPageFactory(parent=news_index, expired=True),
    ]
    private = NewsPageFactory(parent=news_index, private=True)
    snapshot, _ = follow(client, URL)
    ids = {c["id"] for c in snapshot if c["type"] == "news"}
    assert not ids & {p.pk for p in [*hidden, private]}
    events = client.get(f"{URL}?since={cursor}").json()["results"]
    # The private page was public for an instant in the factory: only a tombstone follows.
    assert all(e["id"] == private.pk for e in events)
    assert events[-1]["event"] == "unpublished"


@pytest.mark.parametrize(
    "query", ["since=abc", "since=-1", "limit=0", "limit=5000", "after=x", "after=news:x", "offset=3", "foo=1"]
)
def test_bad_parameters_get_a_400_naming_them(client, db, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_stale_cursor_gets_410(client, news_index):
    NewsPageFactory(parent=news_index)
    ContentVersion.objects.update(compacted_through=5)
    response = client.get(f"{URL}?since=2")
    assert response.status_code == 410
    assert "重新全量同步" in response.json()["detail"]


def test_etag_and_304(client, news_index):
    response = client.get(URL)
    again = client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    NewsPageFactory(parent=news_index)
    assert client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_event_missed_under_concurrent_publishing(client, home):
    from partner_api.models import PartnerKey
    from tests.factories import NewsIndexPageFactory

    index = NewsIndexPageFactory(parent=home)
    _key, plain = PartnerKey.objects.create_key(name="reader", rate_per_minute=1_000_000)
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {plain}"}
    cursor = client.get(URL).json()["cursor"]
    seen, errors, done = [], [], threading.Event()

    def publisher():
        try:
            for _ in range(5):
                NewsPageFactory(parent=index)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    def reader():
        nonlocal cursor
        from django.test import Client

        reader_client = Client()
        while True:
            finished = done.is_set()
            body = reader_client.get(f"{URL}?since={cursor}", **auth).json()
            seen.extend(c["cursor"] for c in body["results"])
            cursor = body["cursor"]
            if finished and not body["results"]:
                break
        connection.close()

    threads = [threading.Thread(target=publisher) for _ in range(3)]
    reading = threading.Thread(target=reader)
    reading.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reading.join(timeout=60)
    assert not errors
    recorded = list(ChangeEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    news_events = list(
        ChangeEvent.objects.filter(item_type="news").order_by("sequence").values_list("sequence", flat=True)
    )
    assert len(news_events) == 15
    # Every event after the starting cursor was seen, once, in order.
    assert seen == [s for s in recorded if s in set(seen) | set(news_events)]
    assert set(news_events) <= set(seen)
