"""`make bench`: the real flow against a loopback OpenAI-compatible server, at several sizes.

    python -m bench.run            (BENCH_SIZES=100,1000 to shorten; see Config for the rest)
    python -m bench.run --only concurrency    (the adaptive-concurrency rows alone, ~5 min)
    python -m bench.run --only batch          (the batch-mode rows alone, ~2.5 min)

What runs, in order:
1. in this process: the non-LLM cost per article of each stage (bench.stages), the detector
   variants and the language-ID evaluation (bench.langid) - before any server competes for CPU;
2. one Prefect API server for the whole benchmark (bench.servers.PrefectServer);
3. per size: a fresh fake endpoint (fixed latency, bounded concurrency) and
   `python -m flows.summarize` in a child process (bench.child), then the naive baseline
   (bench.naive) on the first articles of the same corpus against the same endpoint settings;
4. the largest size again, unchanged (cache path), and as a dry run;
5. one article with a temporary Prefect server vs the bench server (the start-up cost);
6. adaptive concurrency (bench_concurrency): LLM_CONCURRENCY unset vs the old fixed 8, on
   endpoints that serve 16 or 64 at once and queue beyond, and one that serves 8 and answers
   429 beyond;
7. batch mode (bench.batch): one corpus through the fake's Batch API (LLM_BATCH=1, a delay per
   batch), rerun unchanged, and synchronously: batches, rounds, wall time, cost against
   synchronous.

Throughput is computed over `proc_s`, the flow run's own start-to-end time as the Prefect API
recorded it (ingest to Parquet, events and report); `wall_s` adds process start, imports and the
Prefect client set-up. The ideal is the endpoint's limit: concurrency / latency calls per
second, i.e. concurrency / (latency x calls per article) articles per second, counting every
call the run made (the events stage's too). So `ratio_to_ideal` is the same at article and at
call level: (calls/s) / (concurrency/latency). `ratio_to_client_ceiling` compares the same
calls/s with what the bare openai client gets from the same fake endpoint on this machine
(bench.ceiling): what the pipeline loses, apart from what the machine cannot give any Python
client. `calls_per_article` and the token columns count the article stage alone (summary +
translations); `event_calls` is the rest. Environment knobs:
BENCH_SIZES, BENCH_LATENCY, BENCH_LARGE_SIZE, BENCH_LARGE_LATENCY, BENCH_CONCURRENCY,
BENCH_NAIVE_ARTICLES, BENCH_STAGE_ARTICLES, BENCH_TEMP_SERVER=0, BENCH_LANGID=0, BENCH_OUT,
BENCH_CONCURRENCY_ARTICLES (0 skips the adaptive-concurrency rows), BENCH_BATCH_ARTICLES (0 skips
the batch-mode rows), BENCH_BATCH_DELAY (seconds per batch at the fake), BENCH_BATCH_POLL.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from bench import langid, limiter_sim
from bench.corpus import write_corpus
from bench.detector import detector_variants
from bench.servers import OFFLINE_ENV, ROOT, FakeEndpoint, PrefectServer
from bench.stages import stage_costs
from bench.tokens import TokenBaseline, token_baseline

MAIN_COLUMNS = (
    "case",
    "articles",
    "latency_ms",
    "concurrency",
    "wall_s",
    "proc_s",
    "articles_per_s",
    "ideal_articles_per_s",
    "ratio_to_ideal",
    "ratio_to_client_ceiling",
    "calls_per_article",
    "event_calls",
    "prompt_tokens_per_article",
    "completion_tokens_per_article",
    "cpu_ms_per_article",
    "peak_rss_mb",
    "rss_after_articles_mb",
    "speedup_vs_naive",
)
# The batch-mode rows' own columns (bench.batch), after the main ones in latest.csv; the other
# rows leave them empty. cost: the runs row's estimated_cost at bench.batch's prices.
BATCH_COLUMNS = (
    "batches",
    "requests_per_batch",
    "rounds",
    "waited_s",
    "batch_calls",
    "sync_calls",
    "cost",
)


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "1").lower() not in ("0", "false", "no")


@dataclass(frozen=True)
class Config:
    sizes: tuple[int, ...] = (100, 1_000, 10_000)
    latency_s: float = 0.2  # per call, at the fake endpoint
    large_size: int = 10_000  # from this size on, the shorter latency below
    large_latency_s: float = 0.05
    concurrency: int = 16  # the fake's limit and LLM_CONCURRENCY alike
    naive_articles: int = 20  # the sequential baseline's sample (its throughput is flat)
    stage_articles: int = 1_000
    temp_server: bool = True  # also time one run with a temporary Prefect server
    langid: bool = True  # the detector variants and the language-ID evaluation (~30 s)
    concurrency_articles: int = 1_000  # the adaptive-concurrency rows' corpus; 0 skips them
    batch_articles: int = 1_000  # the batch-mode rows' corpus (bench.batch says why); 0 skips
    batch_delay_s: float = 5.0  # per batch at the fake's Batch API
    batch_poll_s: float = 0.5  # the batch run's poll interval (bench.batch says why)
    out_dir: Path = ROOT / "outputs" / "bench"

    @classmethod
    def from_env(cls) -> Config:
        sizes = os.environ.get("BENCH_SIZES")
        base = cls()
        return cls(
            sizes=tuple(int(s) for s in sizes.split(",") if s.strip()) if sizes else base.sizes,
            latency_s=_env_float("BENCH_LATENCY", base.latency_s),
            large_size=_env_int("BENCH_LARGE_SIZE", base.large_size),
            large_latency_s=_env_float("BENCH_LARGE_LATENCY", base.large_latency_s),
            concurrency=_env_int("BENCH_CONCURRENCY", base.concurrency),
            naive_articles=_env_int("BENCH_NAIVE_ARTICLES", base.naive_articles),
            stage_articles=_env_int("BENCH_STAGE_ARTICLES", base.stage_articles),
            temp_server=_env_flag("BENCH_TEMP_SERVER"),
            langid=_env_flag("BENCH_LANGID"),
            concurrency_articles=_env_int("BENCH_CONCURRENCY_ARTICLES", base.concurrency_articles),
            batch_articles=_env_int("BENCH_BATCH_ARTICLES", base.batch_articles),
            batch_delay_s=_env_float("BENCH_BATCH_DELAY", base.batch_delay_s),
            batch_poll_s=_env_float("BENCH_BATCH_POLL", base.batch_poll_s),
            out_dir=Path(os.environ.get("BENCH_OUT", base.out_dir)),
        )

    def latency_for(self, size: int) -> float:
        return self.large_latency_s if size >= self.large_size else self.latency_s

    @property
    def work(self) -> Path:
        return self.out_dir / "work"


@dataclass
class Report:
    rows: list[dict[str, Any]] = field(default_factory=list)  # the main table
    figures: list[dict[str, Any]] = field(default_factory=list)  # section / metric / value

    def figure(self, section: str, metric: str, value: Any) -> None:
        self.figures.append({"section": section, "metric": metric, "value": value})


# ---------------------------------------------------------------------------------------------
# Running the pipeline and the baseline


@dataclass(frozen=True)
class Run:
    """One child process: what the parent saw and what the child reported."""

    wall_s: float
    child: dict[str, Any]
    output: Path
    log: Path
    rss_samples: tuple[tuple[datetime, float], ...] = ()  # (local time, MB), every 0.25 s


def _pipeline_env(
    api_url: str | None, prefect_home: Path, base_url: str | None, cfg: Config
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_", "NEWSUM_"))}
    env.pop("PREFECT_API_URL", None)
    env.update(OFFLINE_ENV)
    env.update(
        {
            "PREFECT_HOME": str(prefect_home),
            "NEWSUM_PROGRESS": "false",
            "LLM_CONCURRENCY": str(cfg.concurrency),
            "LLM_MODEL": "fake-model",
            "PYTHONPATH": str(ROOT),
        }
    )
    if api_url:
        env["PREFECT_API_URL"] = api_url
    if base_url:
        env["OPENAI_BASE_URL"] = base_url
        env["OPENAI_API_KEY"] = "sk-bench-not-a-key"
    return env


def run_pipeline(
    corpus: Path, output: Path, env: dict[str, str], log: Path, *, dry_run: bool = False
) -> Run:
    report = log.with_suffix(".json")
    args = [sys.executable, "-m", "bench.child", str(report), "--input", str(corpus)]
    args += ["--output", str(output)] + (["--dry-run"] if dry_run else [])
    started = time.monotonic()
    samples: list[tuple[datetime, float]] = []
    with log.open("w") as out:
        proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            rss = _rss_mb(proc.pid)
            if rss is not None:
                samples.append((datetime.now(), rss))
            time.sleep(0.25)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"pipeline exited with {proc.returncode}; see {log}")
    return Run(wall, json.loads(report.read_text()), output, log, tuple(samples))


def _rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # not Linux, or the process just ended
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def article_stage_peak_rss(run: Run) -> float | None:
    """Peak RSS until the last article batch finished (before the events stage and writing),
    from the parent's samples and the time Prefect logged for that batch."""
    batch_ends = [
        line.split(" ", 1)[0]
        for line in run.log.read_text(errors="replace").splitlines()
        if "Task run 'summarize-batch" in line and "Finished" in line
    ]
    if not batch_ends or not run.rss_samples:
        return None
    day = run.rss_samples[0][0].date()
    last = max(
        datetime.combine(day, datetime.strptime(t, "%H:%M:%S.%f").time()) for t in batch_ends
    )
    before = [rss for at, rss in run.rss_samples if at <= last]
    return max(before) if before else None


def run_naive(base_url: str, corpus: Path, limit: int, log: Path) -> dict[str, Any]:
    report = log.with_suffix(".json")
    args = [sys.executable, "-m", "bench.naive", str(report), "--base-url", base_url]
    args += ["--input", str(corpus), "--limit", str(limit)]
    with log.open("w") as out:
        code = subprocess.call(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if code != 0:
        raise RuntimeError(f"naive baseline exited with {code}; see {log}")
    result: dict[str, Any] = json.loads(report.read_text())
    return result


def latest_run_row(output: Path) -> dict[str, Any]:
    """The newest row of the runs dataset the pipeline wrote."""
    rows = [
        row
        for path in (output / "runs").glob("*/part-0.parquet")
        for row in pq.read_table(path).to_pylist()
    ]
    return max(rows, key=lambda row: row["started_at"])


def flow_run_seconds(api_url: str, flow_run_id: str) -> float:
    """Start to end of the flow run, as the Prefect API recorded it."""
    with urllib.request.urlopen(f"{api_url}/flow_runs/{flow_run_id}", timeout=10) as answer:
        data = json.load(answer)
    start = datetime.fromisoformat(data["start_time"])
    end = datetime.fromisoformat(data["end_time"])
    return (end - start).total_seconds()


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _log_time(line: str, day: date) -> datetime:
    return datetime.combine(day, datetime.strptime(line.split(" ", 1)[0], "%H:%M:%S.%f").time())


def phases(log_text: str, day: date) -> dict[str, float]:
    """Seconds per phase of a flow run, from the times Prefect logged its task runs finishing:
    ingest, detection, article batches (the LLM calls), events stage, outputs (the rest)."""
    marks: dict[str, datetime] = {}
    for line in log_text.splitlines():
        if "Beginning flow run" in line:
            marks["start"] = _log_time(line, day)
        elif "Task run '" in line and "Finished in state" in line:
            name = line.split("Task run '", 1)[1].split("'", 1)[0].rsplit("-", 1)[0]
            marks[name] = _log_time(line, day)  # the last batch wins
        elif "Flow run '" in line and "Finished in state" in line:
            marks["end"] = _log_time(line, day)
    order = [
        ("ingest", "ingest"),
        ("detection", "detect-languages"),
        ("article batches", "summarize-batch"),
        ("events", "summarize-events"),
        ("outputs", "end"),
    ]
    out: dict[str, float] = {}
    previous = marks.get("start")
    for phase, mark in order:
        if mark in marks and previous is not None:
            out[phase] = (marks[mark] - previous).total_seconds()
            previous = marks[mark]
    return out


def article_stage_totals(output: Path, run_id: str) -> dict[str, int]:
    """Calls and tokens of the article stage alone (summary + translations), from `articles`."""
    totals = {"llm_calls": 0, "input_tokens": 0, "output_tokens": 0}
    for path in (output / "articles").glob("*/part-0.parquet"):
        table = pq.read_table(path, columns=["run_id", *totals])
        for row in table.to_pylist():
            if row["run_id"] == run_id:
                for key in totals:
                    totals[key] += row[key] or 0
    return totals


def pipeline_row(
    case: str,
    run: Run,
    articles: int,
    calls: int | None,
    latency: float | None,
    cfg: Config,
    api_url: str,
) -> dict[str, Any]:
    """`calls` as the endpoint counted them (None: as the runs table says). The ideal counts
    every call of the run; calls_per_article and the tokens count the article stage only, and
    event_calls the rest (the events stage)."""
    runs_row = latest_run_row(run.output)
    stage = article_stage_totals(run.output, runs_row["run_id"])
    proc = flow_run_seconds(api_url, runs_row["flow_run_id"])
    calls = runs_row["llm_calls"] if calls is None else calls
    all_per_article = calls / articles
    ideal = cfg.concurrency / (latency * all_per_article) if latency and calls else None
    rate = articles / proc
    return {
        "case": case,
        "articles": articles,
        "latency_ms": _r(latency * 1000, 0) if latency else None,
        "concurrency": cfg.concurrency if latency else None,
        "wall_s": _r(run.wall_s, 1),
        "proc_s": _r(proc),
        "articles_per_s": _r(rate, 1),
        "ideal_articles_per_s": _r(ideal, 1),
        "ratio_to_ideal": _r(rate / ideal, 3) if ideal else None,
        "ratio_to_client_ceiling": None,  # set once the ceiling is measured
        "calls_per_article": _r(stage["llm_calls"] / articles, 3),
        "event_calls": calls - stage["llm_calls"],
        "prompt_tokens_per_article": _r(stage["input_tokens"] / articles, 0),
        "completion_tokens_per_article": _r(stage["output_tokens"] / articles, 0),
        "cpu_ms_per_article": _r(run.child["cpu_main_s"] * 1000 / articles, 1),
        "peak_rss_mb": _r(run.child["peak_rss_mb"], 0),
        "rss_after_articles_mb": _r(article_stage_peak_rss(run), 0),
        "speedup_vs_naive": None,
        "cached_calls": runs_row["cached_calls"],
        "ok": runs_row["ok"],
    }


def naive_row(result: dict[str, Any], latency: float, cfg: Config) -> dict[str, Any]:
    n, seconds = result["articles"], result["seconds"]
    per_article = result["calls"] / n
    ideal = cfg.concurrency / (latency * per_article)
    return {
        "case": f"naive baseline @{latency * 1000:.0f}ms (first {n})",
        "articles": n,
        "latency_ms": _r(latency * 1000, 0),
        "concurrency": 1,
        "wall_s": _r(seconds, 1),
        "proc_s": _r(seconds),
        "articles_per_s": _r(n / seconds, 2),
        "ideal_articles_per_s": _r(ideal, 1),
        "ratio_to_ideal": _r(n / seconds / ideal, 3),
        "ratio_to_client_ceiling": None,
        "calls_per_article": _r(per_article, 3),
        "event_calls": None,
        "prompt_tokens_per_article": _r(result["prompt_tokens"] / n, 0),
        "completion_tokens_per_article": _r(result["completion_tokens"] / n, 0),
        "cpu_ms_per_article": _r(result["cpu_s"] * 1000 / n, 1),
        "peak_rss_mb": _r(result["peak_rss_mb"], 0),
        "rss_after_articles_mb": None,
        "speedup_vs_naive": 1.0,
        "_rate": n / seconds,
    }


# ---------------------------------------------------------------------------------------------
# The benchmark


def bench_size(
    cfg: Config, server: PrefectServer, corpus: Path, size: int, report: Report
) -> dict[str, Any]:
    latency = cfg.latency_for(size)
    output = cfg.work / f"out-{size}"
    shutil.rmtree(output, ignore_errors=True)
    with FakeEndpoint(latency, cfg.concurrency, cfg.work / f"fake-{size}.log") as fake:
        env = _pipeline_env(server.api_url, cfg.work / "prefect", fake.base_url, cfg)
        run = run_pipeline(corpus, output, env, cfg.work / f"pipeline-{size}.log")
    row = pipeline_row(f"pipeline {size:,}", run, size, fake.calls, latency, cfg, server.api_url)
    report.rows.append(row)
    phase_figure(report, row, run, cfg.concurrency / latency)
    return row


def phase_figure(
    report: Report, row: dict[str, Any], run: Run, endpoint_calls_per_s: float | None
) -> None:
    """Where the flow run's time went; the batches' own ratio to the endpoint's limit."""
    day = run.rss_samples[0][0].date() if run.rss_samples else datetime.now().date()
    spent = phases(run.log.read_text(errors="replace"), day)
    text = ", ".join(f"{name} {seconds:.1f}" for name, seconds in spent.items())
    batches = spent.get("article batches")
    if batches and endpoint_calls_per_s and row["calls_per_article"]:
        ideal = row["calls_per_article"] * row["articles"] / endpoint_calls_per_s
        text += f"; batches at {ideal / batches:.0%} of the endpoint's limit"
    report.figure("phases of the flow run (s)", row["case"], text)


def bench_naive(cfg: Config, corpus: Path, size: int, report: Report) -> float:
    """The baseline at the latency `size` runs with; returns its articles/s."""
    latency = cfg.latency_for(size)
    limit = min(cfg.naive_articles, size)
    with FakeEndpoint(latency, cfg.concurrency, cfg.work / f"fake-naive-{size}.log") as fake:
        result = run_naive(fake.base_url, corpus, limit, cfg.work / f"naive-{size}.log")
    row = naive_row(result, latency, cfg)
    rate: float = row.pop("_rate")
    report.rows.append(row)
    return rate


def bench_ceiling(cfg: Config, latency: float, report: Report) -> float:
    """Calls/s the bare openai client gets from a fresh fake endpoint at `latency`."""
    calls = round(12 * cfg.concurrency / latency)  # ~15 s of calls at the ideal rate
    log = cfg.work / f"ceiling-{latency * 1000:.0f}.log"
    with FakeEndpoint(latency, cfg.concurrency, cfg.work / f"fake-ceiling-{latency}.log") as fake:
        args = [sys.executable, "-m", "bench.ceiling", str(log.with_suffix(".json"))]
        args += ["--base-url", fake.base_url, "--calls", str(calls)]
        args += ["--concurrency", str(cfg.concurrency)]
        with log.open("w") as out:
            code = subprocess.call(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if code != 0:
        raise RuntimeError(f"client ceiling exited with {code}; see {log}")
    rate: float = json.loads(log.with_suffix(".json").read_text())["calls_per_s"]
    report.figure(
        "client ceiling (the openai client alone, same endpoint settings)",
        f"{latency * 1000:.0f} ms x {cfg.concurrency}: calls/s ({calls:,} calls)",
        f"{rate:.1f} = {rate * latency / cfg.concurrency:.0%} of concurrency / latency",
    )
    return rate


def bench_rerun_and_dry_run(
    cfg: Config, server: PrefectServer, corpus: Path, size: int, report: Report
) -> None:
    latency = cfg.latency_for(size)
    output = cfg.work / f"out-{size}"  # the same output, so the same answer cache
    with FakeEndpoint(latency, cfg.concurrency, cfg.work / f"fake-rerun-{size}.log") as fake:
        env = _pipeline_env(server.api_url, cfg.work / "prefect", fake.base_url, cfg)
        run = run_pipeline(corpus, output, env, cfg.work / f"rerun-{size}.log")
    case = f"rerun {size:,} (unchanged)"
    row = pipeline_row(case, run, size, fake.calls, None, cfg, server.api_url)
    report.rows.append(row)
    phase_figure(report, row, run, None)

    dry_output = cfg.work / f"out-dry-{size}"
    shutil.rmtree(dry_output, ignore_errors=True)
    env = _pipeline_env(server.api_url, cfg.work / "prefect", None, cfg)
    run = run_pipeline(corpus, dry_output, env, cfg.work / f"dry-{size}.log", dry_run=True)
    row = pipeline_row(f"dry run {size:,}", run, size, 0, None, cfg, server.api_url)
    row["prompt_tokens_per_article"] = row["completion_tokens_per_article"] = None  # estimates
    report.rows.append(row)
    phase_figure(report, row, run, None)


def bench_prefect_start(cfg: Config, server: PrefectServer, corpus: Path, report: Report) -> None:
    """One article with a temporary Prefect server (what a plain `make summarize` does) and
    with the bench's server: the difference is the temporary server's start."""
    one = cfg.work / "corpus-1.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        one.write_text(lines.readline(), encoding="utf-8")
    walls: dict[str, float] = {}
    with FakeEndpoint(cfg.latency_s, cfg.concurrency, cfg.work / "fake-start.log") as fake:
        for name, api_url, home in (
            ("temporary", None, cfg.work / "prefect-temporary"),
            ("bench", server.api_url, cfg.work / "prefect"),
        ):
            output = cfg.work / f"out-start-{name}"
            shutil.rmtree(output, ignore_errors=True)
            env = _pipeline_env(api_url, home, fake.base_url, cfg)
            walls[name] = run_pipeline(one, output, env, cfg.work / f"start-{name}.log").wall_s
    report.figure("prefect", "bench Prefect server: start to healthy (s)", _r(server.startup_s, 1))
    report.figure(
        "prefect", "1 article, temporary Prefect server: wall (s)", _r(walls["temporary"], 1)
    )
    report.figure("prefect", "1 article, bench Prefect server: wall (s)", _r(walls["bench"], 1))
    report.figure(
        "prefect",
        "temporary server start-up per run (s, difference)",
        _r(walls["temporary"] - walls["bench"], 1),
    )


# Endpoints for the adaptive-concurrency rows: (serves at once, beyond that), at latency_s.
CONCURRENCY_ENDPOINTS = ((16, "queue"), (64, "queue"), (8, "429"))
FIXED_DEFAULT = 8  # LLM_CONCURRENCY's default before it became adaptive
CONCURRENCY_SECTION = "adaptive concurrency (LLM_CONCURRENCY unset vs fixed)"


def bench_concurrency(cfg: Config, server: PrefectServer, corpus: Path, report: Report) -> None:
    """The pipeline with LLM_CONCURRENCY unset (adaptive), fixed at the old default of 8, and
    fixed at the endpoint's width (what a user who knows it would set), against each endpoint of
    CONCURRENCY_ENDPOINTS: share of the ideal, the limit reached, 429s. Each run has a fresh
    output (so no answer cache); the settings run back to back on the same endpoint settings,
    so their ratios hold on a busy machine better than any one figure."""
    for case, value in limiter_sim.figures():
        report.figure(f"{CONCURRENCY_SECTION}: the limiter alone, virtual time", case, value)
    articles = sum(1 for _ in corpus.open(encoding="utf-8"))
    latency = cfg.latency_s
    for width, overflow in CONCURRENCY_ENDPOINTS:
        endpoint = f"serves {width}, {'queues' if overflow == 'queue' else '429'} beyond"
        rates: dict[str, float] = {}
        for setting in dict.fromkeys((None, FIXED_DEFAULT, width)):
            name = "unset" if setting is None else str(setting)
            tag = f"conc-{width}-{overflow}-{name}"
            output = cfg.work / f"out-{tag}"
            shutil.rmtree(output, ignore_errors=True)
            log = cfg.work / f"fake-{tag}.log"
            with FakeEndpoint(latency, width, log, overflow=overflow) as fake:
                env = _pipeline_env(server.api_url, cfg.work / "prefect", fake.base_url, cfg)
                env.pop("LLM_CONCURRENCY", None)
                if setting is not None:
                    env["LLM_CONCURRENCY"] = str(setting)
                run = run_pipeline(corpus, output, env, cfg.work / f"{tag}.log")
            refused = fake.kinds.get("over_capacity", 0)
            served = (fake.calls or 0) - refused  # a 429 takes no endpoint time
            row = pipeline_row(
                f"{endpoint}, LLM_CONCURRENCY {name}",
                run,
                articles,
                served,
                latency,
                dataclasses.replace(cfg, concurrency=width),
                server.api_url,
            )
            reached = latest_run_row(output).get("llm_concurrency")
            rates[name] = row["articles_per_s"]
            report.figure(
                CONCURRENCY_SECTION,
                f"{endpoint} @{latency * 1000:.0f}ms, LLM_CONCURRENCY {name}",
                f"{row['ratio_to_ideal']:.0%} of ideal ({row['articles_per_s']} articles/s, "
                f"{row['ok']}/{articles} ok), concurrency reached {reached}, "
                f"429s {refused} of {fake.calls} calls ({refused / max(1, fake.calls or 0):.1%})",
            )
            row["case"] = f"concurrency: {row['case']}"
            row["concurrency"] = reached
            row["_refused"], row["_calls"] = refused, fake.calls
            report.rows.append(row)
        report.figure(
            CONCURRENCY_SECTION,
            f"{endpoint}: adaptive / fixed 8 (articles/s)",
            f"{rates['unset'] / rates[str(FIXED_DEFAULT)]:.2f}x",
        )
        if width != FIXED_DEFAULT:
            report.figure(
                CONCURRENCY_SECTION,
                f"{endpoint}: adaptive / fixed {width} (articles/s)",
                f"{rates['unset'] / rates[str(width)]:.2f}x",
            )


def concurrency_targets(report: Report) -> None:
    rows = {r["case"]: r for r in report.rows if r["case"].startswith("concurrency: ")}
    if not rows:
        return

    def row(width: int, overflow: str) -> dict[str, Any]:
        beyond = "queues" if overflow == "queue" else "429"
        return rows[f"concurrency: serves {width}, {beyond} beyond, LLM_CONCURRENCY unset"]

    ratios = [row(16, "queue")["ratio_to_ideal"], row(64, "queue")["ratio_to_ideal"]]
    ok = all(r is not None and r >= 0.85 for r in ratios)
    detail = ", ".join(f"{r:.0%}" for r in ratios)
    report.figure(
        "targets",
        "LLM_CONCURRENCY unset: >= 85% of ideal at 16 and 64",
        f"{'MET' if ok else 'NOT MET'}: {detail}",
    )
    eight = row(8, "429")
    share = eight["_refused"] / max(1, eight["_calls"] or 0)
    report.figure(
        "targets",
        "LLM_CONCURRENCY unset: <= 2% of calls 429 at 8",
        f"{'MET' if share <= 0.02 else 'NOT MET'}: {share:.1%} ({eight['_refused']} 429s)",
    )


def bench_in_process(cfg: Config, corpus: Path, report: Report) -> TokenBaseline:
    """Stage costs, detector variants, language ID: before any server competes for the CPU."""
    sample = cfg.work / "corpus-stages.jsonl"
    write_corpus(sample, min(cfg.stage_articles, max(cfg.sizes)))
    for row in stage_costs(sample):
        report.figure(
            "non-LLM work per article",
            f"{row['stage']} (ms)",
            f"{row['ms_per_article']:.2f} ({row['share_of_total']:.0%})",
        )
    if not cfg.langid:
        return token_baseline(corpus)
    for row in detector_variants(sample):
        value = (
            f"{row['ms_per_article']:.2f} ms/article; langid supported long "
            f"{_pct(row['langid_supported_long'])}, unsupported -> und "
            f"{_pct(row['langid_unsupported_und'])}, news {_pct(row['news'])}"
        )
        report.figure("detector variants", row["variant"], value)
    for row in langid.run_langid_bench():
        report.figure("language ID (../shared/eval)", row["metric"], row["value"])
    return token_baseline(corpus)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


# ---------------------------------------------------------------------------------------------
# Targets and output


def token_figures(tokens: TokenBaseline, row: dict[str, Any], report: Report) -> bool:
    prompt = row["prompt_tokens_per_article"]
    report.figure(
        "tokens", "article tokens (mean, chars/4 like the fake)", round(tokens.article_tokens)
    )
    report.figure("tokens", "template overhead, summary call", tokens.summary_template)
    report.figure(
        "tokens", "template overhead, translation call (5 languages)", tokens.translate_template
    )
    report.figure("tokens", f"prompt tokens per article ({row['case']})", prompt)
    embedded = prompt - tokens.article_tokens - tokens.fixed_overhead
    report.figure("tokens", "rest: the summary embedded in the translation call", round(embedded))
    bound = 1.3 * tokens.article_tokens + tokens.fixed_overhead
    report.figure("tokens", "bound: 1.3 x article + both templates", round(bound))
    return bool(prompt <= bound)


def targets(rows: list[dict[str, Any]], report: Report, tokens_ok: bool) -> None:
    pipeline = [r for r in rows if r["case"].startswith("pipeline")]
    rerun = [r for r in rows if r["case"].startswith("rerun")]
    figures = {f["metric"]: f["value"] for f in report.figures}

    def verdict(name: str, ok: bool, detail: str) -> None:
        report.figure("targets", name, f"{'MET' if ok else 'NOT MET'}: {detail}")

    not_ok = [r["case"] for r in pipeline + rerun if r["ok"] != r["articles"]]
    verdict(
        "every article ends ok (else the figures mean little)",
        not not_ok,
        ", ".join(not_ok) or "all ok",
    )
    ratios = [r["ratio_to_ideal"] for r in pipeline]
    ceilings = ", ".join(f"{r['ratio_to_client_ceiling']:.0%}" for r in pipeline)
    verdict(
        ">= 90% of ideal at every size",
        min(ratios) >= 0.9,
        ", ".join(f"{x:.0%}" for x in ratios) + f" (of the client ceiling: {ceilings})",
    )
    calls = max(r["calls_per_article"] for r in pipeline)
    verdict("<= 2 LLM calls per article", calls <= 2, f"max {calls}")
    speedups = [r["speedup_vs_naive"] for r in pipeline]
    verdict(">= 3x the naive baseline", min(speedups) >= 3, ", ".join(f"{x}x" for x in speedups))
    if rerun:
        r = rerun[0]
        calls_made = round(r["calls_per_article"] * r["articles"])
        ok = calls_made == 0 and r["proc_s"] < 10
        verdict(
            "rerun: 0 calls, < 10 s",
            ok,
            f"{calls_made} calls, {r['proc_s']} s (wall {r['wall_s']} s)",
        )
    total = next((v for k, v in figures.items() if k.startswith("total outside the LLM")), None)
    if total is not None:
        ms = float(str(total).split()[0])
        verdict("< 5 ms/article outside the LLM", ms < 5, f"{ms:.1f} ms")
    verdict("prompt tokens <= 1.3 x article + template overhead", tokens_ok, "see tokens")
    memory_figures(pipeline, report)


def memory_figures(pipeline: list[dict[str, Any]], report: Report) -> None:
    """Peak RSS by size, and its growth per article: over the whole run, and up to the end of
    the article batches (before the events stage)."""
    for column, label in (("peak_rss_mb", "whole run"), ("rss_after_articles_mb", "article stage")):
        values = [r[column] for r in pipeline]
        report.figure(
            "memory", f"peak RSS by size, {label} (MB)", ", ".join(f"{v}" for v in values)
        )
        small, large = pipeline[0], pipeline[-1]
        if len(pipeline) >= 2 and small[column] is not None and large[column] is not None:
            growth = (
                (large[column] - small[column]) * 1024 / (large["articles"] - small["articles"])
            )
            report.figure("memory", f"RSS growth per article, {label} (KB)", round(growth, 1))


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines.append(
            "  ".join(
                v.rjust(w) if i else v.ljust(w)
                for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(lines)


def write_csv(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def save(report: Report, cfg: Config) -> list[Path]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    paths = []
    for name, rows, columns in (
        ("", report.rows, MAIN_COLUMNS + BATCH_COLUMNS),
        ("-figures", report.figures, ("section", "metric", "value")),
    ):
        for path in (cfg.out_dir / f"bench-{stamp}{name}.csv", cfg.out_dir / f"latest{name}.csv"):
            write_csv(path, rows, columns)
            paths.append(path)
    return paths


def print_report(report: Report, cfg: Config) -> None:
    print()
    print(
        f"newsum benchmark: fake endpoint with {cfg.concurrency} concurrent calls; ideal = "
        "concurrency / (latency x calls_per_article); rates over proc_s (the flow run)"
    )
    print(format_table(report.rows, MAIN_COLUMNS))
    batch_rows = [row for row in report.rows if "batches" in row]
    if batch_rows:
        print(f"\nbatch mode: {cfg.batch_delay_s:g} s per batch at the fake endpoint")
        print(format_table(batch_rows, ("case", "articles", "wall_s", "proc_s", *BATCH_COLUMNS)))
    section = None
    width = max(len(f["metric"]) for f in report.figures)
    for f in report.figures:
        if f["section"] != section:
            section = f["section"]
            print(f"\n{section}")
        print(f"  {f['metric']:<{width}}  {f['value']}")


def run_bench(cfg: Config) -> Report:
    cfg.work.mkdir(parents=True, exist_ok=True)
    report = Report()
    load_before = os.getloadavg()[0]
    corpora = {size: write_corpus(cfg.work / f"corpus-{size}.jsonl", size) for size in cfg.sizes}
    largest = max(cfg.sizes)
    _log(f"in-process measurements (stages, detector, language ID) on {cfg.work}")
    tokens = bench_in_process(cfg, corpora[largest], report)
    _log("starting the bench's Prefect server")
    with PrefectServer(cfg.work / "prefect", cfg.work / "prefect-server.log") as server:
        naive: dict[float, float] = {}
        ceiling: dict[float, float] = {}
        for size in sorted(cfg.sizes):
            _log(f"pipeline, {size:,} articles at {cfg.latency_for(size) * 1000:.0f} ms")
            bench_size(cfg, server, corpora[size], size, report)
            if cfg.latency_for(size) not in naive:
                _log(f"naive baseline at {cfg.latency_for(size) * 1000:.0f} ms")
                naive[cfg.latency_for(size)] = bench_naive(cfg, corpora[size], size, report)
                _log(f"client ceiling at {cfg.latency_for(size) * 1000:.0f} ms")
                ceiling[cfg.latency_for(size)] = bench_ceiling(cfg, cfg.latency_for(size), report)
        for row in report.rows:
            if row["case"].startswith("pipeline"):
                latency = row["latency_ms"] / 1000
                row["speedup_vs_naive"] = _r(row["articles_per_s"] / naive[latency], 1)
                calls = row["calls_per_article"] * row["articles"] + row["event_calls"]
                row["ratio_to_client_ceiling"] = _r(calls / row["proc_s"] / ceiling[latency], 3)
        _log(f"rerun and dry run of {largest:,}")
        bench_rerun_and_dry_run(cfg, server, corpora[largest], largest, report)
        if cfg.temp_server:
            _log("one article with a temporary Prefect server")
            bench_prefect_start(cfg, server, corpora[largest], report)
        if cfg.concurrency_articles:
            _log(f"adaptive concurrency, {cfg.concurrency_articles:,} articles per run")
            corpus = write_corpus(
                cfg.work / f"corpus-{cfg.concurrency_articles}.jsonl", cfg.concurrency_articles
            )
            bench_concurrency(cfg, server, corpus, report)
        if cfg.batch_articles:
            _log(f"batch mode, {cfg.batch_articles:,} articles, {cfg.batch_delay_s:g} s per batch")
            bench_batch(cfg, server, report)
    # Other processes' CPU use shows in every timing: say how busy the machine was.
    report.figure(
        "machine",
        "load average (1 min) at start / end, CPUs",
        f"{load_before:.1f} / {os.getloadavg()[0]:.1f}, {os.cpu_count()}",
    )
    pipeline_rows = [r for r in report.rows if r["case"].startswith("pipeline")]
    tokens_ok = token_figures(tokens, pipeline_rows[-1], report)
    targets(report.rows, report, tokens_ok)
    concurrency_targets(report)
    return report


def bench_batch(cfg: Config, server: PrefectServer, report: Report) -> None:
    # Imported here: bench.batch builds on this module's runner (run_pipeline, pipeline_row).
    from bench.batch import bench_batch as run_batch_case

    run_batch_case(cfg, server, report)


def run_only(cfg: Config, case: str) -> Report:
    """`--only concurrency` / `--only batch`: those rows alone, with their own Prefect server."""
    cfg.work.mkdir(parents=True, exist_ok=True)
    report = Report()
    load_before = os.getloadavg()[0]
    _log("starting the bench's Prefect server")
    with PrefectServer(cfg.work / "prefect", cfg.work / "prefect-server.log") as server:
        if case == "concurrency":
            size = cfg.concurrency_articles or Config.concurrency_articles
            corpus = write_corpus(cfg.work / f"corpus-{size}.jsonl", size)
            _log(f"adaptive concurrency, {size:,} articles per run")
            bench_concurrency(cfg, server, corpus, report)
        else:
            cfg = dataclasses.replace(
                cfg, batch_articles=cfg.batch_articles or Config.batch_articles
            )
            _log(f"batch mode, {cfg.batch_articles:,} articles, {cfg.batch_delay_s:g} s per batch")
            bench_batch(cfg, server, report)
    report.figure(
        "machine",
        "load average (1 min) at start / end, CPUs",
        f"{load_before:.1f} / {os.getloadavg()[0]:.1f}, {os.cpu_count()}",
    )
    concurrency_targets(report)
    return report


def _log(message: str) -> None:
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsum benchmark (see the module docstring)")
    parser.add_argument("--only", choices=["concurrency", "batch"], help="run these rows alone")
    args = parser.parse_args(argv)
    cfg = Config.from_env()
    started = time.monotonic()
    report = run_only(cfg, args.only) if args.only else run_bench(cfg)
    print_report(report, cfg)
    paths = save(report, cfg)
    print(
        f"\nwritten: {', '.join(str(p) for p in paths[:2])} (+ latest*.csv); "
        f"bench took {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
