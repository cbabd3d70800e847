"""Activity status follows from its dates, in Asia/Shanghai, end day inclusive."""

import datetime
from unittest import mock

import pytest

from campaign.models import ActivityPage

UTC = datetime.UTC

# Building a Page looks up its content type.
pytestmark = pytest.mark.django_db


def activity():
    return ActivityPage(start_date=datetime.date(2022, 9, 1), end_date=datetime.date(2022, 10, 31))


@pytest.mark.parametrize(
    ("utc_now", "expected"),
    [
        # 2022-09-01 00:00 in Shanghai is 2022-08-31 16:00 UTC.
        (datetime.datetime(2022, 8, 31, 15, 59, 59, tzinfo=UTC), "upcoming"),
        (datetime.datetime(2022, 8, 31, 16, 0, 0, tzinfo=UTC), "ongoing"),
        (datetime.datetime(2022, 10, 31, 15, 59, 59, tzinfo=UTC), "ongoing"),
        (datetime.datetime(2022, 10, 31, 16, 0, 0, tzinfo=UTC), "ended"),
    ],
)
def test_status_switches_at_shanghai_midnight(utc_now, expected):
    with mock.patch("django.utils.timezone.now", return_value=utc_now):
        assert activity().status == expected


def test_one_day_activity_is_ongoing_on_that_day():
    page = ActivityPage(start_date=datetime.date(2022, 9, 1), end_date=datetime.date(2022, 9, 1))
    assert page.status_on(datetime.date(2022, 8, 31)) == "upcoming"
    assert page.status_on(datetime.date(2022, 9, 1)) == "ongoing"
    assert page.status_on(datetime.date(2022, 9, 2)) == "ended"


def test_status_label_is_chinese():
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2023, 1, 1, tzinfo=UTC)):
        assert activity().status_label == "已结束"
