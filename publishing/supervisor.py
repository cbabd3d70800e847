"""Keep the background worker alive: run it as a child process and start it again when it dies.

Scheduled publishing, expiry and webhook deliveries all stop when the worker stops,
so ``manage.py run_worker --supervise`` (what ``make run`` and the production units in
``deploy/`` start) never leaves it dead: a crash, an uncaught "database is locked" or a
kill -9 brings a fresh worker after a short pause that grows while it keeps failing.
SIGTERM or SIGINT to the supervisor stops the worker and then the supervisor.
"""

import signal
import subprocess
import sys
import threading
import time

# Pause before a restart: doubles from the first value up to the last while the
# worker keeps dying quickly; a worker that ran for HEALTHY_SECONDS resets it.
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
HEALTHY_SECONDS = 60.0


def supervise(command, log=print):
    """Run ``command`` (an argv list) until asked to stop by SIGTERM or SIGINT; then return 0."""
    stopping = threading.Event()
    child = None

    def stop(signum, _frame):
        stopping.set()
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    pause = FIRST_PAUSE
    try:
        while not stopping.is_set():
            started = time.monotonic()
            child = subprocess.Popen(command)
            log(f"后台任务进程已启动（pid {child.pid}）")
            code = child.wait()
            if stopping.is_set():
                return 0
            if time.monotonic() - started >= HEALTHY_SECONDS:
                pause = FIRST_PAUSE
            log(f"后台任务进程已退出（代码 {code}），{pause:g} 秒后重新启动")
            stopping.wait(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0


def worker_command(interval=None):
    """argv for one unsupervised worker, run with this interpreter and manage.py."""
    from django.conf import settings

    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_worker"]
    if interval:
        command += ["--interval", str(interval)]
    return command
