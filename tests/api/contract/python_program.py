"""A partner's everyday calls through the client openapi-python-client generated from /api/v1/schema/.

Usage: python python_program.py <directory holding zlkm_partner_client> <base URL> <API key>

The generated models parse every response strictly (a missing required field, an
unknown enum value or an undocumented status raises), so any disagreement between
schema and server fails this program. Prints one line per check and exits non-zero
on the first failure.
"""

import sys

import attrs

sys.path.insert(0, sys.argv[1])
BASE_URL, API_KEY = sys.argv[2], sys.argv[3]

from zlkm_partner_client import AuthenticatedClient  # noqa: E402
from zlkm_partner_client.api.activities import activities_retrieve, activity_list  # noqa: E402
from zlkm_partner_client.api.campaigns import campaign_list, campaigns_retrieve  # noqa: E402
from zlkm_partner_client.api.default import root  # noqa: E402
from zlkm_partner_client.api.news import news_list, news_retrieve  # noqa: E402
from zlkm_partner_client.api.officers import officer_list, officers_retrieve  # noqa: E402
from zlkm_partner_client.api.organisations import organisation_list, organisations_retrieve  # noqa: E402
from zlkm_partner_client.api.search import search  # noqa: E402
from zlkm_partner_client.models import (  # noqa: E402
    Activity,
    Campaign,
    CampaignRef,
    NewsRetrieveFormat,
    NewsSearchHit,
    Officer,
    ParagraphBlock,
    Problem,
)
from zlkm_partner_client.types import UNSET  # noqa: E402

client = AuthenticatedClient(
    base_url=BASE_URL, token=API_KEY, prefix="Api-Key", raise_on_unexpected_status=True, timeout=30
)


def check(condition, message):
    if not condition:
        print(f"FAIL {message}")
        sys.exit(1)
    print(f"ok   {message}")


def ok(response, what):
    check(response.status_code == 200, f"{what}: 200 (got {response.status_code})")
    check(response.headers.get("RateLimit", "").startswith('"partner";r='), f"{what}: RateLimit header")
    check(bool(response.headers.get("ETag")), f"{what}: ETag header")
    return response.parsed


def page_through(operation, what, **params):
    """Follow limit/offset to the end; every page parses; the pages add up to ``count``."""
    items, offset = [], 0
    while True:
        page = ok(operation.sync_detailed(client=client, limit=2, offset=offset, **params), f"{what} offset={offset}")
        items += page.results
        if page.next_ is None:
            break
        offset += 2
    check(len(items) == page.count, f"{what}: {len(items)} items paged = count {page.count}")
    check(len({item.id for item in items}) == len(items), f"{what}: no item twice")
    return items


links = ok(root.sync_detailed(client=client), "root").links
check(links.news.href.endswith("/api/v1/news/"), "root links to news")

everything = {
    "campaigns": (page_through(campaign_list, "campaigns"), campaigns_retrieve),
    "activities": (page_through(activity_list, "activities"), activities_retrieve),
    "officers": (page_through(officer_list, "officers"), officers_retrieve),
    "news": (page_through(news_list, "news"), news_retrieve),
    "organisations": (page_through(organisation_list, "organisations"), organisations_retrieve),
}


def complete(item):
    """Without fields=, every property the schema declares is there (the schema marks only id and type required)."""
    return not [field.name for field in attrs.fields(type(item)) if getattr(item, field.name) is UNSET]


for name, (items, retrieve) in everything.items():
    check(items, f"{name}: demo content present")
    check(all(complete(item) for item in items), f"{name}: list items carry every declared field")
    for item in items:
        detail = ok(retrieve.sync_detailed(item.id, client=client), f"{name}/{item.id}")
        check(detail.id == item.id and detail.type_ == item.type_, f"{name}/{item.id}: same item as in the list")
        check(complete(detail), f"{name}/{item.id}: every declared field")

slim = ok(news_list.sync_detailed(client=client, fields="title,url"), "news fields=title,url").results
check(
    all(item.title and item.url and item.lead is UNSET for item in slim), "fields=: only the chosen fields (+id, type)"
)

campaign = everything["campaigns"][0][0]
deep = ok(
    campaigns_retrieve.sync_detailed(campaign.id, client=client, expand="activities.campaign,organisations"),
    "campaign expand=activities.campaign,organisations",
)
check(deep.activities and all(isinstance(a, Activity) for a in deep.activities), "campaign: activities expanded")
check(all(isinstance(a.campaign, Campaign) for a in deep.activities), "two levels: each activity's campaign in full")
check(all(role.organisation.id == role.id for role in deep.organisations), "campaign: organisations expanded")
officer = everything["officers"][0][0]
check(isinstance(officer.campaign, CampaignRef), "officer: campaign is a reference unless expanded")
expanded_officer = ok(officers_retrieve.sync_detailed(officer.id, client=client, expand="campaign"), "officer expand")
check(isinstance(expanded_officer.campaign, Campaign), "officer expand=campaign: a whole Campaign")

news = everything["news"][0]
tagged = [item for item in news if item.tags]
check(tagged, "some news carry tags")
tag = tagged[0].tags[0]
filtered = page_through(news_list, f"news tag={tag}", tag=tag)
check(filtered and all(tag in item.tags for item in filtered), f"news tag={tag}: every result has the tag")
check({item.id for item in filtered} == {item.id for item in tagged if tag in item.tags}, "tag filter finds them all")

empty = news_list.sync_detailed(client=client, tag="")
check(empty.status_code == 400 and isinstance(empty.parsed, Problem), "empty filter value: 400 problem")
check("tag" in empty.parsed.errors.additional_properties, "the problem names the parameter")

linked = [item for item in news if item.activities and item.officers]
check(linked, "some news mention activities and officers")
expanded = ok(
    news_retrieve.sync_detailed(linked[0].id, client=client, expand="activities,officers,campaign"), "expanded news"
)
check(all(isinstance(a, Activity) for a in expanded.activities), "expand=activities: Activity objects")
check(all(isinstance(o, Officer) for o in expanded.officers), "expand=officers: Officer objects")
check(isinstance(expanded.campaign, Campaign), "expand=campaign: a whole Campaign")
check([a.id for a in expanded.activities] == linked[0].activities, "expanded activities are the listed ids")

blocks = ok(news_retrieve.sync_detailed(linked[0].id, client=client, format_=NewsRetrieveFormat.BLOCKS), "blocks")
check(any(isinstance(block, ParagraphBlock) for block in blocks.body), "format=blocks: typed blocks")

hits = ok(search.sync_detailed(client=client, q="叶明"), "search q=叶明").results
news_hits = [hit for hit in hits if isinstance(hit, NewsSearchHit)]
check(news_hits, "search: a NewsSearchHit (discriminated on type)")
check("<mark>叶明</mark>" in news_hits[0].snippet, "search: the snippet shows why it matched")
print("python client: all checks passed")
