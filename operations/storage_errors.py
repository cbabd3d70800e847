"""A full disk or a read-only media folder gives a clear error, not a 500.

The exception reaches us from the view (``process_exception``); the write
request's transaction (publishing.middleware.AtomicWritesMiddleware) is
marked for rollback so no row that points at a missing file is kept.
"""

import errno
import logging

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

logger = logging.getLogger(__name__)

STORAGE_ERRNOS = {
    errno.ENOSPC: (507, "服务器存储空间已满，文件没有保存，其他内容也未做任何更改。请联系管理员清理空间后重试。"),
    errno.EDQUOT: (507, "存储配额已用完，文件没有保存，其他内容也未做任何更改。请联系管理员后重试。"),
    errno.EROFS: (503, "媒体目录当前为只读，文件没有保存，其他内容也未做任何更改。请联系管理员后重试。"),
    errno.EACCES: (503, "没有写入媒体目录的权限，文件没有保存，其他内容也未做任何更改。请联系管理员。"),
    errno.EPERM: (503, "没有写入媒体目录的权限，文件没有保存，其他内容也未做任何更改。请联系管理员。"),
}


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return request.headers.get("X-Requested-With") == "XMLHttpRequest" or (
        "application/json" in accept and "text/html" not in accept
    )


class StorageErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OSError) or exception.errno not in STORAGE_ERRNOS:
            return None
        status, message = STORAGE_ERRNOS[exception.errno]
        logger.error("storage error during %s %s: %s", request.method, request.path, exception)
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        if wants_json(request):
            return JsonResponse({"success": False, "error_message": message}, status=status)
        return HttpResponse(
            f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>保存失败</title>'
            f"<h1>保存失败</h1><p>{escape(message)}</p><p>请返回上一页重试。</p></html>",
            status=status,
            content_type="text/html; charset=utf-8",
        )
