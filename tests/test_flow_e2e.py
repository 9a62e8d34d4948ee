"""The Prefect flow end to end against a loopback OpenAI-compatible server, read by DuckDB."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.summarize import main, summarize
from newsum import outputs
from newsum.ingest import ingest
from newsum.run_control import RunStopped
from tests.conftest import SAMPLES
from tests.support.fake_openai import FakeOpenAI, Fault, Scripted
from tests.support.parquet import query

KEY = "sk-canary-e2e-5f1c0ffee0ddba11"
TARGETS = ["en", "fr", "ru", "es", "ar", "zh"]
pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        monkeypatch.setenv("NEWSUM_CIRCUIT_BREAKER_FAILURES", "1000")
        yield server


def run_flow(output: Path, **kwargs: Any) -> dict[str, Any]:
    return asyncio.run(summarize(output=str(output), **kwargs))


def test_samples_end_to_end(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_flow(out)
    n_input = len(ingest(SAMPLES))
    assert run["articles"] == n_input
    rows = query(out, "articles", "SELECT status, count(*) FROM articles GROUP BY 1 ORDER BY 1")
    by_status = dict(rows)
    assert sum(by_status.values()) == n_input
    assert by_status["rejected"] == 3 and by_status["duplicate"] == 1
    assert by_status.get("ok", 0) + by_status.get("failed", 0) == n_input - 4
    assert query(
        out, "articles", "SELECT count(DISTINCT (source_file, source_row)) FROM articles"
    ) == [(n_input,)]
    # Every processed article: one summary in English, one translation per other target.
    per_article = query(
        out,
        "summaries",
        """
        SELECT article_id, list(lang ORDER BY lang), list(DISTINCT kind ORDER BY kind)
        FROM summaries GROUP BY 1""",
    )
    assert per_article, "no summaries written"
    for _, langs, kinds in per_article:
        assert sorted(langs) == sorted(TARGETS) and kinds == ["summary", "translation"]
    rejected = query(out, "articles", "SELECT error FROM articles WHERE status = 'rejected'")
    assert all(e[0].startswith(("wire.jsonl, line", "regional.csv, row")) for e in rejected)
    summary_row = query(
        out,
        "summaries",
        """
        SELECT model, prompt_name, prompt_version, length(prompt_hash), claims_json
        FROM summaries WHERE kind = 'summary' LIMIT 1""",
    )[0]
    assert summary_row[:4] == ("fake-model", "summary", 1, 16)
    assert isinstance(json.loads(summary_row[4]), list)
    runs = query(out, "runs", "SELECT articles, ok, rejected, llm_calls, endpoint FROM runs")
    assert runs[0][0] == n_input and runs[0][3] == endpoint.calls
    assert runs[0][4].startswith("http://127.0.0.1:")
    # All targets in one structured call: at most 2 calls per article without faults (the
    # event-level calls come on top, once per event).
    article_calls = query(out, "articles", "SELECT sum(llm_calls) FROM articles")[0][0]
    assert article_calls <= 2 * (by_status["ok"] + by_status.get("failed", 0))


def test_rerun_makes_no_calls_and_no_duplicates(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_flow(out)
    first_calls = endpoint.calls
    before = query(out, "summaries", "SELECT article_id, lang, run_id FROM summaries ORDER BY 1, 2")
    rerun = run_flow(out)
    assert endpoint.calls == first_calls, "an unchanged corpus must cost no call"
    # Not even cache look-ups: the ok articles are left as they are, rows and all.
    assert rerun["llm_calls"] == 0 and rerun["cached_calls"] == 0
    assert rerun["unchanged"] == first["ok"] > 0 and rerun["ok"] == first["ok"]
    assert rerun["articles"] == first["articles"]
    assert query(
        out, "summaries", "SELECT article_id, lang, run_id FROM summaries ORDER BY 1, 2"
    ) == (before), "the summaries of unchanged articles are not rewritten"
    assert query(
        out,
        "articles",
        """SELECT count(*) FROM (SELECT source_file, source_row
        FROM articles GROUP BY ALL HAVING count(*) > 1)""",
    ) == [(0,)]
    assert query(out, "runs", "SELECT count(*) FROM runs") == [(2,)]


def test_rerun_with_another_target_redoes_only_the_new_language(
    endpoint: FakeOpenAI, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_flow(out, targets="en,fr")
    calls = endpoint.calls
    rerun = run_flow(out, targets="en,fr,de")
    assert rerun["unchanged"] == 0, "other targets: the stored rows are not what this run writes"
    # The summaries come from the answer cache; only the German translations are asked.
    assert rerun["cached_calls"] >= first["ok"]
    assert endpoint.calls - calls <= first["ok"] + 10  # + the event stage's translations
    langs = query(out, "summaries", "SELECT DISTINCT lang FROM summaries ORDER BY 1")
    assert langs == [("de",), ("en",), ("fr",)]
    again = run_flow(out, targets="en,fr,de")
    assert again["unchanged"] == first["ok"] and again["llm_calls"] == 0


def test_a_new_prompt_version_makes_articles_current_again(
    endpoint: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_flow(out, targets="en,fr")
    from newsum import incremental

    # The rows say they were made with summary@v1; pretend v2 exists now.
    monkeypatch.setattr(incremental, "_newest_version", lambda name: 2 if name == "summary" else 1)
    rerun = run_flow(out, targets="en,fr")
    assert rerun["unchanged"] == 0 and rerun["ok"] > 0


def test_dry_run_after_a_run_keeps_its_rows(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_flow(out, targets="en,fr")
    before = query(out, "articles", "SELECT article_id, status, run_id FROM articles ORDER BY 1")
    plan = run_flow(out, targets="en,fr,de", dry_run=True)
    assert plan["planned"] > 0 and endpoint.calls > 0
    after = query(out, "articles", "SELECT article_id, status, run_id FROM articles ORDER BY 1")
    assert after == before, "a plan never replaces what a run wrote"


def test_scripted_faults_end_ok_or_failed(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.enqueue(
        Scripted(content='{"summary": "broken'),  # invalid JSON: repaired
        Scripted(status=429, headers={"retry-after": "0.2"}),
        Scripted(status=500),
        Scripted(hang=4.0),  # read timeout (LLM_TIMEOUT=2)
    )
    out = tmp_path / "out"
    import os

    os.environ["LLM_TIMEOUT"] = "2"
    try:
        run_flow(out)
    finally:
        del os.environ["LLM_TIMEOUT"]
    kinds = endpoint.kinds()
    assert kinds["scripted"] >= 4 or sum(kinds.values()) > 4
    statuses = dict(query(out, "articles", "SELECT status, count(*) FROM articles GROUP BY 1"))
    assert set(statuses) <= {"ok", "failed", "rejected", "duplicate"}
    assert statuses.get("ok", 0) >= 17


def test_random_faults_lose_nothing(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.fail_rate = 0.3
    endpoint.fault_kinds = (
        Fault.SERVER_ERROR,
        Fault.RATE_LIMIT_RETRY_AFTER,
        Fault.INVALID_JSON,
        Fault.SCHEMA_MISMATCH,
        Fault.CONNECTION_RESET,
        Fault.TRUNCATED,
    )
    out = tmp_path / "out"
    run_flow(out)
    n_input = len(ingest(SAMPLES))
    rows = query(out, "articles", "SELECT status, error FROM articles")
    assert len(rows) == n_input
    for status, error in rows:
        assert status in {"ok", "failed", "rejected", "duplicate"}
        assert (status == "failed") == (
            error is not None and status != "rejected"
        ) or status == "rejected"
    # Rerun after failures: only the failed articles are retried.
    endpoint.fail_rate = 0.0
    failed = sum(1 for s, _ in rows if s == "failed")
    ok = sum(1 for s, _ in rows if s == "ok")
    rerun = run_flow(out)
    statuses = dict(query(out, "articles", "SELECT status, count(*) FROM articles GROUP BY 1"))
    assert statuses.get("failed", 0) == 0
    assert rerun["unchanged"] == ok, "the articles that were ok are left as they are"
    # The rows the rerun wrote are the failed articles', with the rerun's call counts.
    rerun_calls = query(
        out, "articles", f"SELECT sum(llm_calls) FROM articles WHERE run_id = '{rerun['run_id']}'"
    )[0][0]
    assert rerun_calls <= 2 * failed


def test_dry_run_makes_no_call(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_flow(out, dry_run=True)
    assert endpoint.calls == 0
    assert run["planned"] == run["articles"] - 4
    tokens = query(out, "articles", "SELECT min(input_tokens) FROM articles WHERE status='planned'")
    assert tokens[0][0] > 0
    assert outputs.read_dataset(out, "summaries").num_rows == 0


def test_quota_stops_the_run_with_every_row_written(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.quota_exhausted = True
    out = tmp_path / "out"
    with pytest.raises(RunStopped, match="quota"):
        run_flow(out)
    assert endpoint.calls <= 8, "only the calls already in flight (LLM_CONCURRENCY=8)"
    statuses = dict(query(out, "articles", "SELECT status, count(*) FROM articles GROUP BY 1"))
    assert statuses["failed"] == len(ingest(SAMPLES)) - 4
    errors = query(out, "articles", "SELECT DISTINCT error FROM articles WHERE status='failed'")
    assert all("quota" in e[0] for e in errors)


def test_key_never_reaches_outputs(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.enqueue(
        Scripted(
            status=401,
            body={"error": {"message": f"bad key {KEY}", "type": "invalid_request_error"}},
        )
    )
    out = tmp_path / "out"
    with pytest.raises(RunStopped):
        run_flow(out)
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


# ---------------------------------------------------------------------------------------------
# What a scheduler sees: flow run and task run states, the run logs, the exit code


def _flow_run(flow_run_id: str) -> Any:
    from prefect.client.orchestration import get_client

    async def read() -> Any:
        async with get_client() as client:
            return await client.read_flow_run(uuid.UUID(flow_run_id))

    return asyncio.run(read())


def _task_states(flow_run_id: str) -> dict[str, str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async def read() -> dict[str, str]:
        async with get_client() as client:
            runs = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[uuid.UUID(flow_run_id)]))
            )
        return {run.name.rsplit("-", 1)[0]: run.state.type.value for run in runs if run.state}

    return asyncio.run(read())


def _run_markdown(flow_run_id: str) -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> str:
        async with get_client() as client:
            artifacts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[uuid.UUID(flow_run_id)])
                )
            )
        return next(str(a.data) for a in artifacts if a.key == "newsum-run")

    return asyncio.run(read())


def test_a_run_where_every_article_failed_is_a_failed_run(
    endpoint: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A model that answers every request with something unusable.
    endpoint.fail_rate = 1.0
    endpoint.fault_kinds = (Fault.SCHEMA_MISMATCH,)
    out = tmp_path / "out"
    code = main(["--output", str(out), "--targets", "en,fr"])
    assert code == 4, "a scheduler must tell this night from a good one"
    line = capsys.readouterr()
    assert "ok 0, failed 21" in line.out
    assert "none of the 21 articles due could be summarised" in line.err
    statuses = dict(query(out, "articles", "SELECT status, count(*) FROM articles GROUP BY 1"))
    assert statuses == {"failed": 21, "rejected": 3, "duplicate": 1}, "the rows are written"
    (flow_run_id,) = query(out, "runs", "SELECT flow_run_id FROM runs")[0]
    assert _flow_run(flow_run_id).state.type.value == "FAILED"
    assert "**run failed**: none of the 21" in _run_markdown(flow_run_id)


def test_some_failed_articles_leave_a_completed_run_that_counts_them(
    endpoint: FakeOpenAI, tmp_path: Path
) -> None:
    endpoint.fail_rate = 0.5
    endpoint.fault_kinds = (Fault.SCHEMA_MISMATCH,)
    out = tmp_path / "out"
    run = run_flow(out, targets="en,fr")
    assert run["ok"] > 0 and run["failed"] > 0
    assert _flow_run(run["flow_run_id"]).state.type.value == "COMPLETED"
    due = run["ok"] + run["failed"]
    assert f"**{run['failed']} of {due} articles failed**" in _run_markdown(run["flow_run_id"])


def test_a_failed_event_or_report_step_is_a_failed_task_run(
    endpoint: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsum.events.run as event_run
    from newsum import report_html

    def broken(*args: object, **kwargs: object) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(event_run, "load_members", broken)
    monkeypatch.setattr(report_html, "write_report", broken)
    out = tmp_path / "out"
    run = run_flow(out, targets="en,fr")
    assert run["ok"] == 21, "the article rows are written all the same"
    assert query(out, "articles", "SELECT count(*) FROM articles") == [(25,)]
    states = _task_states(run["flow_run_id"])
    assert states["summarize-events"] == "FAILED" and states["write-report"] == "FAILED"
    assert states["write-parquet"] == "COMPLETED"
    # The articles did their job: the run is completed, and says what failed.
    assert _flow_run(run["flow_run_id"]).state.type.value == "COMPLETED"
    markdown = _run_markdown(run["flow_run_id"])
    assert "**event stage failed**" in markdown and "**report failed**" in markdown


def test_newsum_log_lines_reach_the_flow_run_logs(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    run = run_flow(tmp_path / "out", dry_run=True)
    APILogHandler().flush()  # the logs go to the API in batches: send them now

    async def read() -> list[Any]:
        async with get_client() as client:
            return await client.read_logs(
                LogFilter(flow_run_id=LogFilterFlowRunId(any_=[uuid.UUID(run["flow_run_id"])]))
            )

    logs = asyncio.run(read())
    ingest_lines = [log for log in logs if log.name == "newsum.ingest"]
    assert ingest_lines and "ingested" in ingest_lines[0].message


def test_ctrl_c_is_an_interrupt_even_when_the_crash_report_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ctrl-C stops the temporary Prefect server too; when it is gone first, the flow engine's
    # report of the crash fails, and that error (not KeyboardInterrupt) leaves the run.
    import httpx

    async def interrupted(*_: object) -> None:
        try:
            raise asyncio.CancelledError
        except asyncio.CancelledError:
            # As httpx raises it: from the transport's error, while the cancellation is handled.
            raise httpx.ConnectError("All connection attempts failed") from OSError(111)

    async def broken(*_: object) -> None:
        raise httpx.ConnectError("All connection attempts failed")

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    args = ["--input", str(source), "--output", str(tmp_path / "out")]
    monkeypatch.setattr("flows.summarize.summarize", interrupted)
    assert main(args) == 130
    assert "interrupted; nothing half-written is visible" in capsys.readouterr().err
    # The same error without a Ctrl-C behind it is no interrupt.
    monkeypatch.setattr("flows.summarize.summarize", broken)
    with pytest.raises(httpx.ConnectError):
        main(args)
