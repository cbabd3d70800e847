#!/usr/bin/env python3
"""Keep a local JSON copy of 质量昆明 content, the way a partner app would.

Uses `requests` and the standard library (and `standardwebhooks` to check webhooks):

    python partner_sync.py --base http://127.0.0.1:8000 --key "$ZLKM_KEY" --store items.json

The contract (docs/partner-guide.md, "Keeping a copy in sync"):

1. Without a cursor, read the snapshot: follow `next` (an opaque keyset link,
   never an offset) and fetch each listed item. Editors may work meanwhile.
2. Keep the snapshot's `cursor`, then follow `?since=` from it: every item
   published, changed (also when something it embeds changed) or withdrawn
   after that cursor has an event. For a removal drop the item; otherwise fetch
   it again (a 404 means it went away since: its tombstone follows).
3. Stop when a `changes` page comes back empty; save the cursor for next time.
   A 410 means the cursor is older than the retention: start again at 1.

`verify()` checks a webhook's Standard Webhooks signature before you trust it.
"""

import argparse
import json
import os
import pathlib
import time

import requests

REMOVALS = {"unpublished", "expired", "deleted"}
PATHS = {
    "campaign": "campaigns",
    "activity": "activities",
    "officer": "officers",
    "news": "news",
    "organisation": "organisations",
}


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
    def __init__(self, base, key=None, store="items.json", session=None, types=tuple(PATHS)):
        self.base = base.rstrip("/")
        self.session = session or requests.Session()
        if key:
            self.session.headers["Authorization"] = f"Api-Key {key}"
        self.types = set(types)
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

    def fetch(self, item_type, item_id):
        response = self.get(f"{self.base}/api/v1/{PATHS[item_type]}/{item_id}/")  # bodies in HTML by default
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.json()

    def apply(self, change):
        if change["type"] not in self.types:
            return
        key = f"{change['type']}:{change['id']}"
        if change["event"] in REMOVALS:
            self.items.pop(key, None)
            return
        item = self.fetch(change["type"], change["id"])
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
    parser.add_argument("--store", default="items.json")
    parser.add_argument("--types", default=",".join(PATHS), help="comma-separated item types to keep")
    args = parser.parse_args()
    client = PartnerSync(args.base, args.key, args.store, types=args.types.split(","))
    applied = client.sync()
    print(f"applied {applied} changes; {len(client.items)} items; cursor {client.cursor}")


if __name__ == "__main__":
    main()
