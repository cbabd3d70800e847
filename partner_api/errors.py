"""One error shape for the partner API, modelled on RFC 7807 problem+json.

    {"type": "...#bad-request", "title": "请求参数有误", "status": 400,
     "detail": "...", "errors": {"limit": ["..."]}}

``errors`` names each offending query parameter.
"""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from cms.absolute_urls import absolute_url

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: ("bad-request", "请求参数有误"),
    401: ("unauthorized", "需要有效的密钥"),
    403: ("forbidden", "没有权限"),
    404: ("not-found", "找不到该内容"),
    405: ("method-not-allowed", "不支持该请求方法"),
    406: ("not-acceptable", "不支持请求的格式"),
    410: ("gone", "链接已过期"),
    429: ("too-many-requests", "请求过于频繁"),
    503: ("service-unavailable", "服务暂时不可用"),
}


def problem(status_code, detail, errors=None):
    slug, title = TITLES.get(status_code, ("error", "请求失败"))
    body = {
        "type": absolute_url(f"/api/v1/docs/#problem-{slug}"),
        "title": title,
        "status": status_code,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = errors
    return body


def flatten(detail):
    """DRF error details to {param: [message, ...]}."""
    if isinstance(detail, dict):
        return {
            str(key): [str(item) for item in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return None


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors = flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else None
    if errors:
        detail = "；".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if not isinstance(exc.detail, (list, dict)) else str(exc.detail)
    else:
        detail = str(exc)
    response.data = problem(response.status_code, detail, errors)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(status_code, detail, errors=None, headers=None):
    response = Response(problem(status_code, detail, errors), status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


class BadQueryParameter(exceptions.ValidationError):
    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, name, message):
        super().__init__({name: [message]})
