"""The processes a benchmark talks to: a Prefect API server and the fake OpenAI endpoint.

Both run as child processes in their own process group, so they never share a CPU-bound event
loop with the pipeline under test, and stopping one stops everything it started.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
# What makes Prefect quiet and offline (see ../shared/notes/prefect-3-offline.md).
OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop_group(proc: subprocess.Popen[str], timeout: float = 15.0) -> None:
    """SIGTERM to the child's own process group, SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class PrefectServer:
    """`prefect server start` on a free loopback port, with its own PREFECT_HOME.

    One server for the whole benchmark: each flow run then costs ~1 s of API traffic instead of
    the 10-25 s start of a temporary server (measured separately, see bench.run), and the
    server's CPU and memory stay out of the pipeline process's figures.
    """

    def __init__(self, home: Path, log_path: Path, startup_timeout: float = 120.0) -> None:
        self.home = home
        self.log_path = log_path
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.startup_s = 0.0
        self._proc: subprocess.Popen[str] | None = None
        self._log: IO[str] | None = None

    def __enter__(self) -> PrefectServer:
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        env = {**os.environ, **OFFLINE_ENV, "PREFECT_HOME": str(self.home)}
        env.pop("PREFECT_API_URL", None)
        prefect = Path(sys.executable).with_name("prefect")
        args = ["server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--analytics-off", "--no-ui", "--no-scheduler", "--no-late-runs"]
        started = time.monotonic()
        self._proc = subprocess.Popen(
            [str(prefect), *args],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            self._wait_healthy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self.startup_s = time.monotonic() - started
        return self

    def _wait_healthy(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"prefect server exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"prefect server not healthy after {self.startup_timeout:.0f}s")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is not None:
            _stop_group(self._proc)
            self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None


class FakeEndpoint:
    """tests.support.fake_openai as a process: fixed latency, bounded concurrency, no recording;
    its Batch API takes `batch_delay` seconds per batch.

    `calls` (synchronous ones) and `batches` are read from the summary lines the fake prints on
    stderr when it stops.
    """

    def __init__(
        self,
        latency: float,
        concurrency: int,
        log_path: Path,
        overflow: str = "queue",
        batch_delay: float = 0.0,
    ) -> None:
        self.latency = latency
        self.concurrency = concurrency
        self.overflow = overflow  # beyond `concurrency` at once: "queue" or "429"
        self.batch_delay = batch_delay
        self.log_path = log_path
        self.base_url = ""
        self.calls: int | None = None
        self.kinds: dict[str, int] = {}
        self.batches = BatchCounts()
        self._proc: subprocess.Popen[str] | None = None
        self._log: IO[str] | None = None

    def __enter__(self) -> FakeEndpoint:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        args = ["--port", "0", "--latency", str(self.latency)]
        args += ["--concurrency", str(self.concurrency), "--no-record"]
        args += ["--overflow", self.overflow, "--batch-delay", str(self.batch_delay)]
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_openai", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            start_new_session=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.__exit__(None, None, None)
            raise RuntimeError(f"fake endpoint did not start: {line!r}; see {self.log_path}")
        self.base_url = line.split(" ", 1)[1]
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is None:
            return
        _stop_group(self._proc)
        self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        self.calls = _calls_from_log(self.log_path)
        self.kinds = _kinds_from_log(self.log_path)
        self.batches = _batches_from_log(self.log_path)


@dataclass(frozen=True)
class BatchCounts:
    """What the fake's Batch API saw: batches created, request lines in them (over every
    batch), and the most times one request (custom_id) was submitted."""

    batches: int = 0
    lines: int = 0
    most_submissions: int = 0


def _batches_from_log(path: Path) -> BatchCounts:
    # "fake_openai: 3 batches, 2059 batch lines, 1 most submissions of one line"
    for line in reversed(path.read_text(errors="replace").splitlines()):
        if line.startswith("fake_openai: ") and " batch lines" in line:
            numbers = [int(word) for word in line.split() if word.isdigit()]
            return BatchCounts(*numbers[:3])
    return BatchCounts()


def _kinds_from_log(path: Path) -> dict[str, int]:
    # "fake_openai: 2000 calls (ok=1990, over_capacity=10)" -> {"ok": 1990, "over_capacity": 10}
    for line in reversed(path.read_text(errors="replace").splitlines()):
        if line.startswith("fake_openai: ") and "(" in line:
            inside = line.rsplit("(", 1)[1].rstrip(")")
            pairs = (part.split("=", 1) for part in inside.split(", ") if "=" in part)
            return {kind: int(count) for kind, count in pairs}
    return {}


def _calls_from_log(path: Path) -> int | None:
    # The fake's last words: "fake_openai: 2000 calls (ok=2000)".
    for line in reversed(path.read_text(errors="replace").splitlines()):
        if line.startswith("fake_openai: ") and " calls" in line:
            return int(line.split()[1])
    return None
