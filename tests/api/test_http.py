"""HTTP behaviour: errors, conditional GET, caching headers, CORS, rate limits."""

import pytest
from django.core.management import call_command

from publishing import invalidation
from tests.factories import NewsPageFactory

BAD_REQUESTS = [
    ("/api/v1/news/?colour=red", "colour"),
    ("/api/v1/news/?published_after=2022-13-45", "published_after"),
    ("/api/v1/news/?updated_since=yesterday", "updated_since"),
    ("/api/v1/news/?limit=1000", "limit"),
    ("/api/v1/news/?limit=-1", "limit"),
    ("/api/v1/news/?limit=0", "limit"),
    ("/api/v1/news/?offset=abc", "offset"),
    ("/api/v1/news/?offset=99999999999999999999999", "offset"),
    ("/api/v1/news/?campaign=abc", "campaign"),
    ("/api/v1/news/?campaign=99999999999999999999", "campaign"),
    ("/api/v1/news/?ordering=password", "ordering"),
    ("/api/v1/news/?format=pdf", "format"),
    ("/api/v1/news/?expand=author", "expand"),
    ("/api/v1/officers/?expand=activities", "expand"),
    ("/api/v1/news/?expand=campaign.officers", "expand"),
    ("/api/v1/news/?expand=campaign.activities.campaign", "expand"),
    ("/api/v1/news/?fields=title,nope", "fields"),
    ("/api/v1/news/?fields=", "fields"),
    ("/api/v1/news/?tag=", "tag"),
    ("/api/v1/news/?tag=a&tag=b", "tag"),
    ("/api/v1/news/?year=%20", "year"),
    ("/api/v1/organisations/?role=", "role"),
    ("/api/v1/search/?q=", "q"),
    ("/api/v1/search/?q=" + "质" * 101, "q"),
    ("/api/v1/news/?tag=%00", "tag"),
]


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "param"), BAD_REQUESTS)
def test_bad_parameters_are_400_naming_the_parameter(client, home, url, param):
    body = assert_problem(client.get(url), 400)
    assert param in body["errors"]


@pytest.mark.django_db
def test_404_405_401_share_the_problem_shape(client, home):
    assert_problem(client.get("/api/v1/news/999999/"), 404)
    assert_problem(client.get("/api/v1/news/99999999999999999999999/"), 404)
    assert_problem(client.get("/api/v1/no-such-thing/"), 404)
    assert_problem(client.post("/api/v1/news/"), 405)
    assert_problem(client.delete("/api/v1/news/1/"), 405)
    response = client.get("/api/v1/news/", HTTP_AUTHORIZATION="Api-Key nope.nope")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Api-Key"
    assert_problem(client.get("/api/v1/news/", HTTP_AUTHORIZATION="Bearer abc"), 401)


@pytest.mark.django_db
def test_anonymous_rate_limit_gives_429_with_retry_after(client, home, settings):
    settings.PARTNER_API_ANON_RATE = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/news/").status_code == 200
    response = client.get("/api/v1/news/")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Another client address has its own budget.
    assert client.get("/api/v1/news/", REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.django_db
def test_x_forwarded_for_is_ignored_without_num_proxies(client, home, settings):
    settings.PARTNER_API_ANON_RATE = "2/min"
    for n in range(2):
        client.get("/api/v1/news/", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    assert client.get("/api/v1/news/", HTTP_X_FORWARDED_FOR="9.9.9.9").status_code == 429


@pytest.mark.django_db
def test_x_forwarded_for_is_used_behind_a_configured_proxy(client, home, settings):
    settings.PARTNER_API_ANON_RATE = "2/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}  # as .env.example's NUM_PROXIES sets it
    for _ in range(2):
        client.get("/api/v1/news/", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client.get("/api/v1/news/", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429
    assert client.get("/api/v1/news/", HTTP_X_FORWARDED_FOR="5.6.7.8").status_code == 200


@pytest.mark.django_db
def test_etag_and_last_modified_give_304_until_content_changes(client, news_index):
    NewsPageFactory(parent=news_index)
    first = client.get("/api/v1/news/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/news/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/api/v1/news/?limit=5", HTTP_IF_NONE_MATCH=etag).status_code == 200
    NewsPageFactory(parent=news_index)  # publishing bumps the content version
    assert client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_etag_comes_from_the_dependency_stamps_not_the_body(client, news_index):
    NewsPageFactory(parent=news_index)
    etag = client.get("/api/v1/news/")["ETag"]
    invalidation.stamp({"tag:999999"})  # nothing the list read
    assert client.get("/api/v1/news/")["ETag"] == etag
    invalidation.stamp({"site"})
    assert client.get("/api/v1/news/")["ETag"] != etag


@pytest.mark.django_db
def test_cache_control_public_for_anonymous_private_for_keys(client, home):
    anonymous = client.get("/api/v1/news/")
    assert "public" in anonymous["Cache-Control"] and "max-age=60" in anonymous["Cache-Control"]
    vary = {part.strip().lower() for part in anonymous["Vary"].split(",")}
    assert {"accept", "authorization", "origin"} <= vary
    out = __import__("io").StringIO()
    call_command("partner_key", "create", "昆明日报", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    keyed = client.get("/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert keyed.status_code == 200
    assert "private" in keyed["Cache-Control"] and "public" not in keyed["Cache-Control"]


@pytest.mark.django_db
def test_cors_allows_configured_origins_and_read_methods_only(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.kmdaily.example"]
    allowed = client.get("/api/v1/news/", HTTP_ORIGIN="https://app.kmdaily.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.kmdaily.example"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/news/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/news/",
        HTTP_ORIGIN="https://app.kmdaily.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    methods = {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.django_db
def test_browsable_api_is_off_when_not_configured(client, home, settings):
    settings.PARTNER_API_BROWSABLE = False
    response = client.get("/api/v1/news/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406 or response["Content-Type"].startswith("application/json")
    assert b"<html" not in response.content


def test_production_disables_browsable_api(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "production-test-key-" + "0123456789" * 4)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    monkeypatch.setenv("BASE_URL", "https://example.org")
    production = importlib.import_module("cms.settings.production")
    assert production.PARTNER_API_BROWSABLE is False


@pytest.mark.django_db
def test_docs_and_schema_are_served_locally(client, home):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/news/" in paths and "/api/v1/news/{id}/" in paths
    assert all(path.startswith("/api/v1/") for path in paths)
