"""Commands run by hand beside `make run` (manage.py shell, import_article) write absolute links
into the changes feed and e-mails: they must use the origin the server runs on, not port 8000."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings; print(settings.BASE_URL, settings.WAGTAILADMIN_BASE_URL, settings.SECRET_KEY)"
)


def settings_of_a_hand_run_command(run_dir, **extra):
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "BASE_URL", "SECRET_KEY"}}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", ZLKM_RUN_DIR=str(run_dir), **extra)
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.split()


def test_a_command_beside_make_run_uses_its_origin_and_key(tmp_path):
    (tmp_path / "base_url").write_text("http://127.0.0.1:18577\n")
    (tmp_path / "secret_key").write_text("recorded-by-bin-serve\n")
    assert settings_of_a_hand_run_command(tmp_path) == [
        "http://127.0.0.1:18577",
        "http://127.0.0.1:18577",
        "recorded-by-bin-serve",
    ]


def test_an_explicit_port_wins_and_nothing_recorded_means_the_default(tmp_path):
    (tmp_path / "base_url").write_text("http://127.0.0.1:18577\n")
    assert settings_of_a_hand_run_command(tmp_path, PORT="8100")[0] == "http://127.0.0.1:8100"
    assert settings_of_a_hand_run_command(tmp_path / "empty")[0] == "http://127.0.0.1:8000"
