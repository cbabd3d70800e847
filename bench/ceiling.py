"""The physical ceiling: a bare WSGI app answering every request with the same bytes from memory.

Run under the same gunicorn as the site: ``gunicorn bench.ceiling:application``
with ``BENCH_CEILING_FILE`` naming a file holding the body (our API list response).
"""

import os

with open(os.environ["BENCH_CEILING_FILE"], "rb") as handle:
    BODY = handle.read()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
