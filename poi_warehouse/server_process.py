"""Prefect servers as child processes that cannot outlive the command that started them.

A child starts in its own session, so a terminal's Ctrl-C reaches the command alone: the command
finishes its clean-up (which may still report to the server) and then stops the child. The child
also asks Linux for a parent-death signal (`PR_SET_PDEATHSIG`): when the command dies, even by
SIGKILL, the kernel signals the child, so no server is left running without its command.

- `TemporaryServer`: what `poi-etl run` starts when no server is configured, the same uvicorn
  command as Prefect's own temporary server (`prefect.server.api.server.SubprocessASGIServer`), on a
  free port of 127.0.0.1; SIGKILL on the command's death (its history is already in PREFECT_HOME).
- `spawn()` with SIGTERM: the `poi-etl ui` server, stopped gracefully.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.lifeline import preexec_die_with
from poi_warehouse.prefect_server import ServerChoice, is_healthy, select_server
from transforms.errors import SettingsError

STOP_GRACE_SECONDS = 3.0


def spawn(command: list[str], env: dict[str, str], death_signal: int, **popen) -> subprocess.Popen:
    """Start `command` in its own session; it receives `death_signal` when this process dies."""
    return subprocess.Popen(
        command, env=env, start_new_session=True, preexec_fn=preexec_die_with(os.getpid(), death_signal), **popen
    )


def stop(process: subprocess.Popen, signum: int = signal.SIGTERM, grace: float = STOP_GRACE_SECONDS) -> None:
    """Signal the child, give it `grace` seconds, then kill it; always reaped."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TemporaryServer:
    """A Prefect API server for one command, on 127.0.0.1, logging to `<PREFECT_HOME>/temporary-server.log`."""

    def __init__(self, prefect_home: Path):
        self.prefect_home = prefect_home
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = prefect_home / "temporary-server.log"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _command(self) -> list[str]:
        import_root = Path(importlib.util.find_spec("prefect").origin).parent.parent
        return [
            sys.executable, "-m", "uvicorn", "--app-dir", str(import_root), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
            "--log-level", "error", "--lifespan", "on",
        ]  # fmt: skip

    def start(self) -> str:
        """Start the server (without waiting for it); return its API URL."""
        self.prefect_home.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PREFECT_HOME": str(self.prefect_home),
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        env.pop("PREFECT_API_URL", None)
        with self.log_path.open("ab") as log:
            self.process = spawn(
                self._command(), env, signal.SIGKILL, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        return self.api_url

    def wait_ready(self, timeout: float) -> None:
        """Wait until `GET /api/health` answers; a server that exits or stays silent is one clear error."""
        deadline = time.monotonic() + timeout
        while not is_healthy(self.api_url, timeout=1):
            if self.process is None or self.process.poll() is not None:
                code = None if self.process is None else self.process.returncode
                raise SettingsError(
                    f"the temporary Prefect server exited ({code}) before answering; see {self.log_path}"
                )
            if time.monotonic() > deadline:
                raise SettingsError(
                    f"the temporary Prefect server did not answer within {timeout:.0f} s; see {self.log_path}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, signal.SIGTERM)
            self.process = None


@dataclass
class RunServer:
    """The server a run talks to; `temporary` is set when this process started it."""

    choice: ServerChoice
    temporary: TemporaryServer | None = None

    def describe(self) -> str:
        return self.choice.describe()

    def wait_ready(self, timeout: float) -> None:
        if self.temporary is not None:
            self.temporary.wait_ready(timeout)


def _flush_prefect_clients(timeout: float = 5.0) -> None:
    """Send what Prefect still queues for the server (logs, events) while the server is up."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout)


@contextlib.contextmanager
def prefect_api(settings, port: int | None = None, choice: ServerChoice | None = None) -> Iterator[RunServer]:
    """The run's Prefect server: $PREFECT_API_URL, a running `poi-etl ui`, else a temporary one (stopped at exit).

    The temporary server starts before Prefect is imported (it boots meanwhile) and its URL goes to
    PREFECT_API_URL for this process; call `wait_ready()` before the first flow run. `choice` is a
    `select_server()` the caller already made (to check what a temporary server needs first).
    """
    choice = choice or select_server(port)
    if choice.source != "temporary":
        yield RunServer(choice)
        return
    server = TemporaryServer(settings.prefect_home)
    os.environ["PREFECT_API_URL"] = server.start()
    try:
        yield RunServer(choice, server)
    finally:
        with contextlib.suppress(Exception):
            _flush_prefect_clients()
        server.stop()
        os.environ.pop("PREFECT_API_URL", None)
