"""Contract test: clients generated from /api/v1/schema/ work against a live server.

The schema is fetched from a live test server holding the demo. openapi-python-client
(pinned in requirements-dev.txt) and openapi-typescript (pinned in
tests/api/contract/package.json, installed by ``make contract-tools``) generate clients;
the TypeScript program is compiled with ``tsc --strict``. Both programs page through
everything, filter by tag, read expanded relations, typed blocks and search results.
Any disagreement between schema and server (a missing field, an unknown enum value, an
undocumented status, a type that no longer compiles) fails the build.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.engine_neutral,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = Path(__file__).resolve().parent / "contract"
NODE_BIN = CONTRACT / "node_modules" / ".bin"
PYTHON_CLIENT_CONFIG = (
    "project_name_override: zlkm-partner-client\npackage_name_override: zlkm_partner_client\npost_hooks: []\n"
)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def node_tools():
    """openapi-typescript and tsc from tests/api/contract (``make contract-tools``); installed here if missing."""
    if not (NODE_BIN / "tsc").exists():
        if shutil.which("npm") is None:
            if os.environ.get("CI"):
                pytest.fail("npm is needed for the TypeScript contract test in CI (apt-get install nodejs npm)")
            return None  # the Python client still runs; the TypeScript half skips, saying why
        run(["make", "contract-tools"], cwd=ROOT)
    return NODE_BIN


@pytest.fixture
def live_api(demo, live_server, settings):
    settings.BASE_URL = live_server.url
    settings.PARTNER_API_ANON_RATE = "100000/min"
    call_command("update_index", stdout=io.StringIO())
    out = io.StringIO()
    call_command("partner_key", "create", "契约测试", "--rate", "100000", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as response:
        schema = json.load(response)
    assert schema["servers"] == [{"url": live_server.url, "description": "本站"}]
    return live_server.url, key, schema


def test_generated_clients_work_against_a_live_server(live_api, node_tools, tmp_path):
    """One live server (loading the demo for it is the slow part) for both clients."""
    url, key, schema = live_api
    (tmp_path / "schema.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")

    # Python: openapi-python-client, then the program imports the generated package.
    (tmp_path / "config.yaml").write_text(PYTHON_CLIENT_CONFIG, encoding="utf-8")
    generator = Path(sys.executable).parent / "openapi-python-client"
    output = run(
        [generator, "generate", "--path", "schema.json", "--output-path", "zlkm_partner_client"]
        + ["--meta", "none", "--config", "config.yaml"],
        cwd=tmp_path,
    )
    assert "Warning" not in output, output  # every schema construct turned into a typed model
    printed = run([sys.executable, CONTRACT / "python_program.py", tmp_path, url, key])
    assert "python client: all checks passed" in printed, printed

    # TypeScript: openapi-typescript types, the program compiled with tsc --strict, run with node.
    if node_tools is None:
        pytest.skip("npm not found: install Node.js and run `make contract-tools` for the TypeScript client")
    run([node_tools / "openapi-typescript", "schema.json", "-o", "schema.d.ts"], cwd=tmp_path)
    shutil.copy(CONTRACT / "program.ts", tmp_path / "program.ts")
    run(
        [node_tools / "tsc", "--strict", "--noUnusedLocals", "--target", "es2022", "--module", "commonjs"]
        + ["--lib", "es2022,dom", "--outDir", "out", "program.ts"],
        cwd=tmp_path,
    )
    printed = run(["node", tmp_path / "out" / "program.js", url, key])
    assert "typescript client: all checks passed" in printed, printed
