"""Feeds, the activities calendar and robots.txt, with conditional GET on what each response read."""

import functools

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from campaign.models import CampaignPage
from cms.absolute_urls import absolute_url
from publishing.http import mark_public
from publishing.visibility import public_pages
from syndication import calendar, feeds
from syndication.sitemaps import PublicSitemap

FEED_MAX_AGE = 300


def _validated(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Feeds, calendars and the sitemap show no status badge: not dated.
        return mark_public(response, dated=False) if response.status_code == 200 else response

    return wrapper


def conditional(view):
    """Public, briefly cacheable; ETag, Last-Modified and 304 from the keys it read (publishing.response_cache)."""
    return require_safe(cache_control(public=True, max_age=FEED_MAX_AGE)(_validated(view)))


news_rss = conditional(feeds.NewsFeed())
news_atom = conditional(feeds.NewsAtomFeed())
campaign_rss = conditional(feeds.CampaignNewsFeed())
campaign_atom = conditional(feeds.CampaignNewsAtomFeed())


def _calendar_response(items, name, filename):
    body = calendar.build_calendar(items, name=name).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@conditional
def subscribe(request):
    """How to subscribe: every feed and calendar with its address, in words a reader follows."""
    campaigns = public_pages(CampaignPage.objects.all()).order_by("-year").only("title", "year")
    groups = [
        {
            "title": "全部新闻",
            "feeds": [
                ("RSS", absolute_url(reverse("syndication:news_rss"))),
                ("Atom", absolute_url(reverse("syndication:news_atom"))),
            ],
        }
    ]
    for campaign in campaigns:
        groups.append(
            {
                "title": f"{campaign.title} · 新闻",
                "feeds": [
                    ("RSS", absolute_url(reverse("syndication:campaign_rss", args=[campaign.year]))),
                    ("Atom", absolute_url(reverse("syndication:campaign_atom", args=[campaign.year]))),
                ],
            }
        )
    calendars = [("全部活动", absolute_url(reverse("syndication:activities_ics")))]
    calendars += [
        (campaign.title, absolute_url(reverse("syndication:campaign_ics", args=[campaign.year])))
        for campaign in campaigns
    ]
    return TemplateResponse(request, "syndication/subscribe.html", {"groups": groups, "calendars": calendars})


@conditional
def activities_ics(request):
    return _calendar_response(calendar.activities(), "质量昆明 · 活动日历", "zlkm-activities.ics")


@conditional
def campaign_ics(request, year):
    campaign = public_pages(CampaignPage.objects.filter(year=year)).first()
    if campaign is None:
        raise Http404("没有这一年的质量月")
    return _calendar_response(
        calendar.activities(campaign), f"{campaign.title} · 活动日历", f"zlkm-{campaign.year}-activities.ics"
    )


@conditional
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"wagtail": PublicSitemap})


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
