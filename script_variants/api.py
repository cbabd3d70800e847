"""Script variants for the partner API (partner_api/views.py calls in here).

``?variant=zh-hant|zh-tw|zh-hk`` or ``Accept-Language: zh-Hant`` / ``zh-TW`` /
``zh-HK`` (the parameter wins) returns text values in that Traditional variant; ids, slugs, URLs, rendition
URLs, e-mails, phones, dates and type/event enums are left alone
(``markup.convert_data``). Every response names its ``Content-Language``
and varies on ``Accept-Language``; the ETag differs per variant because
``publishing.http.validators`` keys on ``request_variant``.
"""

from django.utils.cache import patch_vary_headers

from script_variants.converter import SIMPLIFIED, VARIANTS
from script_variants.markup import convert_data
from script_variants.negotiation import HTML_LANG, api_variant

PARAMETER = "variant"
ACCEPTED = tuple(VARIANTS)
DESCRIPTION = (
    "文字版本：zh-hans（简体，默认）、zh-hant（繁体，OpenCC 通用繁体）、"
    "zh-tw（台湾正体，含台湾常用词，如“软件”作“軟體”）或 zh-hk（香港繁体）。"
    "不带此参数时按 Accept-Language（zh-Hant 为通用繁体，zh-TW 为台湾正体，zh-HK、zh-MO 为香港繁体）；参数优先。"
    "只转换文字，不转换 id、slug、URL、日期、邮箱、电话和类型值。"
)


def check_variant(request):
    """Raise the API's 400 (problem+json) for an unknown ``?variant=``."""
    from partner_api.errors import BadQueryParameter

    values = request.query_params.getlist(PARAMETER)
    if not values:
        return
    if len(values) > 1 or values[0].strip().lower() not in VARIANTS:
        raise BadQueryParameter(PARAMETER, f"不支持的文字版本。可用值：{', '.join(ACCEPTED)}。")


def finalize(request, response):
    """Convert the payload and set Content-Language / Vary on an API response."""
    variant, _raw = api_variant(request)
    patch_vary_headers(response, ["Accept-Language"])
    response["Content-Language"] = HTML_LANG[variant]
    data = getattr(response, "data", None)
    if variant != SIMPLIFIED and data is not None and 200 <= response.status_code < 300:
        response.data = convert_data(data, variant)
    return response


def add_variant_parameter(result, generator, request, public):
    """drf-spectacular postprocessing hook: document ``variant`` on every /api/v1/ GET."""
    spec = {
        "name": PARAMETER,
        "in": "query",
        "required": False,
        "description": DESCRIPTION,
        "schema": {"type": "string", "enum": list(ACCEPTED)},
    }
    for path, operations in (result.get("paths") or {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            if method not in ("get", "head"):
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name") == PARAMETER and p.get("in") == "query" for p in parameters):
                parameters.append(dict(spec))
    return result
