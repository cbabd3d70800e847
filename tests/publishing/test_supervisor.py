"""The supervised worker (`run_worker --supervise`, used by make run and deploy/): a dead worker comes back."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

CHILD = "import os, sys, time; open(sys.argv[1], 'a').write(f'{os.getpid()}\\n'); time.sleep(600)"
SUPERVISOR = (
    "import sys; from publishing.supervisor import supervise; "
    "sys.exit(supervise([sys.executable, '-c', sys.argv[1], sys.argv[2]], log=lambda m: None))"
)


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill 0; /proc says whether it is really running.
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" not in status.read_text()


def test_a_killed_worker_is_started_again_and_stopping_the_supervisor_stops_it(tmp_path):
    pids_file = tmp_path / "pids"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, CHILD, str(pids_file)], cwd=settings.BASE_DIR, start_new_session=True
    )
    try:

        def pids():
            return [int(line) for line in pids_file.read_text().split()] if pids_file.exists() else []

        first = wait_for(pids)[0]
        os.kill(first, signal.SIGKILL)  # as the OOM killer or a crash would
        second = wait_for(lambda: pids()[1:])[0]
        assert second != first and alive(second)

        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(20) == 0
        wait_for(lambda: not alive(second), timeout=10)
        assert len(pids()) == 2, "no worker was started after the supervisor was told to stop"
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
