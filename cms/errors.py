"""The last-resort error views (``handler500`` in cms/urls.py).

A database that cannot be reached (a PostgreSQL restart or failover, a locked-out
SQLite file) is a passing condition, not a bug: readers and partners get a 503 with
``Retry-After`` (problem+json under /api/, a short Chinese page elsewhere), never a 500.
The page is built without the database, the templates' site settings included.
"""

import json
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.views import defaults

from partner_api.errors import PROBLEM_CONTENT_TYPE, problem

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
UNAVAILABLE = "数据库暂时无法连接，请稍后重试。已保存的内容不受影响。"
PAGE = (
    '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta name="robots" content="noindex"><title>服务暂时不可用</title></head>'
    '<body style="font-family: sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">'
    '<h1>服务暂时不可用</h1><p>{message}</p><p><a href="/">返回首页</a></p></body></html>'
)


def database_unavailable(request):
    logger.warning("database unavailable during %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        body = json.dumps(problem(503, UNAVAILABLE), ensure_ascii=False)
        response = HttpResponse(body, status=503, content_type=PROBLEM_CONTENT_TYPE)
    else:
        response = HttpResponse(PAGE.format(message=UNAVAILABLE), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)
