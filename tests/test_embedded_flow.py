"""The flow on the embedded default model: the real llama.cpp server and the real SmolLM2 weights.

Marked `embedded` (CI runs it). The model is weak on purpose-small hardware: these tests assert
that the pipeline runs end to end on it, that its mistakes come out flagged, and that its server
never outlives the run however the run ends.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import flows.articles as articles_module
from flows.summarize import summarize
from newsum import outputs
from newsum.embedded import DEFAULT_MODEL_ALIAS, EmbeddedServer
from newsum.endpoint import embedded_servers
from newsum.ingest import ingest
from tests.conftest import ROOT, SAMPLES
from tests.test_embedded import _alive, _wait_gone, needs_server

TARGETS = ["en", "fr", "ru", "es", "ar", "zh"]
pytestmark = pytest.mark.usefixtures("prefect_harness")


def _sample_subset(path: Path, ids: tuple[str, ...]) -> Path:
    """Two or three sample articles as one JSONL file (the whole corpus takes minutes)."""
    chosen = [a for a in ingest(SAMPLES) if a.article_id in ids]
    with path.open("w", encoding="utf-8") as handle:
        for a in chosen:
            row = {
                "id": a.article_id,
                "title": a.title,
                "text": a.text,
                "source": a.source,
                "published_at": a.published_at.isoformat() if a.published_at else None,
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def started_pids(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pid of every embedded server the code under test starts."""
    pids: list[int] = []
    original = EmbeddedServer.start

    def recording_start(self: EmbeddedServer) -> EmbeddedServer:
        server = original(self)
        assert self.pid is not None
        pids.append(self.pid)
        return server

    monkeypatch.setattr(EmbeddedServer, "start", recording_start)
    return pids


@needs_server
@pytest.mark.timeout(1800)  # ~2 min on a quiet machine; much longer while other jobs load it
def test_real_model_end_to_end(tmp_path: Path, started_pids: list[int]) -> None:
    corpus = _sample_subset(tmp_path / "in.jsonl", ("w-001", "r-002"))
    out = tmp_path / "out"
    run = asyncio.run(summarize(input=str(corpus), output=str(out)))
    # One one-thread server per core (two here), all gone afterwards.
    assert len(started_pids) == embedded_servers(), started_pids
    assert all(_wait_gone(pid) for pid in started_pids), "a server outlived the run"
    assert run["model"] == DEFAULT_MODEL_ALIAS and run["endpoint"].startswith("embedded")

    con = duckdb.connect()
    articles = con.execute(
        f"SELECT article_id, status, error, lang FROM read_parquet('{out}/articles/**/*.parquet')"
    ).fetchall()
    assert len(articles) == 2
    assert {lang for *_, lang in articles} == {"en", "az"}
    assert all(status == "ok" or (status == "failed" and error) for _, status, error, _ in articles)
    assert sum(1 for _, status, _, _ in articles if status == "ok") >= 1

    summaries = outputs.read_dataset(out, "summaries")
    assert summaries.schema.equals(outputs.SUMMARIES)
    rows = summaries.to_pylist()
    for article_id, status, _, _ in articles:
        if status != "ok":
            continue
        mine = [r for r in rows if r["article_id"] == article_id]
        assert sorted(r["lang"] for r in mine) == sorted(TARGETS)
        summary = next(r for r in mine if r["kind"] == "summary")
        assert summary["text"].strip() and summary["prompt_name"] == "summary_compact"
    # The flags say what is wrong, consistently; and a 135M model gets plenty wrong.
    for row in rows:
        reasons = set(filter(None, (row["review_reasons"] or "").split(",")))
        assert row["needs_review"] == bool(reasons)
        if row["numbers_grounded"] is False:
            assert "numbers_ungrounded" in reasons
        if row["lang_ok"] is False:
            assert "wrong_language" in reasons
    assert sum(r["needs_review"] for r in rows) >= len(rows) // 3


@needs_server
def test_server_stopped_when_the_flow_raises(
    tmp_path: Path, started_pids: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure inside the run")

    monkeypatch.setattr(articles_module, "_process", boom)
    corpus = _sample_subset(tmp_path / "in.jsonl", ("w-001",))
    with pytest.raises(RuntimeError, match="simulated"):
        asyncio.run(summarize(input=str(corpus), output=str(tmp_path / "out")))
    assert len(started_pids) == embedded_servers()
    assert all(_wait_gone(pid) for pid in started_pids), "a server outlived the failed run"


def _llama_children(parent: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"llama_cpp.server" in cmdline:
            found.append(int(proc.name))
    return found


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@needs_server
def test_sigint_stops_the_server_and_says_how_to_resume(tmp_path: Path) -> None:
    # Six articles: over a minute of work, so the run is still going when it is interrupted.
    ids = ("w-001", "w-002", "r-001", "r-002", "r-003", "r-004")
    corpus = _sample_subset(tmp_path / "in.jsonl", ids)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_"))}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flows.summarize",
            "--input",
            str(corpus),
            "--output",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a test run started in the background by a non-interactive shell
        # (make test &) inherits SIGINT ignored, and Python then never turns Ctrl-C into
        # KeyboardInterrupt, so the run would go on to its end.
        preexec_fn=_default_sigint,
    )
    children: list[int] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not children and proc.poll() is None:
        time.sleep(0.5)
        children = _llama_children(proc.pid)
    assert children, "the embedded server never started"
    time.sleep(2)  # let it take a request
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err.split("interrupted")[-1]
    assert all(_wait_gone(pid) for pid in children)
    assert not any(_alive(pid) for pid in children)
