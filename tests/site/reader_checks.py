"""Shared set-up for the reader-facing browser checks (axe-core and Lighthouse).

Debian's ``chromium`` and ``chromedriver`` plus Node with the pinned packages in
``browser-checks/`` (``make browser`` installs all of them). Where they are missing
the checks skip saying why, except in CI (``CI`` set), where a missing tool fails.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver")
NODE = shutil.which("node")
MODULES = Path(settings.BASE_DIR) / "browser-checks" / "node_modules"
AXE = MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = MODULES / "lighthouse" / "cli" / "index.js"

# One page of every type a reader meets.
PAGES = {
    "home": "/",
    "campaign": "/2022/",
    "activity": "/2022/brand-story-contest-4/",
    "officer_index": "/officers/",
    "officer": "/officers/xia-jiawei/",
    "news_index": "/news/",
    "news": "/news/2022-quality-month-launch/",
    "search": "/search/?q=质量",
    "search_empty": "/search/",
    "not_found": "/no-such-page/",
    "traditional": "/zh-hant/",
}


def require(*paths):
    """Skip (fail in CI) unless every tool is there."""
    missing = [str(path) for path in paths if not path or not Path(path).exists()]
    if missing:
        message = f"missing {', '.join(missing)}: run `make browser` (Debian chromium, chromium-driver, node, npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
