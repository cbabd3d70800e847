"""The visibility matrix: every hidden content state × every public surface. Expected: zero leaks.

States (tests/reliability/world.py): a draft never published; published then
unpublished; a live page's newer unpublished draft; scheduled; expired, both
processed by the scheduler and not yet; private by password, login and group,
and the descendants of such sections; deleted; an image in a private
collection; an image and a document of a private collection used on a public page (their files must be
refused at every URL form). Each carries a unique ASCII marker; ``SHOWN_*`` markers are the
positive controls proving each crawl reaches content.
"""

import html
import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from bench import security
from partner_api.models import PartnerKey
from partner_sync.models import WebhookEndpoint
from search.results import TYPE_LABELS
from tests.reliability import metrics
from tests.reliability.surfaces import api_responses
from tests.reliability.world import SHOWN, SHOWN_NEWER_LIVE, World

pytestmark = pytest.mark.django_db

VARIANT_PREFIXES = ["", "/zh-hant"]
FEEDS = [
    "/feeds/news/rss.xml",
    "/feeds/news/atom.xml",
    "/feeds/2022/rss.xml",
    "/feeds/2022/atom.xml",
    "/feeds/activities.ics",
    "/feeds/2022/activities.ics",
    "/sitemap.xml",
    "/robots.txt",
]
SEARCH_TERMS = ["质量", "LEAKx", "草稿"]
# A hidden page's id asked for directly, as every kind, in every format and with every expansion (all valid
# parameters: a 400 for a bad one would prove nothing). Only 404 is right.
HIDDEN_DETAIL_SUFFIXES = {
    "news": ["", "?format=text", "?format=blocks", "?expand=activities,officers,campaign"],
    "activities": ["", "?format=text"],
    "officers": ["", "?format=text"],
    "campaigns": ["", "?format=text"],
}
REMOVALS = {"unpublished", "expired", "deleted"}
HREF = re.compile(r"""(?:href|src)=["']([^"'#]+)""")


@pytest.fixture
def world(demo, django_capture_on_commit_callbacks, monkeypatch):
    """The demo plus every hidden state, with a webhook endpoint recording every payload sent."""
    key, _ = PartnerKey.objects.create_key(name="昆明日报")
    WebhookEndpoint.objects.create(partner_key=key, url="http://127.0.0.1:9/hook")
    payloads = []

    def capture(url, body, headers, timeout):
        payloads.append(body.decode())
        return 200

    monkeypatch.setattr("partner_sync.egress.post", capture)
    with django_capture_on_commit_callbacks(execute=True):
        built = World.build()
    built.payloads = payloads
    return built


def crawl_html(client, start, limit=400):
    """Every internal page reachable by links from ``start``, and the media they reference.

    Search result pages are left to ``check_search_page``, which asks every query that matters (every
    marker, every type); followed here, the links from tag and result pages would fill the crawl with
    searches for the demo's own words and leave real pages past the limit.
    """
    seen, queue, pages = set(), deque(start), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            location = urlsplit(urljoin(url, response["Location"]))
            if location.netloc in ("", "testserver"):
                queue.append(location.path + (f"?{location.query}" if location.query else ""))
            continue
        pages[url] = response
        if "html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        for link in HREF.findall(response.content.decode()):
            parts = urlsplit(urljoin(url, html.unescape(link)))
            if parts.netloc not in ("", "testserver") or parts.path.startswith(("/admin", "/django-admin")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/static/") or parts.path.endswith("/search/"):
                continue
            queue.append(target)
    return pages


def report(world, surface, bodies):
    """{state: [urls]} for every hidden marker found; also checks the positive control."""
    leaks = {}
    for url, text in bodies.items():
        for state in world.leaks_in(text):
            leaks.setdefault(state, []).append(url)
    metrics.record("visibility_cases", len(bodies) * len(world.hidden))
    metrics.record("visibility_leaks", sum(len(urls) for urls in leaks.values()))
    return leaks


def text_of(response):
    return response.content.decode("utf-8", "replace") if hasattr(response, "content") else str(response)


def check_html_pages_and_listings(client, world):
    start = [f"{prefix}{path}" for prefix in VARIANT_PREFIXES for path in ["/", "/news/", "/2022/", "/officers/"]]
    pages = crawl_html(client, start)
    assert len(pages) < 400, "the crawl hit its limit: pages past it were never checked"
    bodies = {url: text_of(r) for url, r in pages.items()}
    world.html_bodies = bodies
    assert any(SHOWN in body for body in bodies.values())
    assert any(SHOWN_NEWER_LIVE in body for body in bodies.values())
    assert any(url.startswith("/zh-hant/") and r.status_code == 200 for url, r in pages.items()) or not any(
        url.startswith("/zh-hant/") for url in pages
    )
    assert report(world, "html", bodies) == {}


def check_hidden_pages_requested_directly(client, world):
    bodies, served = {}, []
    for prefix in VARIANT_PREFIXES:
        for state, url_path in world.hidden_urls:
            path = prefix + "/" + url_path.split("/", 2)[2]  # drop the site root's slug
            response = client.get(path)
            assert response.status_code in (200, 302, 401, 403, 404), path
            # Only a password form may be answered with 200.
            if response.status_code == 200 and 'name="password"' not in response.content.decode():
                served.append((state, path))
            bodies[path] = text_of(response)
    assert served == []
    assert report(world, "direct", bodies) == {}


def check_partner_api_lists_details_slugs_expand_and_search(client, world):
    _, key = PartnerKey.objects.create_key(name="矩阵")
    bodies = {}
    for variant in ["zh-hans", "zh-hant"]:
        headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}", "HTTP_ACCEPT_LANGUAGE": variant}
        responses = api_responses(client, headers, search_terms=SEARCH_TERMS)
        for url, response in responses.items():
            assert response.status_code < 500, url
            bodies[f"{variant} {url}"] = text_of(response)
        for state, ids in world.hidden_ids.items():
            for pk in ids:
                for kind, suffixes in HIDDEN_DETAIL_SUFFIXES.items():
                    # The variant converts what was found; that nothing is found is shown once per kind there.
                    for suffix in suffixes if variant == "zh-hans" else suffixes[:1]:
                        response = client.get(f"/api/v1/{kind}/{pk}/{suffix}", **headers)
                        assert response.status_code == 404, (state, kind, pk, suffix, response.status_code)
                        bodies[f"{variant} {kind}/{pk}{suffix}"] = text_of(response)
    world.api_bodies = bodies
    assert any(SHOWN in body for body in bodies.values())
    assert any(SHOWN_NEWER_LIVE in body for body in bodies.values())
    assert report(world, "api", bodies) == {}


def changes(client, headers, start):
    entries, url = [], start
    for _ in range(50):
        body = client.get(url, **headers).json()
        entries.extend(body["results"])
        if not body.get("next") or not body["results"]:
            break
        url = urlsplit(body["next"]).path + "?" + urlsplit(body["next"]).query
    return entries


def check_changes_feed_has_tombstones_only(client, world):
    _, key = PartnerKey.objects.create_key(name="同步")
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    hidden_ids = {pk for ids in world.hidden_ids.values() for pk in ids}
    snapshot = changes(client, headers, "/api/v1/changes/")
    history = changes(client, headers, "/api/v1/changes/?since=0")
    assert snapshot and history
    pages = [e for e in snapshot if e["type"] != "organisation"]
    assert [e for e in pages if e["id"] in hidden_ids] == []
    latest = {}
    for entry in history:
        if entry["type"] != "organisation":
            latest[entry["id"]] = entry
    wrong = [e for pk, e in latest.items() if pk in hidden_ids and not (e["removed"] and e["event"] in REMOVALS)]
    assert wrong == []
    never = [e for e in history if e["id"] in world.never_published_ids and e["type"] != "organisation"]
    assert never == []
    bodies = {"snapshot": json.dumps(snapshot, ensure_ascii=False), "history": json.dumps(history, ensure_ascii=False)}
    assert report(world, "changes", bodies) == {}


def check_webhook_payloads(world):
    assert world.payloads, "no webhook was sent at all: the capture is broken"
    hidden_ids = {pk for ids in world.hidden_ids.values() for pk in ids}
    for body in world.payloads:
        event = json.loads(body)
        if event["item"]["id"] in hidden_ids and event["item"]["type"] != "organisation":
            # Hidden items may have been public before (withdrawn, expired, deleted); then only removals follow.
            assert event["item"]["id"] not in world.never_published_ids, event
    last = {}
    for body in world.payloads:
        event = json.loads(body)
        last[(event["item"]["type"], event["item"]["id"])] = event["event"]
    for (kind, pk), event in last.items():
        if pk in hidden_ids and kind != "organisation":
            assert event in REMOVALS, (kind, pk, event)
    assert report(world, "webhooks", dict(enumerate(world.payloads))) == {}


def check_search_page(client, world):
    bodies = {}
    for prefix in VARIANT_PREFIXES:
        for term in SEARCH_TERMS + list(world.hidden.values()) + [SHOWN]:
            response = client.get(f"{prefix}/search/", {"q": term})
            assert response.status_code < 500
            # The page repeats the query itself; a result would carry the marker and its text.
            bodies[f"{prefix}/search/?q={term}"] = text_of(response)
        for result_type in TYPE_LABELS:
            for page in ["1", "2"]:
                query = {"q": "质量", "type": result_type, "page": page}
                response = client.get(f"{prefix}/search/", query)
                assert response.status_code < 500
                bodies[f"{prefix}/search/?q=质量&type={result_type}&page={page}"] = text_of(response)
    assert SHOWN in bodies[f"/search/?q={SHOWN}"]
    # Every hidden field reads "<marker> <Chinese text>"; the page echoing the bare query is not a leak.
    found = {}
    for url, body in bodies.items():
        for state, marker in world.hidden.items():
            if f"{marker} " in body or f"{marker.lower()}." in body.lower():
                found.setdefault(state, []).append(url)
    metrics.record("visibility_cases", len(bodies) * len(world.hidden))
    metrics.record("visibility_leaks", sum(len(urls) for urls in found.values()))
    assert found == {}


def check_feeds_calendar_sitemap(client, world):
    bodies = {}
    for prefix in VARIANT_PREFIXES:
        for path in FEEDS:
            response = client.get(prefix + path)
            assert response.status_code < 500, path
            bodies[prefix + path] = text_of(response)
    assert SHOWN in bodies["/feeds/news/rss.xml"]
    assert report(world, "feeds", bodies) == {}


def check_rendition_and_image_urls(client, world):
    """No image file of a hidden page, nor of a private collection, is referenced by any public surface."""
    bodies = {**getattr(world, "api_bodies", {}), **getattr(world, "html_bodies", {})}
    if not bodies:
        _, key = PartnerKey.objects.create_key(name="图片")
        bodies = {url: text_of(r) for url, r in api_responses(client, {"HTTP_AUTHORIZATION": f"Api-Key {key}"}).items()}
        bodies.update({url: text_of(r) for url, r in crawl_html(client, ["/", "/news/", "/2022/"]).items()})
    media = {url for body in bodies.values() for url in re.findall(r"/media/[^\"'\s<>)]+", body)}
    assert any(SHOWN.lower() in url for url in media), "the public page's own image must be found"
    assert report(world, "renditions", {url: url for url in media}) == {}


def check_private_media_files_refused(client, world):
    """Originals, renditions and documents of a private collection: every URL form refused to anonymous readers."""
    served = []
    for url in world.private_media_urls:
        response = client.get(url)
        if response.status_code == 200:
            served.append(url)
    metrics.record(security.PRIVATE_MEDIA_URLS, len(world.private_media_urls))
    metrics.record(security.PRIVATE_MEDIA_SERVED, len(served))
    assert len(world.private_media_urls) >= 9
    assert served == []
    # The public page using them is served, without them.
    page = client.get(world.private_media_page.url)
    assert page.status_code == 200 and "附件" in page.content.decode()


SURFACE_CHECKS = [
    ("HTML pages and listings", check_html_pages_and_listings),
    ("hidden pages requested directly", check_hidden_pages_requested_directly),
    ("API lists, details, slugs, expand, search", check_partner_api_lists_details_slugs_expand_and_search),
    ("changes feed", check_changes_feed_has_tombstones_only),
    ("webhook payloads", check_webhook_payloads),
    ("search page", check_search_page),
    ("feeds, calendar, sitemap", check_feeds_calendar_sitemap),
    ("rendition and image URLs", check_rendition_and_image_urls),
    ("private media files", check_private_media_files_refused),
]


def test_no_hidden_state_leaks_on_any_surface(client, world):
    """One world, every surface; each failing surface is reported with the states that leaked."""
    failures = {}
    for name, check in SURFACE_CHECKS:
        try:
            if check is check_webhook_payloads:
                check(world)
            else:
                check(client, world)
        except AssertionError as error:
            failures[name] = str(error)[:1500]
    assert failures == {}, "\n\n".join(f"{name}: {text}" for name, text in failures.items())
