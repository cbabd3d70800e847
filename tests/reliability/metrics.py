"""Figures for the ``make reliability`` table: appended to ``RELIABILITY_METRICS`` when it is set."""

import json
import os


def record(name, value):
    path = os.environ.get("RELIABILITY_METRICS")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"name": name, "value": value}) + "\n")
