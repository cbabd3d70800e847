#!/usr/bin/env python3
"""Keep a local JSON copy of 质量昆明 news, the way a partner app would.

Uses `requests` and the standard library (and `standardwebhooks` to check webhooks):

    python partner_sync.py --base http://127.0.0.1:8000 --key "$ZLKM_KEY" --store news.json

The first run pages through the snapshot; every later run follows the
changes feed from the saved cursor and applies tombstones. `verify()` checks
a webhook's Standard Webhooks signature before you trust it.
"""

import argparse
import json
import os
import pathlib
import time

import requests

REMOVALS = {"unpublished", "expired", "deleted"}


def verify(secret, headers, body):
    """The webhook's JSON if it is signed with `secret` (the `whsec_…` value) and recent, else None.

    `headers` are the request's headers, `body` its exact bytes. Keep the
    `webhook-id` of what you processed: a retry carries the same id.
    """
    from standardwebhooks import Webhook, WebhookVerificationError  # pip install standardwebhooks

    try:
        return Webhook(secret).verify(body, dict(headers))
    except WebhookVerificationError:
        return None


class PartnerSync:
    def __init__(self, base, key=None, store="news.json", session=None):
        self.base = base.rstrip("/")
        self.session = session or requests.Session()
        if key:
            self.session.headers["Authorization"] = f"Api-Key {key}"
        self.store = pathlib.Path(store)
        state = json.loads(self.store.read_text("utf-8")) if self.store.exists() else {}
        self.cursor = state.get("cursor")
        self.items = state.get("items", {})

    def get(self, url):
        while True:
            response = self.session.get(url, timeout=30)
            if response.status_code == 429:  # rate limited: wait as told
                time.sleep(int(response.headers.get("Retry-After", "1")))
                continue
            return response

    def fetch(self, item_id):
        response = self.get(f"{self.base}/api/v1/news/{item_id}/?format=html")
        return response.json() if response.status_code == 200 else None

    def apply(self, change):
        if change["type"] != "news":
            return
        key = str(change["id"])
        if change["event"] in REMOVALS:
            self.items.pop(key, None)
            return
        item = self.fetch(change["id"])
        if item is None:  # gone again since the event: a later tombstone will follow
            self.items.pop(key, None)
        else:
            self.items[key] = item

    def sync(self):
        """Follow `next` until a page comes back empty; return how many changes were applied."""
        if self.cursor is None:
            url = f"{self.base}/api/v1/changes/"
        else:
            url = f"{self.base}/api/v1/changes/?since={self.cursor}"
        applied = 0
        while True:
            response = self.get(url)
            if response.status_code == 410:  # cursor too old: start again from a snapshot
                self.cursor, self.items = None, {}
                url = f"{self.base}/api/v1/changes/"
                continue
            response.raise_for_status()
            page = response.json()
            for change in page["results"]:
                self.apply(change)
                applied += 1
            self.cursor = page["cursor"]
            if page["mode"] == "changes" and not page["results"]:
                break
            url = page["next"]
        self.save()
        return applied

    def save(self):
        data = {"cursor": self.cursor, "items": self.items}
        self.store.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--key", default=None)
    parser.add_argument("--store", default="news.json")
    args = parser.parse_args()
    client = PartnerSync(args.base, args.key, args.store)
    applied = client.sync()
    print(f"applied {applied} changes; {len(client.items)} news items; cursor {client.cursor}")


if __name__ == "__main__":
    main()
