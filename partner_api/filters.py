"""Filters for each endpoint (django-filter) and a strict ordering whitelist."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from campaign.models import ActivityPage, CampaignOrganisation, CampaignPage, NewsPage, OfficerPage, Organisation
from partner_api.errors import BadQueryParameter
from publishing import items as item_records
from script_variants.converter import to_simplified
from search.query import MAX_QUERY_LENGTH


class StrictOrderingFilter(OrderingFilter):
    """Unknown ordering fields are a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is None:
            return self.get_default_ordering(view)
        fields = [param.strip() for param in params.split(",") if param.strip()]
        allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
        bad = [field for field in fields if field.lstrip("-") not in allowed]
        if bad or not fields:
            raise BadQueryParameter(
                self.ordering_param,
                f"不支持按“{','.join(bad)}”排序；可用：{', '.join(sorted(allowed))}（前加 - 为倒序）。",
            )
        return fields

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "ordering_fields", None):
            return []  # this list has a fixed order
        choices = [prefix + field for field in view.ordering_fields for prefix in ("", "-")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "排序字段，前加 - 为倒序；多个字段用逗号分隔",
                "schema": {"type": "string", "enum": choices},
            }
        ]


EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 12, 31, tzinfo=datetime.UTC)


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 date or date-time between 1900 and 2100; a bare date is midnight in Asia/Shanghai."""

    def clean(self, value):
        value = super().clean(value)
        # Far-off dates are valid but would overflow on conversion to UTC: clamp them.
        if value is not None and value.year < 1900:
            return EARLIEST
        if value is not None and value.year > 2100:
            return LATEST
        return value


@extend_schema_field(
    {
        "type": "string",
        "format": "date-time",
        "description": "ISO 8601 日期或日期时间",
        "example": "2022-09-01T00:00:00+08:00",
    }
)
class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 2**31 - 1, "example": 2022})
class IntFilter(django_filters.NumberFilter):
    """A whole number in the database's integer range (ids, years)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


# Free text: 1 to MAX_QUERY_LENGTH characters, at least one that is neither a space nor NUL, and no NUL
# anywhere (strict input: empty or NUL is a 400). Shared by the text filters and the ``q`` parameters.
TEXT_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_QUERY_LENGTH,
    "pattern": "^[^\\x00]*[^\\s\\x00][^\\x00]*$",
}


@extend_schema_field({**TEXT_SCHEMA, "example": "质量月"})
class TextFilter(django_filters.CharFilter):
    """Exact text; a value in Traditional script (as ?variant=zh-hant shows it) matches too."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        candidates = {value, to_simplified(value)}
        qs = qs.filter(**{f"{self.field_name}__in": candidates})
        return qs.distinct() if self.distinct else qs


class RequiredValueIsoDateTimeField(BoundedIsoDateTimeField):
    """As BoundedIsoDateTimeField, but a parameter given with no value is an error, not ignored."""

    def clean(self, value):
        if value is not None and not str(value).strip():
            raise forms.ValidationError("不能为空，请给出 ISO 8601 日期或日期时间。", code="required")
        return super().clean(value)


@extend_schema_field({"type": "string", "format": "date-time", "description": "ISO 8601 日期或日期时间"})
class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """Items whose partner JSON changed at or after a moment: ``modified_at`` (publishing.items)."""

    field_class = RequiredValueIsoDateTimeField

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        return item_records.modified_since(qs, item_records.type_for_model(qs.model), value)


class UpdatedSinceFilterSet(django_filters.FilterSet):
    updated_since = UpdatedSinceFilter(label="内容更新时间（modified_at）不早于（ISO 8601）")


class PublishedRangeFilterSet(UpdatedSinceFilterSet):
    published_after = DateTimeFilter(field_name="first_published_at", lookup_expr="gte", label="首次发布不早于")
    published_before = DateTimeFilter(field_name="first_published_at", lookup_expr="lt", label="首次发布早于")


class CampaignFilterSet(PublishedRangeFilterSet):
    year = IntFilter(field_name="year", label="年份，例如 2022")

    class Meta:
        model = CampaignPage
        fields = ["year"]


class ActivityFilterSet(PublishedRangeFilterSet):
    campaign = IntFilter(method="filter_campaign", label="所属年度质量月的 id")
    year = IntFilter(method="filter_year", label="所属年度质量月的年份")

    class Meta:
        model = ActivityPage
        fields = ["campaign", "year"]

    def filter_campaign(self, queryset, name, value):
        campaign = CampaignPage.objects.filter(pk=value).first()
        return queryset.child_of(campaign) if campaign else queryset.none()

    def filter_year(self, queryset, name, value):
        paths = list(CampaignPage.objects.filter(year=value).values_list("path", flat=True))
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(path__startswith=path, depth=len(path) // ActivityPage.steplen + 1)
        return queryset.filter(query)


class OfficerFilterSet(PublishedRangeFilterSet):
    campaign = IntFilter(field_name="campaign_id", label="所属年度质量月的 id")
    year = IntFilter(field_name="campaign__year", label="所属年度质量月的年份")
    appointed_year = IntFilter(field_name="appointed_year", label="聘任年份")

    class Meta:
        model = OfficerPage
        fields = ["campaign", "year", "appointed_year"]


class NewsFilterSet(PublishedRangeFilterSet):
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte", label="发布时间不早于")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt", label="发布时间早于")
    campaign = IntFilter(field_name="campaign_id", label="所属年度质量月的 id")
    year = IntFilter(field_name="campaign__year", label="所属年度质量月的年份")
    activity = IntFilter(field_name="activities", distinct=True, label="提及的活动 id")
    officer = IntFilter(field_name="officers", distinct=True, label="提及的春城质量官 id")
    tag = TextFilter(field_name="tags__name", distinct=True, label="标签名")

    class Meta:
        model = NewsPage
        fields = ["campaign", "year", "activity", "officer", "tag"]


class OrganisationFilterSet(UpdatedSinceFilterSet):
    campaign = IntFilter(method="filter_campaign", label="参与的年度质量月 id")
    role = django_filters.ChoiceFilter(
        method="filter_role", choices=CampaignOrganisation.Role.choices, label="角色：host / organiser / co_organiser"
    )

    class Meta:
        model = Organisation
        fields = ["campaign", "role"]

    def filter_campaign(self, queryset, name, value):
        return queryset.filter(campaign_roles__campaign_id=value).distinct()

    def filter_role(self, queryset, name, value):
        return queryset.filter(campaign_roles__role=value).distinct()
