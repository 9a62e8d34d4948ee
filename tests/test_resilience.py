"""Nothing lost under faults, crashes and reruns (issue: retries, cache, resume)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.summarize import summarize
from tests.support.corpus import write_corpus
from tests.support.fake_openai import ALL_FAULTS, FakeOpenAI
from tests.support.processes import run_flow, start_flow

KEY = "sk-canary-resilience-77aa88bb99"


def _endpoint_env(monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("LLM_MODEL", "fake-model")
    monkeypatch.setenv("NEWSUM_PROGRESS", "false")


def _articles(out: Path) -> list[tuple[str, str, str | None]]:
    return (
        duckdb.connect()
        .execute(
            f"SELECT article_id, status, error FROM read_parquet('{out}/articles/**/*.parquet')"
        )
        .fetchall()
    )


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_500_articles_under_20_percent_faults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl", 500)
    with FakeOpenAI(fail_rate=0.2, fault_kinds=ALL_FAULTS, hang_seconds=1.5, seed=3) as server:
        _endpoint_env(monkeypatch, server)
        monkeypatch.setenv("LLM_TIMEOUT", "1")
        monkeypatch.setenv("LLM_CONCURRENCY", "16")
        out = tmp_path / "out"
        started = time.monotonic()
        run = asyncio.run(summarize(input=str(corpus), output=str(out)))
        elapsed = time.monotonic() - started
        rows = _articles(out)
        ids = Counter(article_id for article_id, _, _ in rows)
        statuses = Counter(status for _, status, _ in rows)
        assert len(ids) == 500 and max(ids.values()) == 1, "an article is missing or duplicated"
        assert set(statuses) <= {"ok", "failed"}
        assert all(error for _, status, error in rows if status == "failed")
        faults = Counter(entry["kind"] for entry in server.log)
        first_calls = server.calls
        rerun = asyncio.run(summarize(input=str(corpus), output=str(out)))
        with capsys.disabled():
            print(
                f"\n500 articles, 20% faults: ok {statuses['ok']}, failed {statuses['failed']}, "
                f"lost 0, {first_calls} calls in {elapsed:.1f}s; faults {dict(faults)}; "
                f"rerun: {rerun['llm_calls']} calls for {statuses['failed']} failed articles"
            )
        assert run["ok"] == statuses["ok"]
        # The rerun retries only what failed (with faults still on, some may fail again); the
        # ok articles are left as they are.
        assert rerun["unchanged"] == statuses["ok"]
        assert rerun["ok"] + rerun["failed"] == 500
        assert len(_articles(out)) == 500


@pytest.mark.slow
def test_kill_9_then_rerun_resumes_without_redoing_work(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out"
    cache = out / "_cache" / "llm.sqlite"
    with FakeOpenAI(latency=0.3, concurrency=4) as server:
        env = {
            **os.environ,
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": KEY,
            "LLM_MODEL": "fake-model",
            "LLM_CONCURRENCY": "4",
            "NEWSUM_PROGRESS": "false",
            "PREFECT_HOME": str(tmp_path / "prefect"),
        }
        args = ["--input", str(corpus), "--output", str(out)]
        proc = start_flow(args, env)
        deadline = time.monotonic() + 120
        cached = 0
        while time.monotonic() < deadline and cached < 30:
            time.sleep(0.2)
            if cache.exists():
                try:
                    with sqlite3.connect(cache) as db:
                        cached = db.execute("SELECT count(*) FROM answers").fetchone()[0]
                except sqlite3.OperationalError:
                    continue
        assert cached >= 30, "the run did not get going"
        os.killpg(proc.pid, signal.SIGKILL)  # the flow and its temporary Prefect server
        proc.wait(10)
        for path in out.rglob("*.parquet"):  # nothing half-written is visible
            pq.read_table(path)
        with sqlite3.connect(cache) as db:
            answered = db.execute("SELECT count(*) FROM answers").fetchone()[0]
        calls_before = server.calls
        done = run_flow(args, env)
        assert done.returncode == 0, done.stderr[-2000:]
        rerun_calls = server.calls - calls_before
    rows = _articles(out)
    assert len(rows) == 60 and len({r[0] for r in rows}) == 60
    assert all(status == "ok" for _, status, _ in rows)
    # 2 calls an article in all, plus the event stage (the corpus's articles form events and the
    # kill came before it ran): per event, its account (c map calls and c - 1 merges when
    # map-reduced in c chunks) and one translation call. The answers cached before the kill were
    # not asked again.
    event_calls = (
        duckdb.connect()
        .execute(
            f"SELECT coalesce(sum(2 * greatest(chunks, 1)), 0) FROM read_parquet("
            f"'{out}/events/**/*.parquet') WHERE kind = 'summary' AND method <> 'single_article'"
        )
        .fetchone()[0]
    )
    assert rerun_calls <= 120 - answered + event_calls
    assert ", 0 cached)" not in done.stdout  # (not "0 cached": "30 cached" contains it)
