"""Crawl every public surface and return what a reader or partner would receive."""

from urllib.parse import urlsplit

LIST_ENDPOINTS = {
    "campaign": "/api/v1/campaigns/",
    "activity": "/api/v1/activities/",
    "officer": "/api/v1/officers/",
    "news": "/api/v1/news/",
    "organisation": "/api/v1/organisations/",
    "document": "/api/v1/documents/",
}
# Not pages: no body formats, slugs or search.
NOT_PAGES = {"organisation", "document"}
EXPANSIONS = {"news": ["activities", "officers", "campaign"]}
DETAIL_FORMATS = ["html", "text", "blocks"]


def local(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def follow(client, url, headers, responses, limit=50):
    """GET ``url`` and every ``next`` link; return the items of all pages."""
    items = []
    for _ in range(limit):
        response = client.get(url, **headers)
        responses[url] = response
        if response.status_code != 200:
            break
        body = response.json()
        items.extend(body.get("results", []))
        if not body.get("next"):
            break
        url = local(body["next"])
    return items


def api_responses(client, headers=None, search_terms=("质量",)):
    """Every /api/v1/ list, page, detail, slug lookup, expand, search and changes-feed response."""
    headers = headers or {}
    responses = {}
    for kind, list_url in LIST_ENDPOINTS.items():
        items = follow(client, f"{list_url}?limit=2", headers, responses)
        follow(client, list_url, headers, responses)
        for expand in EXPANSIONS.get(kind, []):
            follow(client, f"{list_url}?expand={expand}", headers, responses)
        for item in items:
            for fmt in DETAIL_FORMATS if kind not in NOT_PAGES else []:
                url = f"{list_url}{item['id']}/?format={fmt}"
                responses[url] = client.get(url, **headers)
            for expand in EXPANSIONS.get(kind, []):
                url = f"{list_url}{item['id']}/?expand={expand}"
                responses[url] = client.get(url, **headers)
            if kind in NOT_PAGES:
                url = f"{list_url}{item['id']}/"
                responses[url] = client.get(url, **headers)
            elif item.get("slug"):
                url = f"{list_url}by-slug/{item['slug']}/"
                responses[url] = client.get(url, **headers)
    for term in search_terms:
        follow(client, f"/api/v1/search/?q={term}", headers, responses)
        for kind in LIST_ENDPOINTS.keys() - NOT_PAGES:
            follow(client, f"{LIST_ENDPOINTS[kind]}?q={term}", headers, responses)
    follow(client, "/api/v1/changes/", headers, responses)
    follow(client, "/api/v1/changes/?since=0", headers, responses)
    return responses
