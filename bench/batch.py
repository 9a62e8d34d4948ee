"""The batch-mode rows of `make bench` (issue 13): one corpus through the Batch API, and as usual.

    python -m bench.run --only batch     (a few minutes; also part of `make bench`)

Three runs of the real flow (bench.child), each against a fresh loopback fake endpoint with the
bench's latency and concurrency, prices set (LLM_PRICE_INPUT/OUTPUT, so the runs row has costs):
1. LLM_BATCH=1: the calls go out in rounds of batches, each taking the fake's batch delay
   (validating -> in_progress -> finalizing -> completed over BENCH_BATCH_DELAY seconds);
2. the same command again on the same output: an unchanged rerun makes no call and no batch;
3. the same corpus synchronously into a fresh output: the wall time and the cost to beat.
Batches, lines and the most submissions of one request are what the fake's Batch API counted;
rounds and the time spent waiting for batches come from the run's log (newsum.batch's lines);
calls each way and the costs from the runs row.

Size: 1,000 articles, over the minute the case might take, because a smaller corpus measures
something else: at 100 the event stage's rounds fall under LLM_BATCH_MIN and go synchronously, so
the share through batches and the cost say more about that minimum than about a night, and
process starts and Prefect weigh more than the rounds. The three runs take a few minutes on two
cores (README, "Benchmarks", has the figures); BENCH_BATCH_ARTICLES=100 gives a rough figure in
about a minute, 0 leaves the rows out of `make bench`.

Polling: the run's own policy (5 s, growing to 5 min) suits batches of minutes to hours; against
a 5 s batch it would measure by how much a poll overshoots the batch's end. The bench polls
every BENCH_BATCH_POLL seconds (0.5) instead, so the waiting figure is the server's delay plus
the overhead of a round trip, and the rest of the wall time is the pipeline's.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus
from bench.run import (
    Config,
    Report,
    Run,
    _log_time,
    _pipeline_env,
    _r,
    latest_run_row,
    phases,
    pipeline_row,
    run_pipeline,
)
from bench.servers import BatchCounts, FakeEndpoint, PrefectServer

SECTION = "batch mode (LLM_BATCH) vs synchronous"
# Illustrative prices per million tokens (OpenAI's gpt-4o list price); only ratios matter here.
PRICE_INPUT, PRICE_OUTPUT = 2.50, 10.00

_SUBMITTED = re.compile(r"newsum\.batch - batch \S+ submitted: (\d+) requests")
_ROUND = re.compile(r"newsum\.batch - batch round (\d+): (\d+) requests, (\d+) answered")


@dataclass(frozen=True)
class Round:
    """A round of batches as the run logged it: its stage ("articles", or "events" once the
    article batches finished), requests sent, seconds from the first batch submitted to the
    answers stored."""

    stage: str
    requests: int
    answered: int
    waited_s: float


def batch_rounds(log_text: str, day: date) -> list[Round]:
    """The rounds of batches in a flow run's log (article and event stage alike); the rounds
    under LLM_BATCH_MIN, asked synchronously, are not rounds of batches."""
    rounds: list[Round] = []
    first: datetime | None = None
    stage = "articles"
    for line in log_text.splitlines():
        if "Task run 'summarize-batch" in line and "Finished" in line:
            stage = "events"
        elif _SUBMITTED.search(line):
            first = first or _log_time(line, day)
        elif (match := _ROUND.search(line)) and first is not None:
            waited = (_log_time(line, day) - first).total_seconds()
            rounds.append(Round(stage, int(match[2]), int(match[3]), waited))
            first = None
    return rounds


def _day(run: Run) -> date:
    return run.rss_samples[0][0].date() if run.rss_samples else datetime.now().date()


def _stages(spent: dict[str, float], rounds: list[Round]) -> str:
    """The article and event stages' time: waiting for their rounds, and the rest (the collect
    passes, then the run proper finding its answers in the cache)."""
    parts = []
    for name, phase, stage in (
        ("article stage", "article batches", "articles"),
        ("event stage", "events", "events"),
    ):
        if phase not in spent:
            continue
        own = [r for r in rounds if r.stage == stage]
        waited = sum(r.waited_s for r in own)
        count = f"{len(own)} round{'' if len(own) == 1 else 's'}"
        parts.append(
            f"{name} {spent[phase]:.1f}: waiting {waited:.1f} ({count}), "
            f"the rest {spent[phase] - waited:.1f}"
        )
    return "; ".join(parts + [f"{name} {spent[name]:.1f}" for name in ("ingest", "outputs")])


def _env(cfg: Config, server: PrefectServer, fake: FakeEndpoint, batch: bool) -> dict[str, str]:
    env = _pipeline_env(server.api_url, cfg.work / "prefect", fake.base_url, cfg)
    env["LLM_PRICE_INPUT"], env["LLM_PRICE_OUTPUT"] = str(PRICE_INPUT), str(PRICE_OUTPUT)
    if batch:
        env["LLM_BATCH"] = "1"
        env["NEWSUM_BATCH_POLL_S"] = env["NEWSUM_BATCH_POLL_MAX_S"] = str(cfg.batch_poll_s)
    return env


def _run(
    cfg: Config, server: PrefectServer, corpus: Path, output: Path, tag: str, *, batch: bool
) -> tuple[Run, FakeEndpoint]:
    delay = cfg.batch_delay_s if batch else 0.0
    log = cfg.work / f"fake-{tag}.log"
    with FakeEndpoint(cfg.latency_s, cfg.concurrency, log, batch_delay=delay) as fake:
        run = run_pipeline(corpus, output, _env(cfg, server, fake, batch), cfg.work / f"{tag}.log")
    return run, fake


def _row(
    case: str,
    run: Run,
    counts: BatchCounts,
    rounds: list[Round],
    articles: int,
    latency: float | None,
    cfg: Config,
    server: PrefectServer,
) -> dict[str, Any]:
    # latency None: no ideal for a batch run, whose time is the batches' delay, not
    # concurrency / latency.
    row = pipeline_row(case, run, articles, None, latency, cfg, server.api_url)
    runs_row = latest_run_row(run.output)
    row.update(
        batches=counts.batches,
        requests_per_batch=_r(counts.lines / counts.batches, 1) if counts.batches else None,
        rounds=len(rounds),
        _rounds=rounds,
        _phases=phases(run.log.read_text(errors="replace"), _day(run)),
        waited_s=_r(sum(r.waited_s for r in rounds), 1),
        batch_calls=runs_row["batch_calls"] or 0,
        sync_calls=runs_row["llm_calls"] - (runs_row["batch_calls"] or 0),
        cost=runs_row["estimated_cost"],
        # The same run's tokens at the full price: what its calls cost synchronously.
        full_price=(
            runs_row["input_tokens"] * PRICE_INPUT + runs_row["output_tokens"] * PRICE_OUTPUT
        )
        / 1_000_000,
        _most_submissions=counts.most_submissions,
    )
    return row


def bench_batch(cfg: Config, server: PrefectServer, report: Report) -> None:
    """The batch run, its rerun and the synchronous run of the same corpus (module docstring)."""
    n = cfg.batch_articles
    corpus = write_corpus(cfg.work / f"corpus-{n}.jsonl", n)
    batch_out, sync_out = cfg.work / f"out-batch-{n}", cfg.work / f"out-sync-{n}"
    for output in (batch_out, sync_out):
        shutil.rmtree(output, ignore_errors=True)
    delay = f"{cfg.batch_delay_s:g} s per batch"
    rows = []
    for case, output, tag, batch in (
        (f"batch {n:,} ({delay})", batch_out, f"batch-{n}", True),
        (f"batch rerun {n:,} (unchanged)", batch_out, f"batch-rerun-{n}", True),
        (f"synchronous {n:,} (same prices)", sync_out, f"sync-{n}", False),
    ):
        run, fake = _run(cfg, server, corpus, output, tag, batch=batch)
        rounds = batch_rounds(run.log.read_text(errors="replace"), _day(run))
        latency = None if batch else cfg.latency_s
        rows.append(_row(case, run, fake.batches, rounds, n, latency, cfg, server))
    report.rows += rows
    batch_figures(rows[0], rows[1], rows[2], cfg, report)


def batch_figures(
    batch: dict[str, Any], rerun: dict[str, Any], sync: dict[str, Any], cfg: Config, report: Report
) -> None:
    def figure(metric: str, value: Any) -> None:
        report.figure(SECTION, metric, value)

    calls = batch["batch_calls"] + batch["sync_calls"]
    figure("articles (ok in batch mode / synchronously)", f"{batch['ok']} / {sync['ok']}")
    figure(
        "batches, requests per batch (mean), rounds",
        f"{batch['batches']}, {batch['requests_per_batch']}, {batch['rounds']}",
    )
    figure(
        "calls through batches / synchronous (batch run)",
        f"{batch['batch_calls']:,} / {batch['sync_calls']:,} "
        f"({batch['batch_calls'] / max(1, calls):.1%} through batches)",
    )
    figure(
        "requests per round (stage, seconds waited)",
        ", ".join(f"{r.requests:,} ({r.stage}, {r.waited_s:.1f})" for r in batch["_rounds"]),
    )
    figure("calls, synchronous run", f"{sync['sync_calls']:,}")
    delay = batch["rounds"] * cfg.batch_delay_s
    figure(
        "wall time, batch mode (s)",
        f"{batch['wall_s']} (flow run {batch['proc_s']}); waiting for batches "
        f"{batch['waited_s']} (the server's delay {delay:g} = {batch['rounds']} rounds x "
        f"{cfg.batch_delay_s:g}); the rest {batch['wall_s'] - batch['waited_s']:.1f}",
    )
    figure("the batch run's stages (s)", _stages(batch["_phases"], batch["_rounds"]))
    figure("wall time, synchronous (s)", f"{sync['wall_s']} (flow run {sync['proc_s']})")
    if batch["cost"] is not None and sync["cost"]:
        figure(
            f"cost at {PRICE_INPUT:g} / {PRICE_OUTPUT:g} per M tokens, batch mode / synchronous",
            f"{batch['cost']:.4f} / {sync['cost']:.4f} = {batch['cost'] / sync['cost']:.1%} "
            f"(the batch run's tokens at full price: {batch['full_price']:.4f})",
        )
    figure(
        "rerun of the batch run (unchanged)",
        f"{rerun['batch_calls'] + rerun['sync_calls']} calls, {rerun['batches']} batches, "
        f"{rerun['proc_s']} s (wall {rerun['wall_s']} s)",
    )

    def verdict(name: str, ok: bool, detail: str) -> None:
        report.figure("targets", name, f"{'MET' if ok else 'NOT MET'}: {detail}")

    verdict(
        "batch: every article ok, >= 90% of calls through batches",
        batch["ok"] == batch["articles"] and batch["batch_calls"] >= 0.9 * calls,
        f"{batch['ok']}/{batch['articles']} ok, {batch['batch_calls'] / max(1, calls):.1%}",
    )
    verdict(
        "batch: no request submitted twice",
        batch["_most_submissions"] <= 1,
        f"at most {batch['_most_submissions']} submissions of one request",
    )
    verdict(
        "batch rerun: 0 calls, 0 batches",
        rerun["batch_calls"] + rerun["sync_calls"] == 0 and rerun["batches"] == 0,
        f"{rerun['batch_calls'] + rerun['sync_calls']} calls, {rerun['batches']} batches",
    )
