"""make run serves with several gunicorn worker processes and no Redis: the rate limits of the
public forms and the partner API must count every worker's requests, not each worker's own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HITS = (
    "import django; django.setup()\n"
    "from participation.abuse import _hit\n"
    "print(sum(_hit('ip:203.0.113.9', 5, 3600) for _ in range(3)))\n"
)


def over_limit_in_a_new_process(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.local",
        "SECRET_KEY": "shared-counters-test-" + "x" * 40,
        "COUNTERS_CACHE_DIR": str(tmp_path / "counters"),
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", HITS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_two_worker_processes_share_one_form_rate_limit(tmp_path):
    # Limit 5: the first process makes hits 1-3, the second hits 4-6, of which the sixth is over.
    assert over_limit_in_a_new_process(tmp_path) == 0
    assert over_limit_in_a_new_process(tmp_path) == 1
