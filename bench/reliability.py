"""``make reliability``: the soak, fault and fuzz suites at full size, then one table.

``--security`` runs only the security suites and prints their table (bench/security.py).

Environment:
  RELIABILITY_SOAK_SECONDS   soak length (default 60)
  RELIABILITY_FUZZ_EXAMPLES  Hypothesis examples per property (default 5000 here, 150 in make test)
  RELIABILITY_PORT           loopback port for the soak's gunicorn (default 8110)
  RELIABILITY_PG_PORT        loopback port for the fault test's private PostgreSQL (default 8115; gunicorn the next)
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The environment as given: the soak sets up Django in this process (cms.settings.dev, its own database
# and media), and none of that may reach the test suites, which must run on cms.settings.test.
ENVIRONMENT = dict(os.environ)

from bench import security  # noqa: E402  (after the path is set)


def run_suites(metrics_path, fuzz_examples, paths=None):
    env = {
        **ENVIRONMENT,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "RELIABILITY_METRICS": str(metrics_path),
        "RELIABILITY_FUZZ_EXAMPLES": str(fuzz_examples),
        "RELIABILITY_FULL": "1",
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *(paths or ["tests/reliability", "tests/api/test_schema.py", *security.SUITES]),
            "-q",
            "-p",
            "no:warnings",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    summary = [line for line in result.stdout.splitlines() if " passed" in line or " failed" in line or "error" in line]
    return result.returncode, summary[-1] if summary else result.stdout[-2000:], time.monotonic() - started, result


def read_metrics(path):
    totals = defaultdict(int)
    if Path(path).exists():
        for line in Path(path).read_text().splitlines():
            item = json.loads(line)
            totals[item["name"]] += item["value"]
    return totals


def print_table(rows):
    """Print one table; True when a row misses its expected value."""
    width = max(len(name) for name, _, _ in rows)
    print()
    print(f"| {'measure'.ljust(width)} | {'value':>12} | expected |")
    print(f"|{'-' * (width + 2)}|{'-' * 14}|----------|")
    bad = False
    for name, value, expected in rows:
        ok = expected is None or value == expected
        bad |= not ok
        mark = "" if expected is None else ("ok" if ok else "FAIL")
        print(f"| {name.ljust(width)} | {value:>12} | {mark:>8} |")
    return bad


def security_only():
    """``python bench/reliability.py --security``: only the security suites and their table."""
    metrics_path = Path(tempfile.mkdtemp(prefix="zlkm-security-")) / "metrics.jsonl"
    code, summary, elapsed, result = run_suites(metrics_path, 150, paths=security.SUITES)
    print(f"   pytest: {summary} ({elapsed:.0f} s)", flush=True)
    if code:
        print("\n".join(line[:400] for line in result.stdout.splitlines() if line.startswith(("E ", "FAILED")))[:20000])
    rows = [*security.rows(read_metrics(metrics_path)), ("test suites failed", 0 if code == 0 else 1, 0)]
    sys.exit(1 if print_table(rows) else 0)


def main():
    if "--security" in sys.argv[1:]:
        security_only()
    soak_seconds = float(os.environ.get("RELIABILITY_SOAK_SECONDS", "60"))
    fuzz_examples = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "5000"))
    from bench import reliability_soak

    print(f"== soak: 50 readers, 200 publish/edit/unpublish steps, {soak_seconds:g} s", flush=True)
    soak = reliability_soak.run(seconds=soak_seconds, readers=50, operations=200)
    print(json.dumps({k: v for k, v in soak.items() if k != "examples"}, ensure_ascii=False), flush=True)
    for example in soak["examples"]:
        print("   e.g.", example[:300])

    print(f"== faults, fuzz ({fuzz_examples} examples per property), visibility matrix, backup round trip", flush=True)
    metrics_path = Path(tempfile.mkdtemp(prefix="zlkm-reliability-")) / "metrics.jsonl"
    code, summary, elapsed, result = run_suites(metrics_path, fuzz_examples)
    print(f"   pytest: {summary} ({elapsed:.0f} s)", flush=True)
    if code:
        failures = [line for line in result.stdout.splitlines() if line.startswith(("E ", "FAILED"))]
        print("\n".join(line[:400] for line in failures[:60]))
    metrics = read_metrics(metrics_path)

    rows = [
        ("requests served (soak)", soak["requests"], None),
        ("responses >= 500", soak["errors_5xx"], 0),
        ("transport errors", soak["transport_errors"], 0),
        ("'database is locked'", soak["database_locked"], 0),
        ("lost writes", soak["lost_writes"], 0),
        ("reads stale > 1 s", soak["stale_over_1s"], 0),
        ("publish/edit/unpublish steps", soak["operations"], None),
        ("visibility cases checked", metrics["visibility_cases"], None),
        ("leaks found", metrics["visibility_leaks"], 0),
        ("fuzz cases tried (Hypothesis)", metrics["fuzz_cases"], None),
        ("faults injected", metrics["faults_injected"], None),
        ("faults recovered", metrics["faults_recovered"], metrics["faults_injected"]),
        ("bytes compared after restore", metrics["restore_bytes_compared"], None),
        ("bytes differing after restore", metrics["restore_bytes_differing"], 0),
        ("test suites failed", 0 if code == 0 else 1, 0),
    ]
    bad = print_table(rows)
    print("\n== security (bench/security.py)")
    bad |= print_table(security.rows(metrics))
    print("\n== wire-copy cleaner on adversarial inputs (bench/wirecopy_cleaner.py)")
    from bench import wirecopy_cleaner

    bad |= print_table(wirecopy_cleaner.rows())
    print(f"\nsoak: {soak['seconds']} s, {soak['requests_per_second']} req/s, data in {soak['directory']}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
