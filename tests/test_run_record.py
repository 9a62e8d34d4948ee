"""The plain steps the flows call to record a run: without Prefect."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsum import outputs, report
from newsum.config import load_settings
from newsum.intake import IntakeBatch, Shard
from newsum.intake.record import empty_headline, empty_result, intake_markdown, source_label
from newsum.shard_runs import articles_of_runs, shard_runs, shard_table, sharded_result

NIGHT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def _run(flow_run_id: str, shard: str, run_id: str, ok: int) -> dict[str, Any]:
    row = report.empty_run_row(load_settings(), f"nightly, 0 feeds, shard {shard}", NIGHT, None)
    return row.model_copy(
        update={"flow_run_id": flow_run_id, "run_id": run_id, "articles": ok, "ok": ok}
    ).as_dict()


def test_the_shards_runs_rows_make_the_nights_table_and_totals(tmp_path: Path) -> None:
    runs = [_run("f1", "1/2", "r1", 3), _run("f0", "0/2", "r0", 2), _run("x", "0/1", "rx", 9)]
    outputs.upsert(tmp_path, "runs", runs, NIGHT.date())
    states = {"f0": "Completed", "f1": "Failed"}
    mine = shard_runs(tmp_path, states)
    assert sorted(r["run_id"] for r in mine) == ["r0", "r1"]
    table = shard_table(mine, states)
    assert [(t["shard"], t["state"], t["ok"]) for t in table] == [
        ("0/2", "Completed", 2),
        ("1/2", "Failed", 3),
    ]
    result = sharded_result(2, list(states), mine)
    assert result["status"] == "sharded" and result["flow_run_ids"] == ["f0", "f1"]
    assert result["ok"] == 5 and result["failed"] == 0


def test_the_nights_articles_are_those_its_runs_wrote(tmp_path: Path) -> None:
    from newsum.rows import ArticleRow

    def article(article_id: str, run_id: str) -> ArticleRow:
        row = dict.fromkeys(ArticleRow.columns())
        row.update(article_id=article_id, source_file="in.jsonl", status="ok", run_id=run_id)
        return ArticleRow.model_validate(row)

    rows = [article("a", "r0"), article("b", "r1"), article("c", "old")]
    outputs.upsert(tmp_path, "articles", rows, NIGHT.date())
    assert articles_of_runs(tmp_path, [{"run_id": "r0"}, {"run_id": "r1"}]) == {"a", "b"}


def test_what_a_night_says_of_its_intake() -> None:
    assert source_label(Path("/in"), ["u1", "u2"], Shard(0, 2)) == (
        "nightly: inbox /in, 2 feeds, shard 0/2"
    )
    assert source_label(None, [], None) == "nightly, 0 feeds"
    empty = IntakeBatch(started_at=NIGHT)
    assert empty_headline(empty, None) == "nothing new since the start (first run)"
    assert empty_headline(empty, NIGHT) == "nothing new since 2026-03-01 02:00:00 UTC"
    assert empty_result(empty, NIGHT, {"articles": 0}) == {
        "status": "nothing new",
        "since": NIGHT.isoformat(),
        "articles": 0,
    }
    batch = IntakeBatch(started_at=NIGHT, new_files=1, other_shards=4, notes=["feed x: timeout"])
    markdown = intake_markdown(batch, "1 articles", Shard(1, 2), Path("/out"))
    assert markdown.splitlines()[0] == "# newsum nightly: 1 articles"
    assert "(shard 1/2; 4 left to other shards)" in markdown
    assert markdown.endswith("- feed x: timeout")


def test_the_verdict_lines_of_a_run() -> None:
    run = {"ok": 3, "failed": 1}
    assert report.verdict_markdown(run, None, []) == (
        "\n- **1 of 4 articles failed** (see their `error`)"
    )
    assert report.verdict_markdown({"ok": 0, "failed": 0}, "stopped", ["report"]) == (
        "\n- **run failed**: stopped\n- **report failed**: see the task run's logs"
    )
    assert report.verdict_markdown({"ok": 1, "failed": 0}, None, []) == ""
