"""What the report reads: the latest rows of the datasets it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from newsum import outputs

Row = dict[str, Any]


@dataclass
class ReportData:
    """What the report shows. `links` and `articles` hold the latest row per article, `runs`
    are oldest first."""

    events: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    summaries: list[Row] = field(default_factory=list)
    articles: list[Row] = field(default_factory=list)
    runs: list[Row] = field(default_factory=list)


def latest(frame: pl.DataFrame, key: str, stamp: str) -> pl.DataFrame:
    """One row per `key`, the most recent by `stamp` (a row without one counts as oldest)."""
    ordered = frame.sort(stamp, nulls_last=False, maintain_order=True)
    return ordered.unique(subset=key, keep="last", maintain_order=True)


def load(root: Path) -> ReportData:
    def read(name: str) -> pl.DataFrame:
        return outputs.read_frame(root, name)

    return ReportData(
        events=read("events").to_dicts(),
        links=latest(read("event_articles"), "article_id", "created_at").to_dicts(),
        summaries=read("summaries").to_dicts(),
        articles=latest(read("articles"), "article_id", "processed_at").to_dicts(),
        runs=read("runs").sort("started_at", nulls_last=False, maintain_order=True).to_dicts(),
    )
