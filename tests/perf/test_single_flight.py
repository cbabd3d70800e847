"""One render per retired or missing entry, however many readers arrive at once (publishing.response_cache)."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_cache_control

from publishing import dependencies, invalidation
from publishing.http import mark_public
from publishing.response_cache import ResponseCacheMiddleware

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("response_cache"),
]

READERS = 8


class SlowView:
    """A public response that reads ``page:1`` and takes a while to render."""

    def __init__(self):
        self.renders = 0
        self.lock = threading.Lock()
        self.body = "v1"

    def __call__(self, request):
        with self.lock:
            self.renders += 1
        dependencies.touch("page:1")
        time.sleep(0.4)
        response = HttpResponse(self.body)
        patch_cache_control(response, public=True, max_age=60)
        return mark_public(response)


def read_all(middleware, url="/hot/"):
    """READERS concurrent GETs of ``url``; returns their (X-Cache, body)."""
    results = [None] * READERS
    start = threading.Barrier(READERS)

    def reader(index):
        try:
            start.wait()
            response = middleware(RequestFactory().get(url))
            results[index] = (response.get("X-Cache"), response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, args=(index,)) for index in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_cold_entry_is_rendered_once_while_the_others_wait():
    view = SlowView()
    results = read_all(ResponseCacheMiddleware(view))
    assert view.renders == 1
    assert sorted(state for state, _body in results) == ["HIT"] * (READERS - 1) + ["MISS"]


def test_a_retired_hot_entry_is_rendered_once_and_the_others_get_the_previous_copy():
    view = SlowView()
    middleware = ResponseCacheMiddleware(view)
    assert middleware(RequestFactory().get("/hot/"))["X-Cache"] == "MISS"
    view.renders, view.body = 0, "v2"
    invalidation.stamp({"page:1"})
    results = read_all(middleware)
    assert view.renders == 1
    assert sorted(results) == [("MISS", "v2")] + [("STALE", "v1")] * (READERS - 1)
    assert middleware(RequestFactory().get("/hot/")).content == b"v2"


def test_the_previous_copy_is_not_served_long_after_the_change(settings):
    settings.RESPONSE_CACHE_STALE_SECONDS = 0
    view = SlowView()
    middleware = ResponseCacheMiddleware(view)
    middleware(RequestFactory().get("/hot/"))
    view.renders, view.body = 0, "v2"
    invalidation.stamp({"page:1"})
    results = read_all(middleware)
    assert view.renders == 1  # the others waited for the one render
    assert {body for _state, body in results} == {"v2"}
    cache.clear()
