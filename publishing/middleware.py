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
            return self.get_response(request)
