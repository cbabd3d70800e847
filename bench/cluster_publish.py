"""Publish-to-visible time through Varnish, and that a purge by key removes nothing else.

Runs in the cluster's environment (deploy/cluster/cluster exec). For each round it warms two
pages in Varnish (a hit on both), publishes a new title for one through the ORM, and polls the
published page through Varnish until the new title shows; the other page must still be a hit.
By default it measures the app's own headers and purge (``SURROGATE_KEYS=1`` and ``XKEY_PURGE_URLS``
in deploy/cluster/cluster.env: this process's publish sends ``PURGE /`` with ``xkey-purge`` after the
commit). ``--hand-set`` stands in for an app without them: Varnish is switched to the same VCL rendered
against a small proxy in front of HAProxy that adds ``xkey: page:<id>`` to each news page, and the
script sends the purge itself right after the commit.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
import django

django.setup()
from campaign.models import NewsPage  # noqa: E402

VARNISH = "http://" + os.environ.get("VARNISH_LISTEN", "127.0.0.1:18280")


def get(path, method="GET", headers=None):
    request = urllib.request.Request(VARNISH + path, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers


ROOT = Path(__file__).resolve().parents[1]
STAND_IN_PORT = 18295


def stand_in(keys):
    """A proxy to HAProxy that adds the xkey header the app will send; switches Varnish to it."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    upstream = f"http://{os.environ['HAPROXY_HOST']}:{os.environ['HAPROXY_PORT']}"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            request = urllib.request.Request(upstream + self.path, headers=dict(self.headers))
            try:
                response = urllib.request.urlopen(request, timeout=30)
            except urllib.error.HTTPError as error:
                response = error
            body = response.read()
            self.send_response(response.status)
            for name, value in response.headers.items():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            if self.path in keys:
                self.send_header("xkey", keys[self.path])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", STAND_IN_PORT), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "HAPROXY_PORT": str(STAND_IN_PORT)}
    vcl = Path(os.environ["CLUSTER_DIR"]) / "zlkm-stand-in.vcl"
    vcl.write_text(
        subprocess.run(
            [ROOT / "deploy" / "render", ROOT / "deploy/varnish/zlkm.vcl"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    varnishadm(f"vcl.load standin{os.getpid()} {vcl}")
    varnishadm(f"vcl.use standin{os.getpid()}")


def varnishadm(command):
    subprocess.run(
        ["varnishadm", "-n", str(Path(os.environ["CLUSTER_DIR"]) / "varnish"), *command.split()],
        check=True,
        capture_output=True,
    )


def main(rounds=10):
    pages = list(NewsPage.objects.live().order_by("pk")[:2])
    target, other = pages[0], pages[1] if len(pages) > 1 else None
    times = []
    app_keys = "--hand-set" not in sys.argv
    if not app_keys:
        stand_in({page.url: f"page:{page.pk}" for page in pages})
    for n in range(rounds):
        for page in filter(None, (target, other)):
            get(page.url)
        _, headers = get(target.url)
        assert headers["X-Cache"] == "HIT", headers
        title = f"{target.title.split(' #')[0]} #{time.time():.0f}-{n}"
        target.title = title
        target.save_revision().publish()
        published = time.monotonic()
        if not app_keys:  # deps' purge not there: stand in for it (the same request it sends)
            get("/", method="PURGE", headers={"xkey-purge": f"page:{target.pk}"})
        while True:
            body, headers = get(target.url)
            if title in body:
                break
            if time.monotonic() - published > 30:
                raise SystemExit("not visible after 30 s")
            time.sleep(0.01)
        times.append(time.monotonic() - published)
        if other is not None:
            assert get(other.url)[1]["X-Cache"] == "HIT", "the purge removed another page"
        time.sleep(0.2)
    if not app_keys:
        varnishadm("vcl.use boot")
    print(
        f"publish-to-visible through Varnish over {rounds} publishes: median {statistics.median(times) * 1000:.0f} ms,"
        f" max {max(times) * 1000:.0f} ms; the other page stayed a cache hit every time"
    )


if __name__ == "__main__":
    main()
