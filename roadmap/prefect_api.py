"""A temporary Prefect server for the flows of this process, started before Prefect is imported.

With no ``PREFECT_API_URL``, Prefect starts a temporary server when a flow first runs: it imports its
whole server in the caller (about 2 s here) and only then starts the server's process (about 4 s
more), while nothing else happens. Started here first, the same server boots while the caller
imports Prefect and warms its build workers. One per process, stopped at exit, as Prefect's own.
This module imports nothing of Prefect: that is its point.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from roadmap.errors import RoadmapError
from roadmap.settings import configure_prefect_defaults

STARTUP_SECONDS = 90.0  # a cold start (a new PREFECT_HOME: its database is made) takes ~12 s here


class TemporaryServer:
    """Prefect's server in a child process on a free loopback port, as Prefect's ephemeral mode runs it."""

    def __init__(self) -> None:
        configure_prefect_defaults()  # its PREFECT_HOME and quiet logging, inherited by the child
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{port}/api"
        # What Prefect's own temporary server sets: no UI, no background services.
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        command = [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self._ready = False

    def ready(self) -> str:
        """The API's URL, once the server answers (waits for its start)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._ready:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RoadmapError("prefect.server_not_started", url=self.url)
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as answer:
                    self._ready = answer.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        return self.url

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_server: TemporaryServer | None = None
_lock = threading.Lock()


def temporary_server() -> TemporaryServer:
    """This process's temporary server, started now if it is not running (call ``ready()`` to use it)."""
    global _server
    with _lock:
        if _server is None or _server.process.poll() is not None:
            _server = TemporaryServer()
            atexit.register(_server.stop)
        return _server
