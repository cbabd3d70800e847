"""Bad sync parameters get a 400 problem+json naming them; a cursor past retention still gets a 410."""

import pytest
from django.core.cache import cache

from publishing.models import ContentVersion
from tests.factories import NewsPageFactory

LISTS = ["campaigns", "activities", "officers", "news", "organisations", "documents"]


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Many anonymous requests in a row: start each test with empty rate-limit counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("endpoint", LISTS)
@pytest.mark.parametrize("value", ["", "  ", "yesterday", "2022-13-45", "2022-09-01T25:00"])
def test_bad_updated_since_is_a_400_on_every_list(client, db, endpoint, value):
    response = client.get(f"/api/v1/{endpoint}/", {"updated_since": value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "updated_since" in response.json()["errors"]


@pytest.mark.parametrize("endpoint", LISTS)
def test_good_updated_since_is_accepted_on_every_list(client, db, endpoint):
    response = client.get(f"/api/v1/{endpoint}/", {"updated_since": "2022-09-01T08:00:00+08:00"})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["since", "snapshot"])
def test_a_cursor_from_the_future_is_a_400(client, news_index, name):
    NewsPageFactory(parent=news_index)
    current = ContentVersion.objects.get().version
    response = client.get("/api/v1/changes/", {name: current + 1})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert name in response.json()["errors"]
    assert client.get("/api/v1/changes/", {name: current}).status_code == 200


def test_a_cursor_older_than_retention_is_still_a_410(client, news_index):
    NewsPageFactory(parent=news_index)
    ContentVersion.objects.update(compacted_through=3)
    response = client.get("/api/v1/changes/", {"since": 1})
    assert response.status_code == 410
    assert response["Content-Type"].startswith("application/problem+json")
