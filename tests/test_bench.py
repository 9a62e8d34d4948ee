"""The benchmark's machinery (bench/): corpus, stage costs, table, and one tiny end-to-end run.

No timing is asserted anywhere: the machine is shared. The end-to-end test starts a Prefect server
and the fake endpoint as processes and runs the flow 7 times (2.6 min on 2 cores under a load
average of 3-4, the batch-mode rows ~35 s of it), so it carries the prefect_server and slow markers.
"""

from __future__ import annotations

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import openai
import pytest

from bench.batch import SECTION, Round, _stages, batch_rounds
from bench.corpus import LANGUAGES, MAX_WORDS, MIN_WORDS, make_article, write_corpus
from bench.run import (
    BATCH_COLUMNS,
    MAIN_COLUMNS,
    Config,
    Report,
    format_table,
    phases,
    print_report,
    run_bench,
    save,
)
from bench.servers import BatchCounts, FakeEndpoint
from bench.stages import stage_costs
from bench.tokens import token_baseline
from newsum.language import detect_language


def test_corpus_is_deterministic_and_nested(tmp_path: Path) -> None:
    small = write_corpus(tmp_path / "small.jsonl", 10).read_text(encoding="utf-8").splitlines()
    large = write_corpus(tmp_path / "large.jsonl", 30).read_text(encoding="utf-8").splitlines()
    assert large[:10] == small  # the 100 corpus is the start of the 1,000 one, and so on
    assert make_article(7) == make_article(7)
    assert make_article(7, seed=1) != make_article(7)
    rows = [json.loads(line) for line in large]
    assert len({row["text"] for row in rows}) == len(rows), "ingest would mark duplicates"
    assert len({row["id"] for row in rows}) == len(rows)


def test_corpus_articles_are_realistic_and_in_their_language() -> None:
    assert {"en", "fr", "ru", "de", "es", "tr", "ar", "zh"} <= set(LANGUAGES)
    for index in range(2 * len(LANGUAGES)):
        row = make_article(index)
        lang = LANGUAGES[index % len(LANGUAGES)]
        size = len(row["text"]) // 2 if lang == "zh" else len(row["text"].split())
        assert MIN_WORDS <= size <= MAX_WORDS + 120, (lang, size)  # the last paragraph may overrun
        assert detect_language(row["text"]).lang == lang
        assert row.get("lang", lang) == lang  # a hint, when present, is right
    hinted = sum("lang" in make_article(i) for i in range(200))
    assert 40 <= hinted <= 120


def test_stage_costs_cover_every_stage(tmp_path: Path) -> None:
    rows = stage_costs(write_corpus(tmp_path / "c.jsonl", 12))
    stages = [row["stage"] for row in rows]
    assert stages[0].startswith("ingest") and "Parquet write" in stages[-3]
    assert all(row["articles"] == 12 and row["ms_per_article"] >= 0 for row in rows)
    total = next(row for row in rows if row["stage"].startswith("total"))
    assert total["share_of_total"] == 1.0
    assert all(row["share_of_total"] <= 1.0 for row in rows)


def test_token_baseline_has_a_fixed_template_overhead(tmp_path: Path) -> None:
    tokens = token_baseline(write_corpus(tmp_path / "c.jsonl", 16))
    assert tokens.articles == 16
    assert 100 < tokens.article_tokens < 2_000
    assert 0 < tokens.summary_template < 1_000 and 0 < tokens.translate_template < 1_000
    assert tokens.fixed_overhead == tokens.summary_template + tokens.translate_template


def test_format_table_aligns_columns() -> None:
    rows = [{"case": "a", "articles": 1_000, "wall_s": 1.5}, {"case": "longer", "wall_s": None}]
    lines = format_table(rows, ("case", "articles", "wall_s")).splitlines()
    assert lines[0].split() == ["case", "articles", "wall_s"]
    assert len({len(line) for line in lines}) == 1
    assert "1,000" in lines[2] and lines[3].rstrip().endswith("-")


def test_phases_from_a_flow_log() -> None:
    log = "\n".join(
        [
            "10:00:00.000 | INFO | Flow run 'x' - Beginning flow run 'x' for flow 'newsum'",
            "10:00:01.000 | INFO | Task run 'ingest-1a2' - Finished in state Completed()",
            "10:00:03.500 | INFO | Task run 'detect-languages-3b4' - Finished in state Completed()",
            "10:00:10.000 | INFO | Task run 'summarize-batch-5c6' - Finished in state Completed()",
            "10:00:20.000 | INFO | Task run 'summarize-batch-7d8' - Finished in state Completed()",
            "10:00:22.000 | INFO | Task run 'summarize-events-9e0' - Finished in state Completed()",
            "10:00:23.000 | INFO | Flow run 'x' - Finished in state Completed()",
        ]
    )
    assert phases(log, date(2026, 1, 1)) == {
        "ingest": 1.0,
        "detection": 2.5,
        "article batches": 16.5,  # to the last batch
        "events": 2.0,
        "outputs": 1.0,
    }


def test_config_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BENCH_SIZES", "100,1000")
    monkeypatch.setenv("BENCH_LARGE_LATENCY", "0.02")
    monkeypatch.setenv("BENCH_CONCURRENCY_ARTICLES", "200")
    monkeypatch.setenv("BENCH_BATCH_ARTICLES", "300")
    monkeypatch.setenv("BENCH_BATCH_DELAY", "2.5")
    cfg = Config.from_env()
    assert cfg.sizes == (100, 1000)
    assert cfg.latency_for(100) == cfg.latency_s and cfg.latency_for(10_000) == 0.02
    assert cfg.concurrency_articles == 200
    assert (cfg.batch_articles, cfg.batch_delay_s, cfg.batch_poll_s) == (300, 2.5, 0.5)


def test_batch_rounds_from_a_flow_log() -> None:
    # newsum.batch's lines as the flow run logs them; the last round is under LLM_BATCH_MIN.
    log = "\n".join(
        [
            "10:00:01.000 | INFO    | newsum.batch - batch batch-a submitted: 999 requests",
            "10:00:01.010 | INFO    | newsum.batch - batch batch-a: validating, 0/999 done, "
            "0 failed, waited 0s",
            "10:00:06.250 | INFO    | newsum.batch - batch batch-a: completed, 999/999 done, "
            "0 failed, waited 5s",
            "10:00:06.500 | INFO    | newsum.batch - batch round 1: 999 requests, 999 answered, "
            "0 failed",
            "10:00:20.000 | INFO    | newsum.batch - batch batch-b submitted: 1000 requests",
            "10:00:25.500 | INFO    | newsum.batch - batch round 2: 1000 requests, 990 answered, "
            "10 failed",
            "10:00:40.000 | INFO    | Task run 'summarize-batch-5c6' - Finished in state "
            "Completed()",
            "10:00:41.000 | INFO    | newsum.batch - batch batch-c submitted: 53 requests",
            "10:00:46.250 | INFO    | newsum.batch - batch round 1: 53 requests, 53 answered, "
            "0 failed",
            "10:00:47.000 | INFO    | newsum.batch - batch round 2: 4 requests, under "
            "LLM_BATCH_MIN=20: asked synchronously",
        ]
    )
    rounds = batch_rounds(log, date(2026, 1, 1))
    assert rounds == [
        Round("articles", 999, 999, 5.5),
        Round("articles", 1000, 990, 5.5),
        Round("events", 53, 53, 5.25),
    ]
    spent = {"ingest": 1.0, "article batches": 39.0, "events": 7.0, "outputs": 1.0}
    assert _stages(spent, rounds) == (
        "article stage 39.0: waiting 11.0 (2 rounds), the rest 28.0; "
        "event stage 7.0: waiting 5.2 (1 round), the rest 1.8; ingest 1.0; outputs 1.0"
    )


def test_fake_endpoint_counts_batches(tmp_path: Path) -> None:
    # The fake as a process, its Batch API driven by the openai client: what bench.batch reads
    # from the fake's last words must match what happened.
    with FakeEndpoint(0.0, 4, tmp_path / "fake.log", batch_delay=0.2) as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="sk-test", max_retries=0)
        body = {"model": "fake-model", "messages": [{"role": "user", "content": "hi"}]}
        lines = [
            {"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}
            for i in range(3)
        ]
        data = "".join(json.dumps(line) + "\n" for line in lines).encode()
        upload = client.files.create(file=("in.jsonl", data), purpose="batch")
        batch = client.batches.create(
            input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
        assert batch.status == "validating"  # the delay holds it back
        client.chat.completions.create(**body)  # one synchronous call beside it
    assert fake.batches == BatchCounts(batches=1, lines=3, most_submissions=1)
    assert fake.calls == 1


def test_fake_endpoint_counts_429s_by_kind(tmp_path: Path) -> None:
    # A real fake endpoint process serving 1 at once and answering 429 beyond it.
    with FakeEndpoint(0.3, 1, tmp_path / "fake.log", overflow="429") as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="sk-test", max_retries=0)
        request = {"model": "fake-model", "messages": [{"role": "user", "content": "hi"}]}
        with ThreadPoolExecutor(3) as pool:
            futures = [pool.submit(client.chat.completions.create, **request) for _ in range(3)]
        errors = [f.exception() for f in futures]
    refused = [e for e in errors if isinstance(e, openai.RateLimitError)]
    assert fake.calls == 3 and fake.kinds.get("over_capacity") == len(refused) >= 1
    assert fake.kinds.get("ok") == 3 - len(refused)


@pytest.mark.prefect_server
@pytest.mark.slow
def test_tiny_bench_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = Config(
        sizes=(20,),
        latency_s=0.01,
        concurrency=8,
        naive_articles=3,
        stage_articles=10,
        temp_server=False,
        langid=False,
        concurrency_articles=0,  # 8 more pipeline runs; `--only concurrency` runs them
        # 30: a round of summaries and one of translations reach LLM_BATCH_MIN (20).
        batch_articles=30,
        batch_delay_s=0.5,
        batch_poll_s=0.05,
        out_dir=tmp_path / "bench",
    )
    report = run_bench(cfg)
    cases = [row["case"] for row in report.rows]
    assert cases == [
        "pipeline 20",
        "naive baseline @10ms (first 3)",
        "rerun 20 (unchanged)",
        "dry run 20",
        "batch 30 (0.5 s per batch)",
        "batch rerun 30 (unchanged)",
        "synchronous 30 (same prices)",
    ]
    for row in report.rows:
        assert set(MAIN_COLUMNS) <= row.keys()
    pipeline, naive, rerun, dry = report.rows[:4]
    assert pipeline["calls_per_article"] >= 2  # a summary and one batched translation, at least
    assert naive["calls_per_article"] == 6  # a summary and one call per other target language
    assert 0 < pipeline["ratio_to_ideal"] <= 1.05
    # The bare client cannot beat the endpoint's limit; the pipeline cannot beat the bare client
    # by much (a few % of noise between the two measurements).
    assert 0 < pipeline["ratio_to_client_ceiling"] <= 1.2
    assert pipeline["speedup_vs_naive"] > 0
    assert pipeline["prompt_tokens_per_article"] > 0 and pipeline["peak_rss_mb"] > 0
    assert rerun["calls_per_article"] == 0 and rerun["ok"] == 20, "an unchanged rerun does nothing"
    assert dry["calls_per_article"] == 0
    sections = {figure["section"] for figure in report.figures}
    assert {"non-LLM work per article", "tokens", "targets", SECTION} <= sections
    _check_batch_rows(report)

    print_report(report, cfg)
    assert "batches, requests per batch (mean), rounds" in capsys.readouterr().out
    paths = save(report, cfg)
    with paths[1].open(encoding="utf-8") as table:  # latest.csv
        reader = csv.DictReader(table)
        assert tuple(reader.fieldnames or ()) == MAIN_COLUMNS + BATCH_COLUMNS
        rows = list(reader)
    assert [row["case"] for row in rows] == cases
    assert rows[0]["batches"] == "" and int(rows[4]["batches"]) == report.rows[4]["batches"]
    assert float(rows[4]["cost"]) > 0


def _check_batch_rows(report: Report) -> None:
    """The batch-mode rows of a 30-article run (bench.batch) say what happened."""
    batch, rerun, sync = report.rows[4:]
    assert batch["ok"] == sync["ok"] == rerun["ok"] == 30
    assert batch["rounds"] >= 2 and batch["batches"] >= batch["rounds"]
    assert batch["requests_per_batch"] >= 20  # LLM_BATCH_MIN
    assert batch["waited_s"] >= batch["rounds"] * 0.5  # each round waits the server's delay
    # The same calls; in batch mode all the article stage's but the one that learns the
    # capability through batches (the event stage's few rounds go synchronously at 30).
    calls = batch["batch_calls"] + batch["sync_calls"]
    assert sync["sync_calls"] == calls and sync["batch_calls"] == 0
    assert batch["batch_calls"] == round(batch["calls_per_article"] * 30) - 1
    # The same tokens, so the same full price; the batch calls at half of it.
    assert batch["full_price"] == pytest.approx(sync["cost"])
    assert 0.5 * sync["cost"] < batch["cost"] < sync["cost"]
    assert (rerun["batch_calls"], rerun["sync_calls"], rerun["batches"]) == (0, 0, 0)
    verdicts = {f["metric"]: f["value"] for f in report.figures if f["section"] == "targets"}
    assert verdicts["batch: no request submitted twice"].startswith("MET")
    assert verdicts["batch rerun: 0 calls, 0 batches"].startswith("MET")
