from django.db import DEFAULT_DB_ALIAS, transaction
from django.urls import Resolver404, resolve

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class AtomicWritesMiddleware:
    """Run every write request in one transaction.

    Publishing, the change event it records and the webhook deliveries it
    queues then commit together or not at all. Reads stay outside a
    transaction so SQLite readers never queue behind the write lock.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS or _manages_own_transactions(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                # Django turned an exception into this response inside the block:
                # nothing of a failed write may be half-saved.
                transaction.set_rollback(True)
            return response


def _manages_own_transactions(request):
    """A view marked with Django's ``transaction.non_atomic_requests`` opens its own transactions.

    The wire-copy import does: it cleans files (slow on large ones) before it
    writes, and with IMMEDIATE transactions an outer block would hold
    SQLite's write lock all that time.
    """
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return DEFAULT_DB_ALIAS in getattr(match.func, "_non_atomic_requests", set())
