"""The partner JSON of one item, as the detail endpoint serves it, for ``publishing.items``.

Rendered with every expansion and the HTML body, so that the item's
dependency record and fingerprint cover whatever a partner may ask for.
"""

from urllib.parse import urlsplit

from django.http import Http404
from django.test import RequestFactory
from rest_framework.request import Request

from cms.absolute_urls import base_url
from partner_api import views


def detail_views():
    return {
        "campaign": views.CampaignDetailView,
        "activity": views.ActivityDetailView,
        "officer": views.OfficerDetailView,
        "news": views.NewsDetailView,
        "organisation": views.OrganisationDetailView,
        "document": views.DocumentDetailView,
    }


def render_item(item_type, item_id):
    """The item's detail JSON (all expansions, ``format=html``), or None if it is not public."""
    view_class = detail_views()[item_type]
    view = view_class()
    params = {"format": "html"}
    if view.expansions:
        params["expand"] = ",".join(view.expansions)
    host = urlsplit(base_url()).netloc or "localhost"
    django_request = RequestFactory().get("/", params, HTTP_HOST=host)
    view.request = Request(django_request)
    view.args, view.kwargs, view.format_kwarg = (), {"pk": item_id}, None
    view.expand = set(view.expansions)
    try:
        obj = view.get_object()
    except Http404:
        return None
    view.attach([obj])
    context = view.get_serializer_context()
    context["render"].prime(views.body_values([obj]))
    return dict(view.get_serializer(obj, context=context).data)
