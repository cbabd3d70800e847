"""``GET /api/v1/changes/``: the partners' sync feed.

Without ``since`` it returns the current state (every public item, paged),
then hands over a cursor. With ``since`` it returns the events after that
cursor, oldest first; removals are tombstones. Cursors are the content
version, handed out in commit order, so a partner that follows ``next``
until ``results`` is empty and resumes from its last cursor misses nothing.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from campaign.models import ActivityPage, CampaignPage, NewsPage, OfficerPage, Organisation
from cms.absolute_urls import absolute_url
from partner_api.errors import PROBLEM_CONTENT_TYPE, BadQueryParameter, problem_response
from partner_api.pagination import parse_non_negative
from partner_api.views import ERROR_RESPONSES, PartnerAPIView
from publishing import content_version
from publishing.models import ChangeEvent, ContentVersion
from publishing.visibility import public_media, public_snippets

SNAPSHOT_TYPES = [
    ("campaign", CampaignPage),
    ("activity", ActivityPage),
    ("officer", OfficerPage),
    ("news", NewsPage),
    ("organisation", Organisation),
    ("document", get_document_model()),
]
GONE_RESPONSE = {
    (410, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        response=ERROR_RESPONSES[(400, PROBLEM_CONTENT_TYPE)].response,
        description="游标早于保留期，需要不带 since 重新全量同步",
    )
}
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

ChangeSerializer = inline_serializer(
    "Change",
    {
        "cursor": serializers.IntegerField(),
        "event": serializers.ChoiceField(choices=ChangeEvent.Kind.values),
        "type": serializers.CharField(),
        "id": serializers.IntegerField(),
        "url": serializers.CharField(),
        "occurred_at": serializers.DateTimeField(allow_null=True),
        "removed": serializers.BooleanField(),
    },
)
ChangesPageSerializer = inline_serializer(
    "ChangesPage",
    {
        "mode": serializers.ChoiceField(choices=["snapshot", "changes"]),
        "cursor": serializers.IntegerField(),
        "next": serializers.CharField(allow_null=True),
        "results": serializers.ListField(child=ChangeSerializer),
    },
)


class DocumentURLs:
    """(pk, document) pairs of a document queryset, sliced like ``values_list``: the URL needs the file name."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        return [(document.pk, document) for document in self.queryset[window]]


class ChangesView(PartnerAPIView):
    query_params = {"since", "snapshot", "limit", "offset"}

    def changes_url(self, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return absolute_url(f"{reverse('partner_api_changes')}?{query}")

    def parse_cursor(self, request, name):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isdigit():
            raise BadQueryParameter(name, "游标必须是非负整数。")
        return int(raw)

    @extend_schema(
        operation_id="changes",
        summary="变更流（含删除墓碑）",
        parameters=[
            OpenApiParameter(
                "since", {"type": "integer", "minimum": 0}, description="上次同步得到的 cursor；省略则返回当前全量快照"
            ),
            OpenApiParameter(
                "snapshot", {"type": "integer", "minimum": 0}, description="快照分页时由 next 链接携带，不要自行构造"
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"每页条数，默认 {DEFAULT_LIMIT}，最多 {MAX_LIMIT}",
            ),
            OpenApiParameter("offset", {"type": "integer", "minimum": 0}, description="快照分页偏移，由 next 链接携带"),
        ],
        responses={200: ChangesPageSerializer, **ERROR_RESPONSES, **GONE_RESPONSE},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        limit = parse_non_negative(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        since = self.parse_cursor(request, "since")
        snapshot = self.parse_cursor(request, "snapshot")
        current = content_version.current()[0]
        if since is None:
            offset = parse_non_negative(request, "offset", 0, 0)
            return Response(self.snapshot(snapshot if snapshot is not None else current, offset, limit))
        compacted = ContentVersion.objects.values_list("compacted_through", flat=True).first() or 0
        if since < compacted:
            return problem_response(
                410,
                f"游标 {since} 早于保留期（已清理至 {compacted}），请不带 since 重新全量同步。",
                headers={"Link": f'<{self.changes_url()}>; rel="start"'},
            )
        events = list(ChangeEvent.objects.filter(sequence__gt=since).order_by("sequence")[:limit])
        cursor = events[-1].sequence if events else since
        return Response(
            {
                "mode": "changes",
                "cursor": cursor,
                "next": self.changes_url(since=cursor),
                "results": [self.event_data(event) for event in events],
            }
        )

    def event_data(self, event):
        return {
            "cursor": event.sequence,
            "event": event.event,
            "type": event.item_type,
            "id": event.item_id,
            "url": event.url,
            "occurred_at": event.occurred_at.isoformat(),
            "removed": event.is_removal,
        }

    def snapshot(self, cursor, offset, limit):
        """The public items, in a fixed order: type, then id."""
        root = Site.objects.filter(is_default_site=True).values_list("root_page__url_path", flat=True).first() or "/"
        results, skipped = [], 0
        for item_type, model in SNAPSHOT_TYPES:
            if issubclass(model, Page):
                queryset = self.public(model).order_by("pk").values_list("pk", "url_path")
            elif item_type == "document":
                queryset = DocumentURLs(public_media(model.objects.order_by("pk")))
            else:
                queryset = public_snippets(model.objects.order_by("pk")).values_list("pk", "pk")
            count = queryset.count()
            if skipped + count <= offset:
                skipped += count
                continue
            start = max(0, offset - skipped)
            for pk, url_path in queryset[start : start + limit - len(results)]:
                if isinstance(url_path, str):
                    url = absolute_url("/" + url_path[len(root) :])
                else:
                    url = absolute_url(getattr(url_path, "url", ""))
                results.append(
                    {
                        "cursor": cursor,
                        "event": "published",
                        "type": item_type,
                        "id": pk,
                        "url": url,
                        "occurred_at": None,
                        "removed": False,
                    }
                )
            skipped += count
            if len(results) >= limit:
                break
        more = len(results) >= limit
        next_url = (
            self.changes_url(snapshot=cursor, offset=offset + len(results), limit=limit)
            if more
            else self.changes_url(since=cursor)
        )
        return {"mode": "snapshot", "cursor": cursor, "next": next_url, "results": results}
