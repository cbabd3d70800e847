"""limit/offset paging: 20 by default, at most 100; bad values are a 400."""

from urllib.parse import urlsplit, urlunsplit

from rest_framework.pagination import LimitOffsetPagination

from cms.absolute_urls import absolute_url
from partner_api.errors import BadQueryParameter
from publishing.response_cache import remembered_count

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


def parse_non_negative(request, name, default, minimum, maximum=None):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise BadQueryParameter(name, f"必须是整数，收到的是“{raw[:50]}”。") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f"到 {maximum} 之间" if maximum is not None else "或更大"
        raise BadQueryParameter(name, f"必须是 {minimum}{upper}的整数，收到的是 {value}。")
    return value


class PartnerPagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    # Query parameters that only page or shape the output: they do not change the count.
    NOT_COUNTED = {"limit", "offset", "ordering", "format", "expand", "fields", "variant"}

    def paginate_queryset(self, queryset, request, view=None):
        self.count_key = (request.path, tuple(sorted(
            (name, tuple(values)) for name, values in request.query_params.lists() if name not in self.NOT_COUNTED
        )))  # fmt: skip
        return super().paginate_queryset(queryset, request, view)

    def get_next_link(self):
        return self._on_public_origin(super().get_next_link())

    def get_previous_link(self):
        return self._on_public_origin(super().get_previous_link())

    @staticmethod
    def _on_public_origin(link):
        # DRF builds links from the request's host; partners get the public origin like every other URL.
        if link is None:
            return None
        parts = urlsplit(link)
        return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")))

    def get_count(self, queryset):
        return remembered_count(self.count_key, queryset)

    def get_limit(self, request):
        return parse_non_negative(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return parse_non_negative(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "limit":
                parameter["schema"].update({"minimum": 1, "maximum": self.max_limit, "default": self.default_limit})
            elif parameter["name"] == "offset":
                parameter["schema"].update({"minimum": 0, "maximum": MAX_OFFSET, "default": 0})
        return parameters
