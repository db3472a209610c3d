"""The job worker and the process that keeps the web app and its worker running (``roadmap serve``).

``work`` claims recorded jobs (``roadmap.services.jobs``) one at a time and does them; ``supervise``
starts the web server and one worker as child processes, starts the worker again if it dies, and
stops both when it is stopped. The web app itself starts no threads and no processes.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from types import FrameType

from roadmap.services.digest import digest_due, send_daily_digest
from roadmap.services.jobs import run_next_job, worker_name
from roadmap.services.notifications import deliver_pending
from roadmap.settings import get_settings

POLL_SECONDS = 2.0
RESTART_PAUSE = 5.0  # a worker that dies at once is not restarted in a tight loop


class _Stop:
    """Set by SIGTERM/SIGINT: finish the job at hand, take no new one."""

    requested = False

    def __call__(self, _signal: int, _frame: FrameType | None) -> None:
        self.requested = True


def _stop_on_signals() -> _Stop:
    """A stop flag that SIGTERM and SIGINT set."""
    stop = _Stop()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return stop


def work(
    poll: float = POLL_SECONDS, once: bool = False, on_job: Callable[[int, str], None] | None = None
) -> int:
    """Do queued jobs until stopped (or, with ``once``, until none is left); returns how many were done."""
    stop = _stop_on_signals()
    name, done = worker_name(), 0
    digest_checked: date | None = None  # the day the digest was seen to be sent (asked once a day)
    while not stop.requested:
        finished = run_next_job(worker=name)
        if finished is None:
            if get_settings().smtp_url:  # between jobs, the outbox's notices go out by e-mail
                deliver_pending()
                digest_checked = _digest_once_a_day(digest_checked)  # and, once a day, the digest
            if once:
                break
            time.sleep(poll)
            continue
        done += 1
        if on_job:
            on_job(finished.id, finished.state)
    return done


def _digest_once_a_day(checked: date | None) -> date | None:
    """Send today's digest if it is due; returns the day it is known to be done (asked once a day)."""
    now = datetime.now()
    if checked == now.date() or now.hour < get_settings().digest_hour:
        return checked
    if digest_due(now):
        report = send_daily_digest(now.date())
        if report.failed and not report.sent:  # the server is down: try again at the next quiet moment
            return checked
    return now.date()


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command)


def supervise(host: str, port: int, web_workers: int = 1, poll: float = 1.0) -> int:
    """Run the web server and a job worker; restart the worker if it dies; stop both on a signal."""
    stop = _stop_on_signals()
    web_command = [
        sys.executable, "-m", "uvicorn", "roadmap.web.app:create_app", "--factory",
        "--host", host, "--port", str(port), "--workers", str(web_workers),
        "--log-level", "warning", "--proxy-headers",
    ]  # fmt: skip
    worker_command = [sys.executable, "-m", "roadmap", "worker"]
    web, worker = _start(web_command), _start(worker_command)
    last_start = time.monotonic()
    try:
        while not stop.requested and web.poll() is None:
            if worker.poll() is not None and time.monotonic() - last_start > RESTART_PAUSE:
                worker, last_start = _start(worker_command), time.monotonic()
            time.sleep(poll)
    finally:
        for child in (worker, web):
            if child.poll() is None:
                child.terminate()
        for child in (worker, web):
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
    return web.returncode or 0
