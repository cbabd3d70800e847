"""schema.org JSON-LD for every public page type.

NewsArticle for news, Event for activities and campaigns, Person for officers,
Organization for the host, and WebSite for the home page. Everything is built
from public data only; callers pass pages that are already being served.
"""

import json

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.timezone import localtime

from cms.absolute_urls import absolute_url, page_url
from publishing.renditions import SHARE_IMAGE
from publishing.visibility import is_public_media

SITE_NAME = "质量昆明"


def og_image_url(image):
    """Absolute URL of the 1200x630 JPEG rendition used for sharing cards ("" for a private image)."""
    if not is_public_media(image):
        return ""
    return absolute_url(image.get_rendition(SHARE_IMAGE).url)


def image_list(image):
    """JSON-LD ``image``: the sharing rendition of a public image, or nothing."""
    url = og_image_url(image)
    return [url] if url else None


def publisher():
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute_url("/")}


def organization(organisation):
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.parent_name:
        data["alternateName"] = organisation.parent_name
    if organisation.website:
        data["url"] = organisation.website
    return data


def campaign_organisations(campaign):
    """(hosts, organisers) as schema.org Organization dicts, in display order."""
    hosts, organisers = [], []
    for item in campaign.organisation_roles():
        (hosts if item.role == "host" else organisers).append(organization(item.organisation))
    return hosts, organisers


def news_article(page, request=None):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.lead or page.search_description,
        "datePublished": localtime(page.published_at).isoformat(),
        "dateModified": localtime(page.last_published_at or page.published_at).isoformat(),
        "mainEntityOfPage": page_url(page, request),
        "url": page_url(page, request),
        "inLanguage": "zh-Hans",
        "publisher": publisher(),
        "sourceOrganization": {"@type": "Organization", "name": page.source},
        "keywords": [tag.name for tag in page.tags.all()],
    }
    if page.author and page.author != page.source:
        data["author"] = {"@type": "Person", "name": page.author}
    else:
        data["author"] = {"@type": "Organization", "name": page.source}
    if page.hero_image_id and (images := image_list(page.hero_image)):
        data["image"] = images
    return data


def _locations(page):
    places = []
    for block in page.locations:
        value = block.value
        if value["kind"] == "online":
            place = {"@type": "VirtualLocation", "name": value["name"]}
            if value.get("url"):
                place["url"] = value["url"]
        else:
            place = {"@type": "Place", "name": value["name"]}
            if value.get("address"):
                place["address"] = value["address"]
        places.append(place)
    return places


def event(page, request=None, campaign=None):
    campaign = campaign or page.get_parent().specific
    places = _locations(page)
    kinds = {place["@type"] for place in places}
    if kinds == {"VirtualLocation"}:
        mode = "OnlineEventAttendanceMode"
    elif len(kinds) > 1:
        mode = "MixedEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    hosts, organisers = campaign_organisations(campaign)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.summary,
        "startDate": page.start_date.isoformat(),
        "endDate": page.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "url": page_url(page, request),
        "inLanguage": "zh-Hans",
        "location": places or [{"@type": "Place", "name": "昆明", "address": "云南省昆明市"}],
        "organizer": hosts + organisers or [publisher()],
        "superEvent": {"@type": "Event", "name": campaign.title, "url": page_url(campaign, request)},
    }
    if page.hero_image_id and (images := image_list(page.hero_image)):
        data["image"] = images
    return data


def campaign_event(page, request=None):
    hosts, organisers = campaign_organisations(page)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.introduction or strip_tags(page.body)[:200],
        "startDate": page.start_date.isoformat(),
        "endDate": page.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "location": {"@type": "Place", "name": "昆明", "address": "云南省昆明市"},
        "url": page_url(page, request),
        "inLanguage": "zh-Hans",
        "organizer": hosts + organisers or [publisher()],
    }
    if page.hero_image_id and (images := image_list(page.hero_image)):
        data["image"] = images
    return [data, *({"@context": "https://schema.org", **host} for host in hosts)]


def person(page, request=None):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": page.title,
        "jobTitle": page.occupation,
        "url": page_url(page, request),
        "award": f"{page.appointed_year}年“春城质量官”",
    }
    if page.declaration:
        data["description"] = page.declaration
    if page.photo_id and (images := image_list(page.photo)):
        data["image"] = images[0]
    return data


def website(page, request=None, campaign=None):
    items = [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": page_url(page, request),
            "inLanguage": "zh-Hans",
            "potentialAction": {
                "@type": "SearchAction",
                "target": absolute_url(reverse("search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        }
    ]
    if campaign is not None:
        hosts, _organisers = campaign_organisations(campaign)
        items += [{"@context": "https://schema.org", **host} for host in hosts]
    else:
        items.append({"@context": "https://schema.org", **publisher()})
    return items


def for_page(page, request=None, context=None):
    """The JSON-LD object(s) for a page, or None when its type has none."""
    from campaign.models import ActivityPage, CampaignPage, NewsPage, OfficerPage
    from home.models import HomePage

    context = context or {}
    if isinstance(page, NewsPage):
        return news_article(page, request)
    if isinstance(page, ActivityPage):
        return event(page, request, campaign=context.get("campaign"))
    if isinstance(page, CampaignPage):
        return campaign_event(page, request)
    if isinstance(page, OfficerPage):
        return person(page, request)
    if isinstance(page, HomePage):
        return website(page, request, campaign=context.get("campaign"))
    return None


def dumps(data):
    """JSON for a <script> element: '<', '>' and '&' escaped so text can't close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
