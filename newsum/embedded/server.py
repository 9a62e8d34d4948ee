"""`EmbeddedServer`: one llama_cpp.server child process serving one GGUF model on loopback.

Started in its own session (process group) with the parent-death signal, registered for the
process-wide cleanup while it runs, and stopped with its whole group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import NoReturn

from newsum.embedded import cleanup
from newsum.embedded.model import check_model_file, resolve_model_path, served_model_name
from newsum.embedded.pdeathsig import pdeathsig_preexec
from newsum.embedded.ports import LOOPBACK, find_free_port, port_is_free
from newsum.embedded.probe import serves_model
from newsum.embedded.runtime import check_runtime
from newsum.errors import ConfigError

_POLL_INTERVAL = 0.2
_LOG_TAIL_LINES = 20
_PORT_RETRIES = 3  # find_free_port() can race with another process binding the same port


def _tail(path: Path, n: int, offset: int = 0) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            lines = deque(fh, maxlen=n)
        return b"".join(lines).decode("utf-8", errors="replace").rstrip()
    except OSError as exc:
        return f"(log {path} unreadable: {exc})"


class EmbeddedServer:
    """A llama_cpp.server child process serving one GGUF model on loopback.

    Use as a context manager: `with EmbeddedServer() as srv: OpenAI(base_url=srv.base_url, ...)`.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        n_threads_batch: int | None = None,
        host: str = LOOPBACK,
        port: int | None = None,
        startup_timeout: float = 120.0,
        log_path: Path | None = None,
        model_alias: str | None = None,
        allow_non_loopback: bool = False,
    ) -> None:
        if host != LOOPBACK and not allow_non_loopback:
            # The server has no API key: on any other interface anyone could use it.
            raise ConfigError(
                f"the embedded server listens on {LOOPBACK} only (got host={host!r}); "
                "pass allow_non_loopback=True to expose it on purpose"
            )
        self.model_path = resolve_model_path(model_path)
        self.model = model_alias or served_model_name(self.model_path)
        self.n_ctx = n_ctx
        # One thread by default: on 2 shared cores llama.cpp's threads wait for each other at every
        # step, and when another process takes one core a 2-thread server ran 5x slower than a
        # 1-thread one (same prompts, interleaved; notes in endpoint.py).
        self.n_threads = n_threads or 1
        self.n_threads_batch = n_threads_batch or self.n_threads
        self.host = host
        self._requested_port = port  # None: pick a free one at each start
        self.port: int | None = port
        self.startup_timeout = startup_timeout
        self.log_path: Path | None = log_path
        self._own_log = log_path is None  # a temp log we delete after a clean stop
        self._log_offset = 0  # where this start's output begins in an appended-to log
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.RLock()  # re-entrant: the SIGTERM handler may call stop() mid-stop
        self._stopping = False

    # -- public API --

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ConfigError("the embedded server has no port yet: call start() first")
        # 0.0.0.0 is a bind address, not one to connect to.
        connect_host = LOOPBACK if self.host in ("0.0.0.0", "") else self.host
        return f"http://{connect_host}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> EmbeddedServer:
        with self._lock:
            if self._proc is not None:
                raise ConfigError("the embedded server is already started")
            check_model_file(self.model_path)
            fixed = self._requested_port
            if fixed is not None and not port_is_free(self.host, fixed):
                raise ConfigError(
                    f"port {fixed} on {self.host} is already in use: choose another port (--port)"
                )
            check_runtime()
            attempts = 1 if fixed is not None else _PORT_RETRIES
            for attempt in range(1, attempts + 1):
                self.port = fixed if fixed is not None else find_free_port(self.host)
                try:
                    self._spawn()
                    self._wait_ready()
                    return self
                except _PortTaken:
                    self.stop()
                    if attempt == attempts:
                        raise ConfigError(
                            f"the embedded server could not bind port {self.port} (in use); "
                            f"{attempts} port(s) tried"
                        ) from None
                except BaseException:
                    # Includes KeyboardInterrupt during the wait: never leave a half-started child.
                    self.stop()
                    raise
            raise AssertionError("unreachable")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the server's process group, then SIGKILL it after `timeout`. Idempotent."""
        with self._lock:
            proc = self._proc
            # Re-entered from the SIGTERM handler while this thread is already stopping it:
            # the outer call finishes the job.
            if proc is None or self._stopping:
                return
            self._stopping = True
            died_on_its_own = proc.poll() is not None
            try:
                self._terminate(proc, timeout)
            finally:
                self._proc = None
                self._stopping = False
                cleanup.unregister(self)
                if not died_on_its_own:  # keep a crashed server's log for the post-mortem
                    self._drop_own_log()

    def log_tail(self, n: int = _LOG_TAIL_LINES) -> str:
        """The last lines this start wrote (not an earlier run's, when the log is appended to)."""
        if self.log_path is None:
            return ""
        return _tail(self.log_path, n, self._log_offset)

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals --

    def _command(self) -> list[str]:
        return [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.model_path),
            "--model_alias", self.model,
            "--host", self.host,
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.n_threads),
            "--n_threads_batch", str(self.n_threads_batch),
            # The server's default (True) keeps n_ctx x n_vocab float32 logits for logprobs,
            # which the pipeline never asks for: ~800 MB of RSS at n_ctx 4096 with SmolLM2's
            # 49k vocabulary, and the output layer computed for every prompt token.
            "--logits_all", "False",
            # Its default (True) ends a *streamed* answer early, as if complete, as soon as another
            # request waits for the model: silent truncation under client concurrency.
            "--interrupt_requests", "False",
        ]  # fmt: skip

    def _spawn(self) -> None:
        if self.log_path is None:
            fd, name = tempfile.mkstemp(prefix="newsum-llama-server-", suffix=".log")
            os.close(fd)
            self.log_path = Path(name)
        env = dict(os.environ, PYTHONUNBUFFERED="1")  # so the log tail is complete on a crash
        with self.log_path.open("ab") as log:
            self._log_offset = log.tell()
            self._proc = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                # PDEATHSIG fires when the *thread* that forked dies, so set it only from the
                # main thread; a worker thread ending would otherwise kill a live server.
                preexec_fn=(
                    pdeathsig_preexec(os.getpid())
                    if threading.current_thread() is threading.main_thread()
                    else None
                ),
            )
        cleanup.register(self)

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self._proc.poll()
            if code is not None:
                self._raise_died(code)
            if serves_model(self.base_url, self.model):
                return
            if time.monotonic() >= deadline:
                raise ConfigError(
                    f"the embedded server did not answer on {self.base_url}/models within "
                    f"{self.startup_timeout:.0f} s; last lines of its log ({self.log_path}):\n"
                    f"{self.log_tail()}"
                )
            time.sleep(_POLL_INTERVAL)

    def _raise_died(self, code: int) -> NoReturn:
        tail = self.log_tail()
        if "address already in use" in tail.lower():
            raise _PortTaken
        how = f"signal {-code}" if code < 0 else f"exit status {code}"
        raise ConfigError(
            f"the embedded server ({self.model_path.name}) died at startup with {how}; "
            f"last lines of its log ({self.log_path}):\n{tail}"
        )

    def _terminate(self, proc: subprocess.Popen[bytes], timeout: float) -> None:
        if proc.poll() is not None:
            return  # already reaped: its pid (and group id) may belong to someone else now
        try:
            _killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)
        except BaseException:
            # A second Ctrl-C while waiting: do not leave the server behind.
            _killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)
            raise

    def _drop_own_log(self) -> None:
        if self._own_log and self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None


class _PortTaken(Exception):
    """The auto-chosen port was taken between find_free_port() and the server's bind."""


def _killpg(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)
