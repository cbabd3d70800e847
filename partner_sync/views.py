"""``GET /api/v1/changes/``: the partners' sync feed.

Without ``since`` it returns a snapshot: every public item, paged by a stable
key (type, then id; ``next`` carries the last key seen, never an offset), all
under the cursor the snapshot started at. With ``since`` it returns the
events after that cursor, oldest first; removals are tombstones. Cursors are
the content version, handed out in commit order.

The contract (docs/partner-guide.md): an item public for the whole snapshot
is in it exactly once, whatever is published or withdrawn meanwhile; an item
published, changed or withdrawn after the snapshot's cursor has an event
after that cursor. So a partner that applies the snapshot, then the events
from its cursor (fetching each item again), misses nothing.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.models import Page, Site

from cms.absolute_urls import absolute_url
from partner_api.errors import PROBLEM_CONTENT_TYPE, BadQueryParameter, problem_response
from partner_api.pagination import parse_non_negative
from partner_api.views import ERROR_RESPONSES, PartnerAPIView
from publishing import content_version, dependencies, invalidation, items
from publishing.models import ChangeEvent, ContentVersion
from publishing.visibility import public_media, public_snippets

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


class ChangesView(PartnerAPIView):
    query_params = {"since", "snapshot", "after", "limit"}

    def changes_url(self, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return absolute_url(f"{reverse('partner_api_changes')}?{query}")

    def parse_cursor(self, request, name, current):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isdigit() or len(raw) > 18:
            raise BadQueryParameter(name, "游标必须是非负整数。")
        if int(raw) > current:
            raise BadQueryParameter(name, f"游标 {raw} 晚于当前游标 {current}，请使用本接口返回的 cursor。")
        return int(raw)

    def parse_after(self, request):
        """``after=<type>:<id>``: the last item of the previous snapshot page."""
        raw = request.query_params.get("after")
        if raw is None:
            return None
        item_type, _, item_id = raw.partition(":")
        if item_type not in items.item_models() or not item_id.isdigit() or len(item_id) > 18:
            raise BadQueryParameter("after", "格式应为 类型:id（由 next 链接携带，不要自行构造）。")
        return item_type, int(item_id)

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
            OpenApiParameter(
                "after",
                {"type": "string", "pattern": f"^({'|'.join(items.item_models())}):[0-9]{{1,18}}$"},
                description="快照分页位置（上一页最后一项的 类型:id），由 next 链接携带",
            ),
        ],
        responses={200: ChangesPageSerializer, **ERROR_RESPONSES, **GONE_RESPONSE},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        # The feed and its cursor move with every change (publishing.invalidation).
        dependencies.touch(invalidation.ANY_KEY)
        limit = parse_non_negative(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        current = content_version.current()[0]
        since = self.parse_cursor(request, "since", current)
        snapshot = self.parse_cursor(request, "snapshot", current)
        after = self.parse_after(request)
        if since is None:
            return Response(self.snapshot(snapshot if snapshot is not None else current, after, limit))
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

    def snapshot(self, cursor, after, limit):
        """The public items after ``after``, ordered by (type, id): a keyset, so nothing shifts between pages."""
        root = Site.objects.filter(is_default_site=True).values_list("root_page__url_path", flat=True).first() or "/"
        results = []
        for item_type, model in items.item_models().items():
            if after is not None and item_type < after[0]:
                continue
            if issubclass(model, Page):
                queryset = self.public(model)
            elif item_type == "document":
                queryset = public_media(model.objects.all())
            else:
                queryset = public_snippets(model.objects.all())
            queryset = queryset.order_by("pk")
            if after is not None and item_type == after[0]:
                queryset = queryset.filter(pk__gt=after[1])
            window = limit - len(results)
            if issubclass(model, Page):
                rows = queryset.values_list("pk", "url_path")[:window]
            elif item_type == "document":  # the URL needs the file name
                rows = [(document.pk, document) for document in queryset[:window]]
            else:
                rows = queryset.values_list("pk", "pk")[:window]
            for pk, source in rows:
                if isinstance(source, str):
                    url = absolute_url("/" + source[len(root) :])
                else:
                    url = absolute_url(getattr(source, "url", ""))
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
            if len(results) >= limit:
                break
        if len(results) >= limit:
            last = results[-1]
            next_url = self.changes_url(snapshot=cursor, after=f"{last['type']}:{last['id']}", limit=limit)
        else:
            next_url = self.changes_url(since=cursor)
        return {"mode": "snapshot", "cursor": cursor, "next": next_url, "results": results}
