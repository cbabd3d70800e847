"""The fast JSON renderer writes what DRF's JSONRenderer writes."""

import datetime
import decimal
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from partner_api.renderers import FastJSONRenderer
from tests.factories import NewsPageFactory


def both(data, media_type="application/json"):
    return FastJSONRenderer().render(data, media_type, {}), JSONRenderer().render(data, media_type, {})


def test_same_bytes_as_drf_for_chinese_dates_and_nested_lists():
    data = ReturnDict(
        {
            "title": "质量月：昆明 “质量强市” 活动",
            "when": datetime.datetime(2026, 12, 1, 3, 4, 5, tzinfo=datetime.UTC),
            "with_microseconds": datetime.datetime(2026, 12, 1, 3, 4, 5, 120000, tzinfo=datetime.UTC),
            "shanghai": datetime.datetime(2026, 12, 1, 11, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
            "day": datetime.date(2026, 12, 1),
            "items": ReturnList([{"id": 1, "ok": True, "none": None, "score": 0.5}], serializer=None),
            "empty": [],
            "escaped": 'a "quote" \\ and\ttab\n',
        },
        serializer=None,
    )
    fast, drf = both(data)
    assert fast == drf
    assert "质量月".encode() in fast


def test_separators_lazy_strings_decimals_and_uuids_as_drf():
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    data = {"label": gettext_lazy("新闻"), "price": decimal.Decimal("1.5"), "id": key, "line": "a\u2028b\u2029c"}
    fast, drf = both(data)
    assert json.loads(fast) == json.loads(drf)
    assert b"\\u2028" in fast and b"\\u2029" in fast


def test_indented_request_is_left_to_drf():
    fast, drf = both({"a": [1, 2]}, "application/json; indent=4")
    assert fast == drf and b"\n    " in fast


@pytest.mark.django_db
def test_api_list_and_detail_bytes_match_drf(client, news_index):
    page = NewsPageFactory(parent=news_index, title="渲染器测试的新闻")
    for url in ("/api/v1/news/", f"/api/v1/news/{page.pk}/"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert "渲染器测试的新闻".encode() in response.content  # no \\u escapes
        assert response.content == JSONRenderer().render(response.data)
