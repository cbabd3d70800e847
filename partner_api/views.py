"""Partner content API v1 views.

Every view derives from ``PartnerAPIView``: it authenticates keys, throttles,
rejects unknown query parameters, answers conditional requests from the
content version, and sets every response header in one place
(``finalize_response``), which is where later layers (script variants) hook in.
"""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, IntegerField, Prefetch, Value
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers as drf_serializers
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from campaign.models import (
    ActivityDocument,
    ActivityPage,
    CampaignOrganisation,
    CampaignPage,
    NewsPage,
    NewsPageTag,
    OfficerPage,
    Organisation,
)
from cms.absolute_urls import absolute_url
from partner_api import filters, serializers
from partner_api.authentication import PartnerKeyAuthentication
from partner_api.errors import PROBLEM_CONTENT_TYPE, BadQueryParameter, problem_exception_handler
from partner_api.models import PartnerKey
from partner_api.pagination import PartnerPagination
from partner_api.renderers import FastJSONRenderer
from publishing import dependencies, rendering
from publishing import items as item_records
from publishing.http import mark_public
from publishing.renditions import NAMED_RENDITIONS
from publishing.response_cache import SHAREABLE_ATTR
from publishing.visibility import is_public, public_media, public_pages, public_snippets
from script_variants import api as script_variants_api
from search.query import MAX_QUERY_LENGTH, search_pages

PAGING_PARAMS = {"limit", "offset"}


class BodyFormatNegotiation(DefaultContentNegotiation):
    """``?format=`` picks the body format (html/text/blocks), never the renderer."""

    class settings:
        URL_FORMAT_OVERRIDE = None


def renditions_prefetch(lookup):
    Rendition = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions",
        queryset=Rendition.objects.filter(filter_spec__in=list(NAMED_RENDITIONS.values())),
    )


class ProblemSerializer(drf_serializers.Serializer):
    """The one error shape (RFC 7807 problem+json)."""

    type = drf_serializers.URLField()
    title = drf_serializers.CharField()
    status = drf_serializers.IntegerField()
    detail = drf_serializers.CharField()
    errors = drf_serializers.DictField(
        child=drf_serializers.ListField(child=drf_serializers.CharField()),
        required=False,
        help_text="出错的查询参数及原因",
    )

    class Meta:
        ref_name = "Problem"


ERROR_RESPONSES = {
    (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(response=ProblemSerializer, description=description)
    for status, description in {
        400: "查询参数有误，errors 中列出出错的参数",
        401: "密钥无效或已撤销",
        404: "内容不存在或不公开",
        405: "只支持 GET、HEAD、OPTIONS",
        429: "请求过于频繁，见 Retry-After",
    }.items()
}

TEXT_PARAM = filters.TEXT_SCHEMA

FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=list(rendering.FORMATS), description="正文格式：html（默认）、text 或 blocks"
)


class PartnerAPIView(GenericAPIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = []  # partner_api.middleware.RateLimitMiddleware, outside the response cache
    content_negotiation_class = BodyFormatNegotiation
    pagination_class = None
    filter_backends = []
    http_method_names = ["get", "head", "options"]
    # Query parameters this view understands, besides its filters. Later layers
    # (e.g. script variants) add theirs to ``extra_query_params``.
    query_params = set()
    extra_query_params = {"variant"}  # script_variants/api.py
    expansions = ()
    expand = frozenset()
    fields = None
    body_formats = rendering.FORMATS  # what ?format= may ask for

    def selectable_fields(self):
        return list(self.get_serializer_class()().fields)

    def get_renderers(self):
        renderers = [FastJSONRenderer()]
        if getattr(settings, "PARTNER_API_BROWSABLE", settings.DEBUG):
            renderers.append(BrowsableAPIRenderer())
        return renderers

    def get_exception_handler(self):
        return problem_exception_handler

    # Parameters and validation

    def allowed_query_params(self):
        allowed = set(self.query_params) | set(self.extra_query_params)
        if not self.expansions:
            allowed.discard("expand")  # only types with expansions take ?expand=
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        return allowed

    def check_query_params(self, request):
        allowed = self.allowed_query_params()
        for name, values in request.query_params.lists():
            if any("\x00" in value for value in values):
                raise BadQueryParameter(name, "参数值不能包含 NUL 字符。")
            if name not in allowed:
                raise BadQueryParameter(name, f"未知参数。可用参数：{', '.join(sorted(allowed))}。")
            # Strict input: a filter given twice or left empty is a mistake, never silently ignored.
            if len(values) > 1:
                raise BadQueryParameter(
                    name, "参数只能出现一次；多个值请用逗号分隔（仅 expand、fields、ordering 支持）。"
                )
            if not values[0].strip() and name not in self.extra_query_params:  # variant lists its own choices
                raise BadQueryParameter(name, "参数值不能为空；不需要时请省略该参数。")
        fmt = request.query_params.get("format")
        if fmt is not None and self.body_formats and fmt not in self.body_formats:
            raise BadQueryParameter("format", f"必须是 {' / '.join(rendering.FORMATS)} 之一。")
        self.expand = set()
        raw_expand = request.query_params.get("expand")
        if raw_expand is not None:
            self.expand = {item.strip() for item in raw_expand.split(",") if item.strip()}
            bad = self.expand - set(self.expansions)
            if bad or not self.expand:
                choices = ", ".join(self.expansions) or "（无）"
                raise BadQueryParameter("expand", f"不支持展开“{','.join(sorted(bad))}”；可展开：{choices}。")
            # Expanding campaign.activities expands the campaign too.
            self.expand |= {path.split(".")[0] for path in self.expand}
        self.fields = None
        raw_fields = request.query_params.get("fields")
        if raw_fields is not None:
            available = self.selectable_fields()
            self.fields = {item.strip() for item in raw_fields.split(",") if item.strip()}
            bad = self.fields - set(available)
            if bad or not self.fields:
                raise BadQueryParameter(
                    "fields",
                    f"没有字段“{','.join(sorted(bad))}”；可选：{', '.join(available)}（id 和 type 总会返回）。",
                )
        q = request.query_params.get("q")
        if q is not None and len(q) > MAX_QUERY_LENGTH:
            raise BadQueryParameter("q", f"不能超过 {MAX_QUERY_LENGTH} 个字符。")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_query_params(request)
        script_variants_api.check_variant(request)

    # Conditional GET and headers: the one place that shapes responses.

    def get(self, request, *args, **kwargs):
        # ETag, Last-Modified and 304 come from the keys the response read (publishing.response_cache).
        self.validated = True
        return self.serve(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Authorization"])
        if response.status_code == 200 and getattr(self, "validated", False):
            mark_public(response)
            max_age = getattr(settings, "PARTNER_API_MAX_AGE", 60)
            if isinstance(getattr(request, "auth", None), PartnerKey):
                patch_cache_control(response, private=True, max_age=max_age)
                # Nothing here depends on the key: the body is the anonymous one (shared cache entry).
                setattr(response, SHAREABLE_ATTR, response.status_code == 200)
            else:
                patch_cache_control(response, public=True, max_age=max_age)
        elif response.status_code >= 400:
            patch_cache_control(response, no_store=True)
        # Traditional text on ?variant= / Accept-Language; Content-Language, Vary.
        return script_variants_api.finalize(request, response)

    # Shared lookups, each one query at most per request

    def public(self, model):
        # Filtered on the model's own page row (not ``pk IN (every public page)``), so a
        # list can walk an index in order and stop after one page of results.
        queryset = model.objects.all()
        membership = getattr(self, "membership", {}).get(model)
        if membership:
            # A detail by id depends on that one page, not on every page of its type.
            queryset.membership_keys = membership
        return public_pages(queryset)

    def public_campaigns(self):
        if not hasattr(self, "_public_campaigns"):
            self._public_campaigns = {c.path: c for c in self.public(CampaignPage).order_by()}
        return self._public_campaigns

    def campaign_of(self, obj):
        if isinstance(obj, CampaignPage):
            return obj
        if isinstance(obj, ActivityPage):
            parent_path = obj.path[: -obj.steplen]
            if dependencies.is_tracking():
                # The parent may be hidden now and public later: depend on it either way
                # (looked up once per parent and request; activities share their campaign).
                parents = self.__dict__.setdefault("_parent_pks", {})
                if parent_path not in parents:
                    parents[parent_path] = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
                if parents[parent_path] is not None:
                    dependencies.touch(dependencies.page_key(parents[parent_path]))
            return self.public_campaigns().get(parent_path)
        if obj.campaign_id is None:
            return None
        public = getattr(obj, "campaign_public", None)  # set by preview
        if public is None:
            # The campaign row comes with the item (select_related): the one rule, no query.
            public = is_public(obj.campaign)
        return obj.campaign if public else None

    def activities_of(self, campaign):
        # Read as values: a new public activity below the campaign changes this list.
        dependencies.touch(dependencies.children_key(campaign.pk))
        if not hasattr(self, "_activity_ids"):
            self._activity_ids = {}
            for pk, path in self.public(ActivityPage).order_by("number", "path").values_list("pk", "path"):
                self._activity_ids.setdefault(path[: -ActivityPage.steplen], []).append(pk)
        return self._activity_ids.get(campaign.path, [])

    def body_format(self):
        return None

    def attach(self, items):
        """Add what the serializer reads to the fetched items, after paging (see NewsQuerysets)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.update(
            render=rendering.RenderContext(self.request),
            campaign_of=self.campaign_of,
            activities_of=self.activities_of,
            expand=getattr(self, "expand", set()),
            fields=getattr(self, "fields", None),
            related_objects=self.related_objects,
            body_format=self.body_format(),
        )
        return context

    def related_objects(self, kind, ids):
        """Public items of one type by id, in the order of ``ids``, each fetched once per request (expand)."""
        store = self.__dict__.setdefault("_related_objects", {}).setdefault(kind, {})
        missing = [pk for pk in dict.fromkeys(ids) if pk not in store]
        if missing:
            for obj in RELATED_QUERYSETS[kind](self).filter(pk__in=missing):
                store[obj.pk] = obj
            for pk in missing:
                store.setdefault(pk, None)
        return [store[pk] for pk in ids if store[pk] is not None]


def documents_prefetch():
    """An activity's 相关报告 with their documents, in one query (the serializer filters private ones)."""
    return Prefetch("related_documents", queryset=ActivityDocument.objects.select_related("document"))


class ItemQuerysets:
    """How each type is fetched: a fixed number of queries whatever the page size."""

    model = None
    description = ""
    expansions = ()

    # Rendered only when a format is asked for (always in detail, on request in lists).
    body_fields = ("body", "history", "how_to_take_part")
    # The related campaign is a reference (id, title, year, url) unless expanded.
    campaign_ref_deferred = ("campaign__body", "campaign__history", "campaign__headline_figures")

    def base_queryset(self):
        raise NotImplementedError

    def attach(self, items):
        """Add what the serializer reads to the fetched items (one query at most; see NewsQuerysets)."""

    def get_queryset(self):
        modified_at = item_records.modified_at_subquery(self.model.partner_item_type)
        queryset = self.base_queryset().annotate(modified_at=modified_at)
        deferred = []
        if not self.body_format():
            names = {field.name for field in self.model._meta.get_fields()}
            deferred += [name for name in self.body_fields if name in names]
        if "campaign" in queryset.query.select_related and "campaign" not in self.expand:
            deferred += self.campaign_ref_deferred
        return queryset.defer(*deferred) if deferred else queryset


class CampaignQuerysets(ItemQuerysets):
    description = "年度质量月列表，最新年份在前。"
    model = CampaignPage
    queryset = CampaignPage.objects.none()  # only tells the schema generator the model
    serializer_class = serializers.CampaignSerializer
    filterset_class = filters.CampaignFilterSet
    ordering_fields = ["year", "first_published_at", "last_published_at"]
    ordering = ["-year"]
    expansions = serializers.expansions("campaign")

    def base_queryset(self):
        return (
            self.public(CampaignPage)
            .select_related("hero_image")
            .prefetch_related(
                renditions_prefetch("hero_image"),
                Prefetch(
                    "organisations",
                    queryset=CampaignOrganisation.objects.select_related("organisation").order_by("sort_order"),
                ),
            )
        )


class ActivityQuerysets(ItemQuerysets):
    description = "活动列表。status 按北京时间当天计算。"
    model = ActivityPage
    queryset = ActivityPage.objects.none()  # only tells the schema generator the model
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilterSet
    ordering_fields = ["number", "start_date", "end_date", "first_published_at", "last_published_at"]
    ordering = ["-start_date", "number", "pk"]
    expansions = serializers.expansions("activity")

    def base_queryset(self):
        return (
            self.public(ActivityPage)
            .select_related("hero_image")
            .prefetch_related(
                renditions_prefetch("hero_image"),
                "sub_activities",
                "sessions",
                documents_prefetch(),
            )
        )


class OfficerQuerysets(ItemQuerysets):
    description = "春城质量官列表。"
    model = OfficerPage
    queryset = OfficerPage.objects.none()  # only tells the schema generator the model
    serializer_class = serializers.OfficerSerializer
    filterset_class = filters.OfficerFilterSet
    ordering_fields = ["appointed_year", "title", "first_published_at", "last_published_at"]
    ordering = ["path"]
    expansions = serializers.expansions("officer")

    def base_queryset(self):
        return (
            self.public(OfficerPage).select_related("photo", "campaign").prefetch_related(renditions_prefetch("photo"))
        )


class NewsQuerysets(ItemQuerysets):
    description = "新闻列表，默认按发布时间倒序。"
    model = NewsPage
    queryset = NewsPage.objects.none()  # only tells the schema generator the model
    serializer_class = serializers.NewsSerializer
    filterset_class = filters.NewsFilterSet
    ordering_fields = ["published_at", "first_published_at", "last_published_at", "title"]
    ordering = ["-published_at", "-pk"]
    expansions = serializers.expansions("news")

    def base_queryset(self):
        queryset = (
            self.public(NewsPage)
            .select_related("hero_image", "campaign", *(["campaign__hero_image"] if "campaign" in self.expand else []))
            .prefetch_related(renditions_prefetch("hero_image"))
        )
        # Tags and related ids come in one query (attach); whole related objects only when expanded.
        if "activities" in self.expand:
            activities = (
                self.public(ActivityPage)
                .order_by("number", "path")
                .select_related("hero_image")
                .prefetch_related(renditions_prefetch("hero_image"), "sub_activities", "sessions", documents_prefetch())
            )
            queryset = queryset.prefetch_related(
                Prefetch("activities", queryset=activities, to_attr="public_activities_list")
            )
        if "officers" in self.expand:
            officers = (
                self.public(OfficerPage)
                .order_by("path")
                .select_related("photo", "campaign")
                .prefetch_related(renditions_prefetch("photo"))
            )
            queryset = queryset.prefetch_related(
                Prefetch("officers", queryset=officers, to_attr="public_officers_list")
            )
        if "campaign" in self.expand:
            queryset = queryset.prefetch_related(
                renditions_prefetch("campaign__hero_image"),
                Prefetch(
                    "campaign__organisations",
                    queryset=CampaignOrganisation.objects.select_related("organisation").order_by("sort_order"),
                ),
            )
        return queryset

    def attach(self, items):
        """Tag names and public activity/officer ids of every item, in one UNION query."""
        if not items:
            return
        ids = [item.pk for item in items]
        text = CharField()
        number = IntegerField()

        def rows(queryset, owner, kind, item, sort_number, sort_text):
            return queryset.annotate(
                r_owner=F(owner),
                r_kind=Value(kind, output_field=text),
                r_item=F(item),
                r_number=sort_number,
                r_text=F(sort_text),
            ).values_list("r_owner", "r_kind", "r_item", "r_number", "r_text")

        activities = rows(
            public_links(NewsPage.activities.through, ActivityPage, "newspage_id", "activitypage_id", ids),
            "newspage_id", "a", "activitypage_id", F("activitypage__number"), "activitypage__path",
        )  # fmt: skip
        officers = rows(
            public_links(NewsPage.officers.through, OfficerPage, "newspage_id", "officerpage_id", ids),
            "newspage_id", "o", "officerpage_id", Value(0, output_field=number), "officerpage__path",
        )  # fmt: skip
        tags = rows(
            NewsPageTag.objects.filter(content_object_id__in=ids),
            "content_object_id", "t", "tag_id", Value(0, output_field=number), "tag__name",
        )  # fmt: skip
        found = {item.pk: {"a": [], "o": [], "t": []} for item in items}
        for owner, kind, item, sort_number, sort_text in activities.union(officers, tags, all=True):
            found[owner][kind].append((sort_number, sort_text, item))
        dependencies.touch(*(f"tag:{tag_id}" for *_rest, tag_id in found_tags(found)))
        for item in items:
            related = found[item.pk]
            item.public_activities_ids = [pk for *_key, pk in sorted(related["a"])]
            item.public_officers_ids = [pk for *_key, pk in sorted(related["o"])]
            item.tag_names = sorted(name for _n, name, _pk in related["t"])


def found_tags(found):
    return (row for related in found.values() for row in related["t"])


def public_links(through, model, owner, target, owner_ids):
    """Rows of an m2m ``through`` table from these owners to public ``model`` pages.

    Visibility is checked on the few linked pages only, not on every page of the type.
    """
    links = through.objects.filter(**{f"{owner}__in": owner_ids})
    linked = public_pages(model.objects.filter(pk__in=links.values(target))).values("pk")
    return links.filter(**{f"{target}__in": linked})


def body_values(items):
    return [getattr(item, name, None) for item in items for name in ("body", "history", "how_to_take_part")]


def rank_order(model, ranked):
    """An ORDER BY expression: each row's position in ``ranked`` (a list of pks).

    Written as SQL: up to 1,000 ``When`` objects cost 0.2 s of Python to build,
    resolve and compile on every search request.
    """
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    whens = " ".join(["WHEN %s THEN %s"] * len(ranked))
    params = [value for position, pk in enumerate(ranked) for value in (pk, position)]
    return RawSQL(f"CASE {column} {whens} END", params)


class ListView(PartnerAPIView):
    pagination_class = PartnerPagination
    filter_backends = [DjangoFilterBackend, filters.StrictOrderingFilter]
    query_params = {"limit", "offset", "ordering", "q", "expand", "format", "fields"}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        q = self.request.query_params.get("q")
        if q is not None:
            # Ranked public ids only (no pages built); the page slice is fetched below.
            ranked = search_pages(q, queryset=self.model.objects.all()).ids()
            queryset = queryset.filter(pk__in=ranked)
            if "ordering" not in self.request.query_params and ranked:
                queryset = queryset.order_by(rank_order(queryset.model, ranked))
        return queryset

    def body_format(self):
        return self.request.query_params.get("format")

    def serve(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self.attach(page)
        context = self.get_serializer_context()
        if context["body_format"]:
            context["render"].prime(body_values(page))
        serializer = self.get_serializer_class()(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)


class DetailView(PartnerAPIView):
    query_params = {"format", "expand", "fields"}
    lookup_field = "pk"

    def body_format(self):
        return self.request.query_params.get("format", "html")

    def get_object(self):
        if "slug" not in self.kwargs and getattr(self, "model", None) is not None:
            self.membership = {self.model: (dependencies.page_key(self.kwargs["pk"]),)}
        queryset = self.get_queryset()
        if "slug" in self.kwargs:
            if "\x00" in self.kwargs["slug"]:
                raise Http404
            # Slugs are unique among siblings only; the newest public match wins.
            obj = queryset.filter(slug=self.kwargs["slug"]).order_by("-first_published_at", "-pk").first()
        elif self.kwargs["pk"] > 2**63 - 1:
            raise Http404
        else:
            obj = queryset.filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    def serve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.attach([obj])
        context = self.get_serializer_context()
        context["render"].prime(body_values([obj]))
        return Response(self.get_serializer(obj, context=context).data)

    def get_serializer(self, *args, **kwargs):
        kwargs.setdefault("context", self.get_serializer_context())
        return self.get_serializer_class()(*args, **kwargs)


def list_schema(serializer_class, description, extra_parameters=(), searchable=True, bodies=True):
    parameters = list(extra_parameters)
    if issubclass(serializer_class, serializers.ShapedSerializer):
        parameters.append(fields_parameter(serializer_class))
    if searchable:
        parameters.append(OpenApiParameter("q", TEXT_PARAM, description="全文搜索（中文分词），最长 100 字"))
    if bodies:
        parameters.append(
            OpenApiParameter(
                "format", str, enum=list(rendering.FORMATS), description="给出时列表项也带正文（html、text 或 blocks）"
            )
        )
    operation = extend_schema(
        operation_id=f"{serializer_class.__name__.removesuffix('Serializer').lower()}_list",
        description=description,
        parameters=parameters,
        responses={200: serializer_class(many=True), **{k: v for k, v in ERROR_RESPONSES.items() if k[0] != 404}},
    )
    return extend_schema_view(get=operation)


def detail_schema(serializer_class, expansions=(), bodies=True):
    parameters = [FORMAT_PARAMETER] if bodies else []
    parameters.append(fields_parameter(serializer_class))
    if expansions:
        parameters.append(expand_parameter(expansions))
    return extend_schema_view(
        get=extend_schema(parameters=parameters, responses={200: serializer_class, **ERROR_RESPONSES})
    )


def comma_list(choices):
    choice = "(" + "|".join(re.escape(item) for item in choices) + ")"
    return {"type": "string", "pattern": f"^{choice}(,{choice})*$"}


def expand_parameter(expansions):
    return OpenApiParameter(
        "expand",
        comma_list(expansions),
        description="把关联的 id 或引用换成完整对象，逗号分隔，最多两层（a.b 表示再展开 a 的关联）。"
        f"可选：{', '.join(expansions)}",
        examples=[OpenApiExample("两层", value=",".join(expansions[:2]))] if len(expansions) > 1 else [],
    )


def fields_parameter(serializer_class):
    names = list(serializer_class().fields)
    return OpenApiParameter(
        "fields",
        comma_list(names),
        description=f"只返回这些顶层字段（逗号分隔；id 和 type 总会返回）。可选：{', '.join(names)}",
        examples=[OpenApiExample("标题和地址", value="title,url")],
    )


def typed_views(querysets):
    """The list and detail endpoints of one item type: one definition for every type."""
    name = querysets.model.__name__.removesuffix("Page")
    serializer_class, expansions = querysets.serializer_class, querysets.expansions
    list_view = type(f"{name}ListView", (querysets, ListView), {"__module__": __name__})
    detail_view = type(f"{name}DetailView", (querysets, DetailView), {"__module__": __name__})
    expand = [expand_parameter(expansions)] if expansions else []
    return (
        list_schema(serializer_class, querysets.description, expand)(list_view),
        detail_schema(serializer_class, expansions)(detail_view),
    )


CampaignListView, CampaignDetailView = typed_views(CampaignQuerysets)
ActivityListView, ActivityDetailView = typed_views(ActivityQuerysets)
OfficerListView, OfficerDetailView = typed_views(OfficerQuerysets)
NewsListView, NewsDetailView = typed_views(NewsQuerysets)


class OrganisationQuerysets:
    model = Organisation
    queryset = Organisation.objects.none()  # only tells the schema generator the model
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilterSet
    ordering_fields = ["name"]
    ordering = ["name", "pk"]
    expansions = serializers.expansions("organisation")

    def get_queryset(self):
        roles = (
            CampaignOrganisation.objects.filter(campaign__in=self.public(CampaignPage))
            .select_related("campaign")
            .order_by("-campaign__year", "sort_order")
        )
        # Ordered by the ordering filter (``ordering``, by name by default).
        return (
            public_snippets(Organisation.objects.all())
            .annotate(modified_at=item_records.modified_at_subquery(Organisation.partner_item_type))
            .prefetch_related(Prefetch("campaign_roles", queryset=roles, to_attr="public_roles"))
        )

    def attach(self, organisations):
        if dependencies.is_tracking():
            # Roles in campaigns that are not public (yet) are left out above; depend on those campaigns too.
            campaigns = CampaignOrganisation.objects.filter(organisation__in=organisations).values_list(
                "campaign_id", flat=True
            )
            dependencies.touch(*(dependencies.page_key(pk) for pk in campaigns))


@list_schema(
    serializers.OrganisationSerializer,
    "主办、承办、协办单位。",
    [expand_parameter(serializers.expansions("organisation"))],
    searchable=False,
    bodies=False,
)
class OrganisationListView(OrganisationQuerysets, ListView):
    query_params = {"limit", "offset", "ordering", "expand", "fields"}


@detail_schema(serializers.OrganisationSerializer, serializers.expansions("organisation"), bodies=False)
class OrganisationDetailView(OrganisationQuerysets, DetailView):
    query_params = {"expand", "fields"}


# How ``related_objects`` fetches each type: the same querysets (public, prefetched) as the type's own list.
RELATED_QUERYSETS = {
    "campaign": lambda view: CampaignQuerysets.base_queryset(view),
    "activity": lambda view: ActivityQuerysets.base_queryset(view),
    "officer": lambda view: OfficerQuerysets.base_queryset(view),
    "organisation": lambda view: OrganisationQuerysets.get_queryset(view),
}


class DocumentQuerysets:
    model = get_document_model()
    queryset = model.objects.none()  # only tells the schema generator the model
    serializer_class = serializers.DocumentItemSerializer

    filterset_class = filters.UpdatedSinceFilterSet

    def get_queryset(self):
        modified_at = item_records.modified_at_subquery(item_records.type_for_model(self.model))
        return public_media(self.model.objects.order_by("pk")).annotate(modified_at=modified_at)


@list_schema(
    serializers.DocumentItemSerializer,
    "可下载的文件（如活动的相关报告），仅公开图库中的文件。",
    searchable=False,
    bodies=False,
)
class DocumentListView(DocumentQuerysets, ListView):
    query_params = {"limit", "offset", "updated_since"}


@extend_schema_view(get=extend_schema(responses={200: serializers.DocumentItemSerializer, **ERROR_RESPONSES}))
class DocumentDetailView(DocumentQuerysets, DetailView):
    query_params = set()


SEARCH_TYPES = {
    "campaign": CampaignPage,
    "activity": ActivityPage,
    "officer": OfficerPage,
    "news": NewsPage,
}


@extend_schema_view(
    get=extend_schema(
        operation_id="search",
        description=(
            "跨类型搜索，结果按相关度排序。每项的 type（campaign、activity、officer、news）决定其结构，"
            "并带 highlighted_title 和 snippet：与网站搜索页相同的高亮摘要（HTML，命中词在 <mark> 中）。"
        ),
        parameters=[
            OpenApiParameter("q", {**TEXT_PARAM, "minLength": 1}, required=True, description="搜索词，最长 100 字"),
            OpenApiParameter("type", str, enum=list(SEARCH_TYPES), description="只搜索一种类型"),
        ],
        responses={
            200: PolymorphicProxySerializer(
                component_name="SearchResult",
                resource_type_field_name="type",
                serializers=serializers.SEARCH_HIT_SERIALIZERS,
                many=True,
            ),
            **{k: v for k, v in ERROR_RESPONSES.items() if k[0] != 404},
        },
    )
)
class SearchView(PartnerAPIView):
    pagination_class = PartnerPagination
    query_params = {"q", "type", "limit", "offset"}

    def check_query_params(self, request):
        super().check_query_params(request)
        if not request.query_params.get("q"):
            raise BadQueryParameter("q", "请提供搜索词。")
        kind = request.query_params.get("type")
        if kind is not None and kind not in SEARCH_TYPES:
            raise BadQueryParameter("type", f"必须是 {' / '.join(SEARCH_TYPES)} 之一。")

    # No expansions, no bodies: each hit is its type's list item plus highlighted_title and snippet.
    expand = frozenset()

    def serve(self, request, *args, **kwargs):
        kind = request.query_params.get("type")
        models = [SEARCH_TYPES[kind]] if kind else list(SEARCH_TYPES.values())
        results = search_pages(request.query_params["q"], models=models)
        # Ranked (pk, content type) pairs of the page only; objects are fetched per type below.
        entries = self.paginate_queryset(RankedEntries(results))
        context = {**self.get_serializer_context(), "query": request.query_params["q"]}
        data = []
        for kind, item in self.fetch(entries):
            data.append(serializers.SEARCH_HIT_SERIALIZERS[kind](item, context=context).data)
        return self.get_paginated_response(data)

    def fetch(self, entries):
        """[(kind, page)] for ranked entries, in rank order: per type one query through the
        type's list queryset (public, prefetched) and its ``attach``, whatever the number of hits."""
        by_kind = {}
        for pk, ct in entries:
            kind = search_kind(ct)
            if kind is not None:
                by_kind.setdefault(kind, []).append(pk)
        found = {}
        for kind, ids in by_kind.items():
            querysets = SEARCH_QUERYSETS[kind]
            # Not the list's get_queryset: snippets read the body, which lists defer.
            modified_at = item_records.modified_at_subquery(querysets.model.partner_item_type)
            items = list(querysets.base_queryset(self).annotate(modified_at=modified_at).filter(pk__in=ids))
            querysets.attach(self, items)
            found.update({(kind, item.pk): item for item in items})
        hits = []
        for pk, ct in entries:
            kind = search_kind(ct)
            if (kind, pk) in found:
                hits.append((kind, found[(kind, pk)]))
        return hits


class RankedEntries:
    """A ranking as the paginator sees it: its count, and slices of (pk, content type) without objects."""

    def __init__(self, ranking):
        self.ranking = ranking

    def count(self):
        return self.ranking.count()

    __len__ = count

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("RankedEntries supports slices only")
        return self.ranking.entries_of(key)


def search_kind(content_type_id):
    """The SEARCH_TYPES key of a content type (or of the type it derives from), else None."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return next((kind for kind, base in SEARCH_TYPES.items() if model and issubclass(model, base)), None)


# How SearchView fetches each type's hits: the type's own list querysets and attach().
SEARCH_QUERYSETS = {
    "campaign": CampaignQuerysets,
    "activity": ActivityQuerysets,
    "officer": OfficerQuerysets,
    "news": NewsQuerysets,
}


ROOT_LINKS = {
    "campaigns": ("partner_api:campaign-list", "年度质量月"),
    "activities": ("partner_api:activity-list", "活动"),
    "officers": ("partner_api:officer-list", "春城质量官"),
    "news": ("partner_api:news-list", "新闻"),
    "organisations": ("partner_api:organisation-list", "主办、承办、协办单位"),
    "search": ("partner_api:search", "跨类型搜索（需要 q）"),
    "changes": ("partner_api_changes", "变更流（同步用，含删除）"),
    "schema": ("partner_api:schema", "OpenAPI 契约（YAML；?format=json 为 JSON）"),
    "docs": ("partner_api:docs", "接口文档（Swagger UI）"),
    "guide": ("partner_api:guide", "合作方使用指南"),
}


class LinkSerializer(drf_serializers.Serializer):
    href = drf_serializers.URLField()
    title = drf_serializers.CharField()

    class Meta:
        ref_name = "Link"


@extend_schema_view(
    get=extend_schema(
        operation_id="root",
        description="接口入口：列出各端点的绝对地址。",
        responses={
            200: inline_serializer(
                "Root",
                {
                    "version": drf_serializers.CharField(),
                    "title": drf_serializers.CharField(),
                    "links": inline_serializer("RootLinks", {name: LinkSerializer() for name in ROOT_LINKS}),
                },
            ),
            **{k: v for k, v in ERROR_RESPONSES.items() if k[0] not in (404,)},
        },
    )
)
class RootView(PartnerAPIView):
    """``GET /api/v1/``: where everything is, as absolute links."""

    def serve(self, request, *args, **kwargs):
        return Response(
            {
                "version": settings.SPECTACULAR_SETTINGS["VERSION"],
                "title": settings.SPECTACULAR_SETTINGS["TITLE"],
                "links": {
                    name: {"href": absolute_url(reverse(route)), "title": title}
                    for name, (route, title) in ROOT_LINKS.items()
                },
            }
        )


@extend_schema(exclude=True)
class NotFoundView(PartnerAPIView):
    """Unknown paths under /api/v1/ get the API's 404, not the site's HTML page."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise Http404

    def check_query_params(self, request):
        pass
