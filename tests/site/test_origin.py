"""`make run`'s layout on an unusual port: every absolute link the site hands out answers there.

A real gunicorn with ``cms.settings.local`` (DEBUG off, whitenoise, collected static files)
serves the committed test database on a free port, with BASE_URL unset so it is derived from
PORT as ``make run`` does. The crawl follows every absolute URL of each kind: pages, hreflang
and canonical links, JSON-LD, feeds, the calendar, the sitemap, the API's url fields and
``next`` links, the changes feed's ``next``, image and document URLs.
"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(settings.BASE_DIR)
START = [
    "/",
    "/zh-hant/",
    "/feeds/news/rss.xml",
    "/feeds/news/atom.xml",
    "/feeds/activities.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/campaigns/",
    "/api/v1/activities/",
    "/api/v1/officers/",
    "/api/v1/news/?limit=1",
    "/api/v1/organisations/?limit=2",
    "/api/v1/changes/?limit=5",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(port):
    env = {key: value for key, value in os.environ.items() if key not in {"BASE_URL", "REDIS_URL", "DATABASE_URL"}}
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(database["NAME"])
    else:
        host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{database['USER']}@{host}/{database['NAME']}"
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.local",
        SECRET_KEY="origin-test-" + "k" * 60,
        PORT=str(port),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        STATIC_ROOT=tempfile.mkdtemp(prefix="zlkm-origin-static-"),
        EMAIL_FILE_PATH=tempfile.mkdtemp(prefix="zlkm-origin-mail-"),
    )
    return env


@pytest.fixture
def gunicorn(demo):
    port = free_port()
    env = server_env(port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(20)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def absolute_links(body, base):
    """Every absolute URL on ``base`` in a body of any kind (HTML, XML, JSON, iCalendar)."""
    text = body.decode("utf-8", "replace").replace("\\/", "/").replace("&amp;", "&")
    text = re.sub(r"\r\n[ \t]", "", text)  # unfold iCalendar lines
    found = set()
    for match in re.finditer(re.escape(base) + r"[^\s\"'<>\\,;]*", text):
        url = match.group(0)
        if "{" in url:  # the JSON-LD search action's URL template
            continue
        found.add(url)
    return found


def kind(url, base):
    path = urlsplit(url).path
    if path.startswith("/media/"):
        return "image"
    if path.startswith("/documents/"):
        return "document"
    if path.startswith("/api/v1/changes/"):
        return "changes"
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/feeds/"):
        return "feed"
    if path.startswith("/static/"):
        return "static"
    if path in ("/sitemap.xml", "/robots.txt"):
        return "sitemap"
    return "page"


def test_every_absolute_link_answers_on_the_port_make_run_serves(gunicorn):
    from partner_api.models import PartnerKey

    base = gunicorn
    _, key = PartnerKey.objects.create_key(name="端口检查")
    auth = {"Authorization": f"Api-Key {key}"}

    status, headers, body = fetch(base + "/no-such-page/")
    assert status == 404
    assert "页面未找到" in body.decode()
    assert not headers.get("Server", "").startswith("WSGIServer"), headers.get("Server")
    assert "gunicorn" in headers.get("Server", "")

    seen, queue, checked = set(), [base + path for path in START], Counter()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = fetch(url, auth)
        assert status == 200, f"{url} answered {status}"
        checked[kind(url, base)] += 1
        if kind(url, base) in ("image", "static"):
            continue
        for link in absolute_links(body, base):
            # Variant twins of pages are followed too, but each page only once per variant.
            if link not in seen and len(seen) + len(queue) < 400:
                queue.append(link)

    for required in ("page", "feed", "sitemap", "api", "changes", "image"):
        assert checked[required], f"no {required} URL was followed: {dict(checked)}"
    print("followed:", dict(checked))
    # Nothing anywhere points at the old default origin.
    assert "127.0.0.1:8000" not in json.dumps(sorted(seen))
