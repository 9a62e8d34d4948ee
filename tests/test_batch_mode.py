"""Batch mode (LLM_BATCH) against the loopback server's Batch API, through the real client."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flows.summarize import main, summarize
from newsum import pipeline, translation_rows
from newsum.batch_mode import BatchReport, batch_store, run_batch_rounds, run_rounds
from newsum.config import load_settings
from newsum.endpoint import configured_endpoint
from newsum.ingest import ingest
from newsum.llm import CallStats, open_client
from newsum.llm import batch as batch_api
from newsum.llm.batch import BatchJob, BatchStore, PollPolicy
from newsum.llm.client import Deferred
from newsum.pipeline import Context, detect, estimated_cost, process_article, summary_options
from newsum.records import Article
from tests.support.batch_logs import Progress, progress_lines
from tests.support.corpus import write_corpus
from tests.support.fake_openai import FakeOpenAI, ModelQuirks, default_content
from tests.support.parquet import query
from tests.support.processes import run_flow, start_flow

FAST_POLL = {"NEWSUM_BATCH_POLL_S": "0.05", "NEWSUM_BATCH_POLL_MAX_S": "0.2"}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name, value in {
        "OPENAI_API_KEY": "sk-test-batch",
        "LLM_MODEL": "fake-model",
        "NEWSUM_PROGRESS": "false",
        "NEWSUM_TARGETS": "en,fr",
        **FAST_POLL,
    }.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def _articles(path: Path) -> list[Article]:
    return [detect(article) for article in ingest(path)]


def _context(settings: Any, client: Any) -> Context:
    endpoint = configured_endpoint(settings)
    return Context(
        settings, client, summary_options(endpoint, settings), endpoint.translate_mode, "t"
    )


def _all_ok(results: list[Any]) -> CallStats:
    """Every article ok; their calls added up."""
    stats = CallStats()
    for result in results:
        assert result.article.status.value == "ok", result.article.error
        stats.add(result.stats)
    return stats


async def _rounds(output: Path, articles: list[Article]) -> tuple[list[str], list[Any]]:
    """Batch rounds, then the article stage as the flow runs it after them."""
    settings = load_settings(output=str(output), batch=True)
    endpoint = configured_endpoint(settings)
    async with open_client(endpoint, settings) as client:
        ctx = _context(settings, client)
        report = await run_batch_rounds(articles, ctx)
        results = [await process_article(article, ctx) for article in articles]
    return report.batch_ids, results


def test_rounds_answer_summaries_then_translations_and_the_rest_from_cache(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 30))
    with FakeOpenAI(batch_delay=0.2) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        batch_ids, results = asyncio.run(_rounds(tmp_path / "out", articles))
        # Round 1: the 30 summaries but the one asked synchronously to learn the capability;
        # round 2: their 30 translations. Nothing asked twice.
        assert fake.batch.creates == 2 and len(batch_ids) == 2
        assert fake.batch.lines == 59 and max(fake.batch.submitted.values()) == 1
        assert fake.calls == 1
        stats = _all_ok(results)
        assert (stats.calls, stats.batch_calls, stats.cached) == (60, 59, 0)
        # Each line is the body the client would post: the model, its strict schema.
        line = fake.batch.input_lines(batch_ids[0])[0]
        assert line["body"]["model"] == "fake-model" and line["method"] == "POST"
        assert line["body"]["response_format"]["json_schema"]["strict"] is True
        assert len(line["custom_id"]) == 64  # the answer-cache key (sha256)
        batch = fake.batch.batch(batch_ids[0])
        assert batch["endpoint"] == "/v1/chat/completions"
        assert batch["request_counts"] == {"total": 29, "completed": 29, "failed": 0}
    records = sorted(batch_store(load_settings(output=str(tmp_path / "out"))).folder.glob("*.json"))
    assert [json.loads(p.read_text())["status"] for p in records] == ["completed", "completed"]


def test_failed_lines_go_to_a_follow_up_batch_and_small_rounds_go_synchronously(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 40))
    env.setenv("LLM_BATCH_MIN", "10")
    with FakeOpenAI(batch_line_fail_rate=0.15, seed=5) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        _, results = asyncio.run(_rounds(tmp_path / "out", articles))
        stats = _all_ok(results)
        # Failed lines were asked again (a follow-up batch, or synchronously once few).
        assert max(fake.batch.submitted.values()) >= 2
        assert stats.calls == 80 and stats.batch_calls >= 0.9 * stats.calls
        assert fake.calls == stats.calls - stats.batch_calls


def test_expired_batches_keep_what_they_finished_and_the_rest_goes_again(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 24))
    env.setenv("LLM_CAPABILITY", "json_schema")
    env.setenv("LLM_BATCH_MIN", "4")
    with FakeOpenAI() as fake:
        fake.batch.outcome = "expired"  # every batch does half its lines
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        _, results = asyncio.run(_rounds(tmp_path / "out", articles))
        stats = _all_ok(results)
        done = sum(fake.batch.batch(b)["request_counts"]["completed"] for b in fake.batch.batch_ids)
        # Each finished line was used, once; the expired ones were asked again.
        assert stats.batch_calls == done and stats.calls == 48
        assert fake.batch.creates >= 3 and max(fake.batch.submitted.values()) >= 2
        # A line is asked in at most LLM_MAX_ATTEMPTS (5) batches, then synchronously.
        assert max(fake.batch.submitted.values()) == 5
        assert fake.calls == stats.calls - stats.batch_calls


def test_a_parameter_the_model_refuses_in_batch_lines_is_learnt(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 20))
    env.setenv("LLM_CAPABILITY", "json_schema")  # so lines go out before any synchronous call
    env.setenv("LLM_BATCH_MIN", "5")
    with FakeOpenAI(quirks=ModelQuirks(reasoning=True)) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        _, results = asyncio.run(_rounds(tmp_path / "out", articles))
        assert all(r.article.status.value == "ok" for r in results)
        assert fake.calls == 0  # everything through batches
        last = fake.batch.input_lines(fake.batch.batch_ids[-1])[0]["body"]
        assert "max_completion_tokens" in last and "max_tokens" not in last
        assert "temperature" not in last


def test_an_endpoint_without_batch_api_runs_synchronously(
    env: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 25))
    with FakeOpenAI(batch_api=False) as fake, caplog.at_level(logging.INFO, "newsum.batch"):
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        batch_ids, results = asyncio.run(_rounds(tmp_path / "out", articles))
        assert batch_ids == [] and fake.batch.creates == 0
        assert all(r.article.status.value == "ok" for r in results)
        assert fake.calls == 50
    lines = [r.getMessage() for r in caplog.records if "no Batch API" in r.getMessage()]
    assert len(lines) == 1 and "synchronously" in lines[0]


async def _interrupted_once_submitted(fake: FakeOpenAI, out: Path, articles: list[Article]) -> None:
    """Batch rounds cancelled (as by Ctrl-C) once the first batch is submitted and recorded:
    the server having it is not enough, the run may not have read its answer yet (that window
    has a test of its own: a run dying between creating a batch and recording it)."""
    task = asyncio.create_task(_rounds(out, articles))
    store = batch_store(load_settings(output=str(out)))
    while fake.batch.creates == 0 or not store.open_jobs():
        await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_an_interrupted_wait_is_picked_up_without_submitting_again(
    env: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 25))
    out = tmp_path / "out"
    # A configured capability: nothing to learn, so no call goes synchronously.
    env.setenv("LLM_CAPABILITY", "json_schema")
    with FakeOpenAI(batch_delay=1.0) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)

        with caplog.at_level(logging.WARNING, "newsum.batch"):
            asyncio.run(_interrupted_once_submitted(fake, out, articles))
        [first] = fake.batch.batch_ids
        assert fake.batch.batch(first)["status"] in ("validating", "in_progress")
        [stopped] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert first in stopped and "rerun the same command" in stopped
        batch_ids, results = asyncio.run(_rounds(out, articles))
        assert batch_ids[0] == first  # picked up, not submitted again
        assert max(fake.batch.submitted.values()) == 1
        assert fake.batch.lines == 50 and fake.calls == 0
        assert all(r.article.status.value == "ok" for r in results)


def test_a_batch_that_does_not_move_is_reported_now_and_then_not_at_each_poll(
    env: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 25))
    env.setenv("LLM_CAPABILITY", "json_schema")
    env.setattr(batch_api, "PROGRESS_EVERY_S", 0.5)  # instead of 10 minutes

    def lines() -> list[Progress]:
        return progress_lines(r.getMessage() for r in caplog.records)

    async def watch_until_reported_three_times() -> None:
        task = asyncio.create_task(_rounds(tmp_path / "out", articles))
        deadline = time.monotonic() + 30
        while len(lines()) < 3 and time.monotonic() < deadline and not task.done():
            await asyncio.sleep(0.05)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with FakeOpenAI() as fake, caplog.at_level(logging.INFO, "newsum.batch"):
        fake.batch.outcome = "stuck"  # in_progress, 0 done, until cancelled
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        asyncio.run(watch_until_reported_three_times())
        retrieves = fake.batch.retrieves
    seen = lines()
    assert len(seen) >= 3 and {p.state for p in seen} == {("in_progress", 0, 0, 25)}
    # Polled every 0.05-0.2 s, reported every 0.5 s while nothing moves.
    assert retrieves > len(seen)
    times = [r.created for r in caplog.records if progress_lines([r.getMessage()])]
    assert all(b - a >= 0.45 for a, b in itertools.pairwise(times)), times


def _dies_between_creating_and_recording(
    env: pytest.MonkeyPatch, out: Path, articles: list[Article]
) -> None:
    """Batch rounds that stop as if the process died right after batches.create answered,
    before the batch's id was recorded (its record still says "creating")."""
    save = BatchStore.save

    def dies_once_created(store: BatchStore, job: BatchJob) -> None:
        if job.status == "submitted":
            raise RuntimeError("killed")
        save(store, job)

    env.setattr(BatchStore, "save", dies_once_created)
    with pytest.raises(RuntimeError, match="killed"):
        asyncio.run(_rounds(out, articles))
    env.setattr(BatchStore, "save", save)


def test_a_run_dying_between_creating_a_batch_and_recording_it_does_not_submit_it_twice(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 25))
    out = tmp_path / "out"
    env.setenv("LLM_CAPABILITY", "json_schema")
    with FakeOpenAI(batch_delay=0.3) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        _dies_between_creating_and_recording(env, out, articles)
        [first] = fake.batch.batch_ids
        [record] = batch_store(load_settings(output=str(out))).open_jobs("creating")
        assert record.id == "" and len(record.keys) == 25
        batch_ids, results = asyncio.run(_rounds(out, articles))
        assert batch_ids[0] == first and max(fake.batch.submitted.values()) == 1
        assert fake.batch.lines == 50 and fake.calls == 0
        assert all(r.article.status.value == "ok" for r in results)
        assert batch_store(load_settings(output=str(out))).open_jobs("creating") == []


def test_cancel_batches_also_cancels_a_batch_whose_creation_a_stopped_run_did_not_see(
    env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stopped between batches.create and recording its id (the record says "creating"):
    --cancel-batches finds the batch by its input file instead of leaving it running."""
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 25))
    out = tmp_path / "out"
    env.setenv("LLM_CAPABILITY", "json_schema")
    with FakeOpenAI(batch_delay=60) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        _dies_between_creating_and_recording(env, out, articles)
        [first] = fake.batch.batch_ids
        assert main(["--output", str(out), "--cancel-batches"]) == 0
        assert f"1 batches cancelled: {first}" in capsys.readouterr().out
        assert fake.batch.batch(first)["status"] == "cancelled"
        assert batch_store(load_settings(output=str(out))).open_jobs("creating") == []


def test_cancel_batches_cancels_what_an_interrupted_run_left_running(
    env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = _articles(write_corpus(tmp_path / "in.jsonl", 25))
    out = tmp_path / "out"
    with FakeOpenAI(batch_delay=60) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)

        asyncio.run(_interrupted_once_submitted(fake, out, articles))
        [first] = fake.batch.batch_ids
        assert main(["--output", str(out), "--cancel-batches"]) == 0
        assert f"1 batches cancelled: {first}" in capsys.readouterr().out
        assert fake.batch.cancels == 1 and fake.batch.batch(first)["status"] == "cancelled"
        assert batch_store(load_settings(output=str(out))).open_jobs() == []
        # Nothing left to cancel the second time.
        assert main(["--output", str(out), "--cancel-batches"]) == 0
        assert fake.batch.cancels == 1


def test_batch_calls_cost_the_discount() -> None:
    settings = load_settings(price_input_per_mtok=2.0, price_output_per_mtok=8.0)
    sync = CallStats(calls=1, prompt_tokens=1000, completion_tokens=500)
    batched = CallStats(
        calls=1,
        prompt_tokens=1000,
        completion_tokens=500,
        batch_calls=1,
        batch_prompt_tokens=1000,
        batch_completion_tokens=500,
    )
    assert estimated_cost(sync, settings) == pytest.approx(0.006)
    assert estimated_cost(batched, settings) == pytest.approx(0.003)
    settings = load_settings(price_input_per_mtok=2.0, price_output_per_mtok=8.0, batch_discount=1)
    assert estimated_cost(batched, settings) == pytest.approx(0.006)


async def _every_pass_in_full(articles: list[Article], ctx: Context) -> BatchReport:
    """Batch rounds as they were before the collect passes were trimmed: every pass runs the
    whole article stage (language, checks, rows) for every article, as the run proper does."""
    quiet = dataclasses.replace(ctx, on_done=None)

    async def article_pass() -> None:
        async def one(article: Article) -> None:
            with contextlib.suppress(Deferred):
                await process_article(article, quiet)

        await asyncio.gather(*(one(article) for article in articles))

    assert ctx.client is not None
    return await run_rounds(article_pass, ctx.client, ctx.settings)


def _repair_once(request: dict[str, Any]) -> str:
    """Invalid JSON the first time a prompt shows the marked article (its summary, its
    verifier request); the repair re-ask, which ends with the repair prompt, is answered."""
    if "REPAIRME" in request["messages"][-1]["content"]:
        return '{"summary": '
    return default_content(request)


def test_collect_passes_run_no_checks_yet_ask_the_same_requests(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Every kind of request the article stage makes: map-reduce chunks and their combination
    # (article 0), repairs of invalid answers (article 4's summary and verifier request),
    # translations into two languages, the verifier.
    paragraph = "The ministry said {i} convoys reached the border crossing on day {i}. " * 6
    body = "\n\n".join(paragraph.format(i=i) for i in range(30))
    corpus = write_corpus(tmp_path / "in.jsonl", 12, extra={0: body, 4: "REPAIRME"})
    for name, value in {
        "NEWSUM_TARGETS": "en,fr,de",
        "LLM_VERIFY": "1",
        "LLM_CONTEXT_TOKENS": "4000",
        "LLM_MAX_OUTPUT_TOKENS": "1500",
        "LLM_CAPABILITY": "json_schema",  # nothing to learn: every round goes as a batch
        "LLM_BATCH_MIN": "1",
    }.items():
        env.setenv(name, value)
    counts: Counter[str] = Counter()

    def counted(module: Any, name: str) -> None:
        real = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        env.setattr(module, name, wrapper)

    counted(pipeline, "check_summary")
    counted(translation_rows, "check_translations")
    counted(pipeline, "detect_language")  # an article's language (the checks have their own)

    def run(
        out: Path, rounds: Callable[..., Any]
    ) -> tuple[list[list[str]], int, Counter[str], Any]:
        articles = list(ingest(corpus))  # undetected, as the flow hands them over

        async def go() -> tuple[Counter[str], list[Any], BatchReport]:
            settings = load_settings(output=str(out), batch=True)
            async with open_client(configured_endpoint(settings), settings) as client:
                ctx = _context(settings, client)
                counts.clear()
                report = await rounds(articles, ctx)
                during = Counter(counts)
                return during, [await process_article(a, ctx) for a in articles], report

        with FakeOpenAI(responder=_repair_once) as fake:
            env.setenv("OPENAI_BASE_URL", fake.base_url)
            during, results, report = asyncio.run(go())
            lines = [
                sorted(line["custom_id"] for line in fake.batch.input_lines(batch_id))
                for batch_id in fake.batch.batch_ids
            ]
            assert report.rounds == len(lines) and max(fake.batch.submitted.values()) == 1
            return lines, fake.calls, during, results

    full_lines, full_calls, full_during, full_results = run(tmp_path / "full", _every_pass_in_full)
    lines, calls, during, results = run(tmp_path / "trimmed", run_batch_rounds)

    # The same requests, round by round, and the same synchronous repairs.
    assert lines == full_lines and calls == full_calls
    assert len(lines) >= 4 and calls >= 2  # chunks, combine, translations, verifier; repairs
    # No check in a collect pass, and each article's language detected once, not once a pass.
    assert during == Counter(detect_language=12)
    rounds = len(lines) + 1  # a pass per round, then the one that notes nothing
    assert full_during["detect_language"] == 12 * rounds
    assert full_during["check_summary"] > 0 and full_during["check_translations"] > 0

    # The run proper after the rounds is the same: rows, checks, calls, notes.
    def outcome(result: Any) -> tuple[Any, ...]:
        rows = [row.model_dump(exclude={"created_at"}) for row in result.summary_rows]
        article = result.article
        return article.status, article.error, article.extra, article.lang, result.stats, rows

    assert [outcome(r) for r in results] == [outcome(r) for r in full_results]
    _all_ok(results)
    assert results[0].chunks >= 2 and "verified" in results[4].article.extra["notes"]


# ---- through the flow --------------------------------------------------------------------------


@pytest.mark.usefixtures("prefect_harness")
def test_flow_in_batch_mode_end_to_end_then_a_rerun_makes_no_call(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out"
    env.setenv("LLM_PRICE_INPUT", "2")
    env.setenv("LLM_PRICE_OUTPUT", "8")
    # The failed lines' follow-up rounds shrink, and the event stage's rounds are small (this
    # corpus makes 3 events): under the default LLM_BATCH_MIN (20) they would go synchronously.
    env.setenv("LLM_BATCH_MIN", "3")
    with FakeOpenAI(batch_line_fail_rate=0.1, batch_delay=0.2, seed=2) as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        run = asyncio.run(summarize(input=str(corpus), output=str(out), batch=True))
        rows = query(out, "articles", "SELECT status, error, llm_calls FROM articles")
        assert len(rows) == 60
        assert all(s == "ok" or (s == "failed" and e) for s, e, _ in rows)
        article_calls = sum(calls for _, _, calls in rows)
        print(
            f"batch mode: {len(run['batch_ids'].split(','))} batches, {fake.batch.lines} lines; "
            f"{run['batch_calls']} of the run's {run['llm_calls']} calls through batches "
            f"({article_calls} in the article stage), {run['sync_calls']} synchronous"
        )
        # >= 90% of the completions through batches: the article stage's, and the run's
        # (the event stage's rounds come after the articles').
        # (the article stage's synchronous calls are at most the run's)
        assert article_calls - run["sync_calls"] >= 0.9 * article_calls
        assert run["batch_calls"] >= 0.9 * run["llm_calls"] and run["llm_calls"] > article_calls
        assert run["sync_calls"] == run["llm_calls"] - run["batch_calls"] == fake.calls
        assert run["batch_ids"] and set(run["batch_ids"].split(",")) == set(fake.batch.batch_ids)
        stored = query(out, "runs", "SELECT batch_ids, batch_calls FROM runs")
        assert stored == [(run["batch_ids"], run["batch_calls"])]
        # Batched calls cost half (the article stage's: the event stage's calls are synchronous).
        costs = query(
            out, "articles", "SELECT input_tokens, output_tokens, estimated_cost FROM articles"
        )
        full = sum(i * 2 + o * 8 for i, o, _ in costs) / 1e6
        assert full * 0.5 <= sum(c for _, _, c in costs) < full * 0.55
        assert run["estimated_cost"] < (run["input_tokens"] * 2 + run["output_tokens"] * 8) / 1e6
        calls, creates = fake.calls, fake.batch.creates
        rerun = asyncio.run(summarize(input=str(corpus), output=str(out), batch=True))
        assert rerun["llm_calls"] == 0 and rerun["batch_ids"] is None
        assert (fake.calls, fake.batch.creates) == (calls, creates)


@pytest.mark.usefixtures("prefect_harness")
def test_without_the_setting_no_batch_is_made(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl", 25)
    with FakeOpenAI() as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        run = asyncio.run(summarize(input=str(corpus), output=str(tmp_path / "out")))
        assert fake.batch.creates == 0 and fake.batch.uploads == 0
        assert run["batch_calls"] == 0 and run["batch_ids"] is None
        assert run["sync_calls"] == run["llm_calls"] == fake.calls


def test_lines_are_split_at_the_api_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [(f"k{i}", {"model": "m", "messages": [{"role": "user", "content": "x" * 50}]})
             for i in range(10)]  # fmt: skip
    monkeypatch.setattr(batch_api, "MAX_LINES", 4)
    assert [len(c) for c in batch_api._chunks(lines)] == [4, 4, 2]
    monkeypatch.setattr(batch_api, "MAX_LINES", 50_000)
    monkeypatch.setattr(batch_api, "MAX_BYTES", 3 * len(batch_api._chunks(lines[:1])[0][0]))
    chunks = batch_api._chunks(lines)
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert [json.loads(line)["custom_id"] for c in chunks for line in c] == [k for k, _ in lines]


def test_poll_policy_backs_off_to_minutes() -> None:
    delays = PollPolicy().delays()
    seen = [next(delays) for _ in range(20)]
    assert seen[0] == 5.0 and seen == sorted(seen) and seen[-1] == 300.0


# ---- kill -9 while a batch is in flight ------------------------------------------------------


def _cli_env(fake: FakeOpenAI, tmp_path: Path) -> dict[str, str]:
    """The environment of `python -m flows.summarize` against the loopback server."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_"))},
        **FAST_POLL,
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": "sk-test-batch",
        "LLM_MODEL": "fake-model",
        "NEWSUM_TARGETS": "en,fr",
        "NEWSUM_PROGRESS": "false",
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }


@pytest.mark.slow
def test_kill_9_while_a_batch_runs_then_rerun_picks_it_up(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl", 30)
    out = tmp_path / "out"
    records = out / "_state" / "batches"
    with FakeOpenAI(batch_delay=600) as fake:  # the batch outlives the process
        env = _cli_env(fake, tmp_path)
        args = ["--input", str(corpus), "--output", str(out), "--batch"]
        proc = start_flow(args, env)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not list(records.glob("batch-*.json")):
            time.sleep(0.2)
        assert list(records.glob("batch-*.json")), "no batch was recorded"
        time.sleep(0.5)  # the run is polling now
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        [first] = fake.batch.batch_ids
        assert fake.batch.batch(first)["status"] in ("validating", "in_progress")
        lines, sync_calls = fake.batch.lines, fake.calls
        assert (fake.batch.creates, lines, sync_calls) == (1, 29, 1)
        fake.batch.delay = 0.3  # the batch finishes while the rerun waits for it
        done = run_flow(args, env)
        assert done.returncode == 0, done.stderr[-2000:]
        # No request submitted twice: the rerun waited for the first batch, then sent only the
        # translations (and learnt the capability again with one synchronous call).
        assert max(fake.batch.submitted.values()) == 1
        assert fake.batch.creates == 2 and fake.batch.lines == 29 + 29
    rows = query(out, "articles", "SELECT status FROM articles")
    assert sorted(rows) == [("ok",)] * 30
    runs = query(out, "runs", "SELECT batch_ids FROM runs")
    assert first in runs[0][0]


class _Terminal:
    """What a command writes to its terminal, read line by line while it runs."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        self.proc, self.lines = proc, list[str]()
        self._reader = threading.Thread(target=self._read, args=(proc.stderr,), daemon=True)
        self._reader.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, what: Callable[[list[str]], bool], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not what(list(self.lines)):
            assert self.proc.poll() is None, "\n".join(self.lines[-30:])
            assert time.monotonic() < deadline, "\n".join(self.lines[-30:])
            time.sleep(0.1)

    def close(self, timeout: float) -> list[str]:
        self.proc.wait(timeout)
        self._reader.join(10)
        return self.lines


@pytest.mark.slow
def test_the_terminal_shows_where_the_batches_stand_and_ctrl_c_says_how_to_resume(
    tmp_path: Path,
) -> None:
    """`python -m flows.summarize --batch` as a user runs it: while it waits, its terminal says
    what it submitted and how to resume, then a line per change of each batch (id, status,
    done/failed/total, time waited); Ctrl-C names the batches still running and how to pick
    them up or cancel them; the rerun picks them up and says where they stand."""
    corpus = write_corpus(tmp_path / "in.jsonl", 25)
    args = ["--input", str(corpus), "--output", str(tmp_path / "out"), "--batch"]
    # 30 s batches: validating for 3 s (polled ~15 times: one line), then a request done per s.
    with FakeOpenAI(batch_delay=30) as fake:
        env = _cli_env(fake, tmp_path)
        terminal = _Terminal(start_flow(args, env, watch=True))
        terminal.wait_for(
            lambda lines: any(p.status == "in_progress" for p in progress_lines(lines))
        )
        os.killpg(terminal.proc.pid, signal.SIGINT)  # Ctrl-C on its terminal
        # Back in seconds mostly; but Ctrl-C stops the temporary Prefect server too, and when
        # it is gone before the flow engine reports the crash, that report is retried ~1 min.
        stderr = terminal.close(timeout=150)
        assert terminal.proc.returncode == 130, "\n".join(stderr)
        [first] = fake.batch.batch_ids
        [submitted] = [line for line in stderr if "requests submitted" in line]
        assert f"batch round 1: 24 requests submitted in 1 batch ({first})" in submitted
        assert "rerun the same command" in submitted and "--cancel-batches" in submitted
        seen = progress_lines(stderr)
        assert [p.state for p in seen[:2]] == [
            ("validating", 0, 0, 24),
            ("in_progress", seen[1].done, 0, 24),
        ]
        assert {p.batch_id for p in seen} == {first}
        # A line per change, not per poll: polled every 0.05-0.2 s, validating was one line.
        assert all(a.state != b.state for a, b in itertools.pairwise(seen))
        assert fake.batch.retrieves > len(seen)
        [still] = [line for line in stderr if "still running at the endpoint" in line]
        assert f"1 batch still running at the endpoint ({first})" in still
        assert "rerun the same command" in still and "--cancel-batches" in still

        fake.batch.delay = 2.0  # by now the first batch is done; the next take 2 s
        done = run_flow(args, env)
    assert done.returncode == 0, done.stderr[-3000:]
    stderr = done.stderr.splitlines()
    assert any(f"picking up 1 batch (24 requests) an earlier run left: {first}" in line
               for line in stderr)  # fmt: skip
    seen = progress_lines(stderr)
    assert seen[0].batch_id == first and seen[0].state == ("completed", 24, 0, 24)
    assert seen[0].waited != "0s"  # waited since it was submitted, by the first run too
    # Then the translations (but the one call that learns the capability again).
    [second] = {p.batch_id for p in seen} - {first}
    last = [p for p in seen if p.batch_id == second][-1]
    assert last.state == ("completed", last.total, 0, last.total) and last.total >= 24
    assert any(f"{last.total} requests submitted in 1 batch ({second})" in line for line in stderr)
    assert f"{24 + last.total} calls through batches" in done.stdout


@pytest.mark.usefixtures("prefect_harness")
def test_dry_run_shows_both_prices(
    env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl", 10)
    env.setenv("LLM_PRICE_INPUT", "2")
    env.setenv("LLM_PRICE_OUTPUT", "8")
    with FakeOpenAI() as fake:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        argv = ["--input", str(corpus), "--output", str(tmp_path / "out"), "--dry-run", "--batch"]
        assert main(argv) == 0
        line = next(x for x in capsys.readouterr().out.splitlines() if "estimated cost" in x)
        # Without --batch, the output is as before batch mode.
        assert main(argv[:-1]) == 0
        assert "estimated cost" not in capsys.readouterr().out
        assert fake.calls == 0 and fake.batch.creates == 0
    sync, batched = (float(word) for word in line.split() if word[0].isdigit())
    assert sync > 0 and batched == pytest.approx(sync * 0.5, abs=1e-4)
