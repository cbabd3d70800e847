"""API 1.1: what the contract declares, shaping (fields, expand), standard headers, search snippets, the guide."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from tests.factories import NewsPageFactory

LIST_FILTERS = {
    "/api/v1/news/": {"campaign", "year", "tag", "activity", "officer", "published_after", "published_before"},
    "/api/v1/activities/": {"campaign", "year", "published_after", "published_before"},
    "/api/v1/officers/": {"campaign", "year", "appointed_year"},
    "/api/v1/campaigns/": {"year"},
    "/api/v1/organisations/": {"campaign", "role"},
}


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return json.loads(response.content)


def parameter_names(operation):
    return {parameter["name"] for parameter in operation["parameters"]}


def partner_key(rate=None):
    out = io.StringIO()
    call_command("partner_key", "create", "昆明日报", *(["--rate", str(rate)] if rate else []), stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_every_list_declares_paging_ordering_shaping_and_its_filters(schema):
    for path, filters in LIST_FILTERS.items():
        names = parameter_names(schema["paths"][path]["get"])
        assert {"limit", "offset", "ordering", "fields", "expand", "variant"} | filters <= names, path
        if path != "/api/v1/organisations/":
            assert {"updated_since", "published_after", "published_before", "q", "format"} <= names, path
    search = parameter_names(schema["paths"]["/api/v1/search/"]["get"])
    assert {"q", "type", "limit", "offset"} <= search


def test_schema_has_servers_headers_and_discriminated_unions(schema, settings):
    assert schema["servers"][0]["url"] == settings.BASE_URL
    news = schema["paths"]["/api/v1/news/"]["get"]["responses"]
    assert news["200"]["headers"]["ETag"]["required"] is True
    assert {"RateLimit", "RateLimit-Policy"} <= set(news["200"]["headers"])
    assert news["429"]["headers"]["Retry-After"]["required"] is True
    assert "304" in news
    components = schema["components"]["schemas"]
    result = components["SearchResult"]
    assert result["discriminator"]["propertyName"] == "type"
    assert set(result["discriminator"]["mapping"]) == {"campaign", "activity", "officer", "news"}
    block = components["Block"]
    assert set(block["discriminator"]["mapping"]) == {"paragraph", "heading", "quote", "image", "facts"}
    # Lists page through <Type>Item (fields= may trim it); expanded objects are the strict type.
    page = components["PaginatedNewsList"]["properties"]["results"]["items"]
    assert page == {"$ref": "#/components/schemas/NewsItem"}
    assert components["NewsItem"]["required"] == ["id", "type"]
    assert "title" in components["Activity"]["required"]
    activities = components["News"]["properties"]["activities"]["items"]["oneOf"]
    assert {"$ref": "#/components/schemas/Activity"} in activities and {"type": "integer"} in activities


def test_root_document_links_every_endpoint(client, home, settings):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response["ETag"]
    links = response.json()["links"]
    for name in ("campaigns", "activities", "officers", "news", "organisations", "search", "changes", "guide"):
        href = links[name]["href"]
        assert href.startswith(settings.BASE_URL + "/api/v1/")
        target = client.get(href.removeprefix(settings.BASE_URL) + ("?q=质量" if name == "search" else ""))
        assert target.status_code == 200, name


def test_fields_selects_top_level_fields_on_lists_and_details(client, demo):
    items = client.get("/api/v1/news/?fields=title,url").json()["results"]
    assert items and all(set(item) == {"id", "type", "title", "url"} for item in items)
    detail = client.get(f"/api/v1/news/{items[0]['id']}/?fields=lead,tags").json()
    assert set(detail) == {"id", "type", "lead", "tags"}
    organisation = client.get("/api/v1/organisations/?fields=name").json()["results"][0]
    assert set(organisation) == {"id", "type", "name"}


def test_expand_on_every_type_two_levels_deep(client, demo):
    campaign = client.get("/api/v1/campaigns/?expand=activities.campaign,organisations").json()["results"][0]
    assert campaign["activities"] and all(a["type"] == "activity" for a in campaign["activities"])
    assert campaign["activities"][0]["campaign"]["theme"]  # second level: the activity's whole campaign
    assert all(role["organisation"]["id"] == role["id"] for role in campaign["organisations"])
    plain = client.get("/api/v1/campaigns/").json()["results"][0]
    assert all(isinstance(pk, int) for pk in plain["activities"]) and "organisation" not in plain["organisations"][0]

    officer = client.get("/api/v1/officers/?expand=campaign.organisations").json()["results"][0]
    assert officer["campaign"]["theme"] and officer["campaign"]["organisations"][0]["organisation"]["name"]
    activity = client.get("/api/v1/activities/?expand=campaign").json()["results"][0]
    assert activity["campaign"]["type"] == "campaign" and "theme" in activity["campaign"]
    assert "theme" not in client.get("/api/v1/activities/").json()["results"][0]["campaign"]

    organisation = client.get("/api/v1/organisations/?expand=campaigns.activities").json()["results"][0]
    expanded = organisation["campaigns"][0]["campaign"]
    assert expanded["theme"] and expanded["activities"][0]["type"] == "activity"


def test_expanded_objects_stay_public(client, demo):
    from campaign.models import ActivityPage

    hidden = ActivityPage.objects.live().order_by("number").first()
    hidden.unpublish()
    campaign = client.get("/api/v1/campaigns/?expand=activities").json()["results"][0]
    assert hidden.pk not in {a["id"] for a in campaign["activities"]}
    assert campaign["activities"]


def test_keyed_responses_carry_ietf_rate_limit_and_304_is_free(client, news_index):
    NewsPageFactory(parent=news_index)
    key = partner_key(rate=3)
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    first = client.get("/api/v1/news/", **auth)
    assert first["RateLimit-Policy"] == '"partner";q=3;w=60'
    assert first["RateLimit"].startswith('"partner";r=2;t=')
    for _ in range(5):
        not_modified = client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=first["ETag"], **auth)
        assert not_modified.status_code == 304
        assert not_modified["RateLimit"].startswith('"partner";r=2;')  # a 304 costs nothing
    client.get("/api/v1/news/?limit=1", **auth)
    client.get("/api/v1/news/?limit=2", **auth)
    limited = client.get("/api/v1/news/?limit=3", **auth)
    assert limited.status_code == 429 and limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) >= 1
    assert limited["RateLimit"].startswith('"partner";r=0;')


def test_gzip_on_api_and_html_with_vary(client, demo):
    for url in ("/api/v1/news/", "/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip", url
        assert "accept-encoding" in response["Vary"].lower(), url
        assert gzip.decompress(response.content)
    api = client.get("/api/v1/news/", HTTP_ACCEPT_ENCODING="gzip")
    assert json.loads(gzip.decompress(api.content))["results"]
    plain = client.get("/api/v1/news/")
    assert "Content-Encoding" not in plain and plain.json()["results"]
    # A gzip ETag still answers the plain request's conditional GET, and vice versa.
    assert client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304


def test_cors_preflight_allows_conditional_headers_and_exposes_rate_limits(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.kmdaily.example"]
    preflight = client.options(
        "/api/v1/news/",
        HTTP_ORIGIN="https://app.kmdaily.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since, authorization",
    )
    assert preflight.status_code == 200
    allowed = {header.strip().lower() for header in preflight["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since", "authorization"} <= allowed
    response = client.get("/api/v1/news/", HTTP_ORIGIN="https://app.kmdaily.example")
    exposed = {header.strip().lower() for header in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "ratelimit", "ratelimit-policy", "retry-after", "last-modified"} <= exposed


def test_search_results_show_the_sites_highlighted_snippet_and_filter_by_type(client, demo):
    call_command("update_index", stdout=io.StringIO())
    results = client.get("/api/v1/search/", {"q": "叶明"}).json()["results"]
    news = [item for item in results if item["type"] == "news"]
    assert news, results
    # 叶明 is only in the body: the snippet shows why the article matched.
    assert "<mark>叶明</mark>" in news[0]["snippet"]
    assert "叶明" not in news[0]["title"] and news[0]["highlighted_title"]
    only_officers = client.get("/api/v1/search/", {"q": "质量", "type": "officer"}).json()["results"]
    assert only_officers and {item["type"] for item in only_officers} == {"officer"}
    site = client.get("/search/", {"q": "叶明"}).content.decode()
    assert "<mark>叶明</mark>" in site  # the same function on the public page


def test_partner_guide_is_served_and_linked_from_the_docs(client, db, schema):
    guide = client.get("/api/v1/docs/guide/")
    assert guide.status_code == 200
    html = guide.content.decode()
    assert "<h2>" in html and "RateLimit-Policy" in html and "410" in html and "fields=" in html
    assert "/api/v1/docs/guide/" in schema["info"]["description"]  # shown at the top of /api/v1/docs/
