"""The shard runs of a night: each one's share of the endpoint, and the night's record read back
from the runs rows the shards wrote."""

from __future__ import annotations

from collections.abc import Container, Mapping
from pathlib import Path
from typing import Any

from newsum import outputs
from newsum.config import Settings
from newsum.intake.shard import Shard

TOTALS = ("articles", "ok", "failed", "rejected", "duplicate", "needs_review", "llm_calls")


def shard_settings(settings: Settings, part: Shard | None) -> Settings:
    """A shard's share of the endpoint: LLM_CONCURRENCY (fixed) or LLM_CONCURRENCY_MAX (the
    adaptive limiter's ceiling) divided by the shard count (at least 1 each), so that n shards
    side by side never put n times the limit on one endpoint."""
    if part is None or part.count == 1:
        return settings
    if settings.concurrency is None:
        share = max(1, settings.concurrency_max // part.count)
        return settings.model_copy(update={"concurrency_max": share})
    return settings.model_copy(update={"concurrency": max(1, settings.concurrency // part.count)})


def shard_runs(output: Path, flow_run_ids: Container[str]) -> list[dict[str, Any]]:
    """The shards' own runs rows (by flow run id): the night's totals."""
    return [
        row
        for row in outputs.read_dataset(output, "runs").to_pylist()
        if row["flow_run_id"] in flow_run_ids
    ]


def shard_table(
    runs: list[dict[str, Any]], states: Mapping[str, str | None]
) -> list[dict[str, Any]]:
    """One line per shard: its label, its flow run's state (`states` by flow run id), totals."""
    return [
        {
            "shard": row["input"].rsplit("shard ", 1)[-1],
            "state": states[row["flow_run_id"]],
            **{name: row[name] for name in TOTALS},
        }
        for row in sorted(runs, key=lambda r: r["input"])
    ]


def sharded_result(
    shards: int, flow_run_ids: list[str], runs: list[dict[str, Any]]
) -> dict[str, Any]:
    """The result of a night run as `shards` shard runs: the totals of their runs rows."""
    totals = {name: sum(row[name] or 0 for row in runs) for name in TOTALS}
    return {"status": "sharded", "shards": shards, "flow_run_ids": flow_run_ids, **totals}


def articles_of_runs(output: Path, runs: list[dict[str, Any]]) -> set[str]:
    """The ids of the articles these runs rows' runs wrote."""
    run_ids = {row["run_id"] for row in runs}
    table = outputs.read_dataset(output, "articles").select(["article_id", "run_id"]).to_pydict()
    return {a for a, r in zip(table["article_id"], table["run_id"], strict=True) if r in run_ids}
