"""While the database cannot be reached (a PostgreSQL restart, a failover), readers and partners
get a 503 that says so and when to retry, never a 500; other server errors stay 500s."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from publishing import response_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse():
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(response_cache, "read_version", refuse)


def test_a_reader_gets_a_chinese_503_with_retry_after(database_down):
    response = Client(raise_request_exception=False).get("/news/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "服务暂时不可用" in page and "请稍后重试" in page
    assert "5432" not in page and "OperationalError" not in page


def test_a_partner_gets_problem_json_503(database_down):
    response = Client(raise_request_exception=False).get("/api/v1/news/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 503 and body["title"] == "服务暂时不可用"
    assert body["type"].endswith("#problem-service-unavailable")
    assert response["Retry-After"] == "5"


def test_other_errors_are_still_500s(monkeypatch):
    def broken():
        raise ValueError("a bug")

    monkeypatch.setattr(response_cache, "read_version", broken)
    assert Client(raise_request_exception=False).get("/news/").status_code == 500
