"""Partner preview: one page's latest draft through the API, by a short-lived link.

wagtail-headless-preview's idea without its machinery: a chief editor creates
a link in the admin (newsroom/partner_preview.py); the partner app GETs
``/api/v1/preview/<token>/`` and receives the latest revision of that one
page, in the same JSON shape as the live item. The token is random, stored
only as its SHA-256, expires after ``PARTNER_PREVIEW_TTL_SECONDS`` and can be
revoked. Everything the draft links to (activities, officers, campaign,
pages in its body) still goes through ``publishing.visibility``, so a
preview never reveals any other draft. Responses are never cached.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from campaign.models import ActivityPage, CampaignPage, NewsPage, OfficerPage
from cms.absolute_urls import absolute_url
from partner_api import serializers
from partner_api.errors import problem_response
from partner_api.models import PreviewToken
from partner_api.views import PartnerAPIView, body_values

SERIALIZERS = {
    NewsPage: serializers.NewsSerializer,
    ActivityPage: serializers.ActivitySerializer,
    OfficerPage: serializers.OfficerSerializer,
    CampaignPage: serializers.CampaignSerializer,
}
MAX_TOKEN_LENGTH = 100


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def serializer_for(page):
    for model, serializer_class in SERIALIZERS.items():
        if isinstance(page, model):
            return serializer_class
    return None


def is_previewable(page):
    return issubclass(page.specific_class or type(page), tuple(SERIALIZERS))


def user_can_create(user, page):
    """Those who may publish the page (值班主任, administrators) may show its draft to partners."""
    return is_previewable(page) and page.permissions_for_user(user).can_publish()


def create_token(page, user):
    """A new link for ``page``; returns (record, plain token). The plain token is never stored."""
    token = secrets.token_urlsafe(32)
    record = PreviewToken.objects.create(
        page=page,
        token_hash=hash_token(token),
        prefix=token[:8],
        created_by=user,
        expires_at=timezone.now() + timedelta(seconds=settings.PARTNER_PREVIEW_TTL_SECONDS),
    )
    return record, token


def preview_url(token):
    return absolute_url(reverse("partner_api:preview", args=[token]))


@extend_schema(exclude=True)
class PreviewView(PartnerAPIView):
    """GET the latest draft of the one page a preview token was made for."""

    query_params = {"format"}

    def body_format(self):
        return self.request.query_params.get("format", "html")

    def get(self, request, *args, **kwargs):
        # No ETag/Last-Modified: a draft changes without the content version moving.
        return self.serve(request, *args, **kwargs)

    def serve(self, request, token):
        if len(token) > MAX_TOKEN_LENGTH or "\x00" in token:
            raise Http404
        record = PreviewToken.objects.select_related("page").filter(token_hash=hash_token(token)).first()
        if record is None or record.revoked_at is not None:
            raise Http404
        if record.is_expired:
            return problem_response(410, "预览链接已过期，请编辑重新生成。")
        draft = record.page.specific.get_latest_revision_as_object()
        serializer_class = serializer_for(draft)
        if serializer_class is None:
            raise Http404
        self.add_public_relations(draft)
        context = self.get_serializer_context()
        context["render"].prime(body_values([draft]))
        response = Response(serializer_class(draft, context=context).data)
        response["X-Preview-Expires"] = http_date(record.expires_at.timestamp())
        return response

    def add_public_relations(self, draft):
        """What the list querysets annotate, worked out for an unsaved revision object: public items only."""
        if isinstance(draft, (NewsPage, OfficerPage)):
            draft.campaign_public = (
                draft.campaign_id is not None and self.public(CampaignPage).filter(pk=draft.campaign_id).exists()
            )
        if isinstance(draft, NewsPage):
            activity_ids = [item.pk for item in draft.activities.all()]
            officer_ids = [item.pk for item in draft.officers.all()]
            draft.public_activities_list = list(
                self.public(ActivityPage).filter(pk__in=activity_ids).order_by("number", "path")
            )
            draft.public_officers_list = list(self.public(OfficerPage).filter(pk__in=officer_ids).order_by("path"))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
