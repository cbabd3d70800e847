"""The security section of ``make reliability`` (bench/reliability.py prints it after the main table).

Extension point, for anyone adding attack rows:
  * ``SUITES``: test paths run (with ``RELIABILITY_METRICS`` set) by ``make reliability``.
    Tests record figures with ``tests.reliability.metrics.record(name, value)``; values add up.
  * ``ROW_PRODUCERS``: functions ``f(metrics) -> list[(label, value, expected)]``; ``metrics`` is a
    ``defaultdict(int)`` of the recorded figures, ``expected`` is None (a count) or the value required.
    Add one function per surface (sign-in, redirects, SSRF, private media...) and append it here.
Rows whose value differs from ``expected`` fail the run, like the main table.
"""

# The visibility matrix also counts the private-media URL forms it tries (check_private_media_files_refused).
SUITES = ["tests/security", "tests/sync/test_webhook_egress.py", "tests/reliability/test_visibility_matrix.py"]

# The figures: sign-in throttling (tests/security/test_signin_throttle.py).
SIGNIN_PATHS = "security_signin_paths"  # sign-in paths attacked
SIGNIN_GUESSES_PREFIX = "security_signin_guesses:"  # + path: guesses allowed before lockout
SIGNIN_LIMIT_PREFIX = "security_signin_limit:"  # + path: the configured limit on that path
SIGNIN_OVER_LIMIT = "security_signin_accepted_after_lockout"  # correct passwords accepted while locked
# Redirects (tests/security/test_redirects.py).
REDIRECT_FORMS = "security_redirect_forms"  # tricky path forms x redirecting paths tried
REDIRECT_ESCAPES = "security_redirect_escapes"  # of those, Location headers leaving the site
# Webhook SSRF (tests/sync/test_webhook_egress.py).
SSRF_FORMS = "security_ssrf_forms"  # hostile webhook URL forms tried
SSRF_ACCEPTED = "security_ssrf_accepted"  # of those, accepted by the guard or sent by the delivery path
SSRF_CONNECTIONS = "security_ssrf_connections"  # TCP connections the local listener accepted from them


# Private media (tests/reliability/test_visibility_matrix.py, check_private_media_files_refused).
PRIVATE_MEDIA_URLS = "security_private_media_urls"  # URL forms of private originals, renditions, documents tried
PRIVATE_MEDIA_SERVED = "security_private_media_served"  # of those, answered 200 to an anonymous reader


def signin_rows(metrics):
    rows = [("sign-in paths tried", metrics[SIGNIN_PATHS], None)]
    for name in sorted(metrics):
        if name.startswith(SIGNIN_GUESSES_PREFIX):
            path = name.removeprefix(SIGNIN_GUESSES_PREFIX)
            limit = metrics.get(SIGNIN_LIMIT_PREFIX + path)
            rows.append((f"  guesses before lockout {path}", metrics[name], limit))
    rows.append(("sign-ins accepted while locked out", metrics[SIGNIN_OVER_LIMIT], 0))
    return rows


def redirect_rows(metrics):
    return [
        ("redirect forms tried", metrics[REDIRECT_FORMS], None),
        ("redirects leaving the site", metrics[REDIRECT_ESCAPES], 0),
    ]


def ssrf_rows(metrics):
    return [
        ("SSRF webhook URL forms tried", metrics[SSRF_FORMS], None),
        ("SSRF forms accepted", metrics[SSRF_ACCEPTED], 0),
        ("SSRF connections reaching the listener", metrics[SSRF_CONNECTIONS], 0),
    ]


def private_media_rows(metrics):
    return [
        ("private-media URLs tried", metrics[PRIVATE_MEDIA_URLS], None),
        ("private-media URLs served to anonymous readers", metrics[PRIVATE_MEDIA_SERVED], 0),
    ]


ROW_PRODUCERS = [signin_rows, redirect_rows, ssrf_rows, private_media_rows]


def rows(metrics):
    return [row for produce in ROW_PRODUCERS for row in produce(metrics)]
