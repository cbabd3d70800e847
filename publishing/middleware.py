from django.db import transaction

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
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                # Django turned an exception into this response inside the block:
                # nothing of a failed write may be half-saved.
                transaction.set_rollback(True)
            return response
