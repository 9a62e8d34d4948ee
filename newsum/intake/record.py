"""What a run says about its intake: its source in the runs table, its headline and markdown, and
the result the nightly flow returns."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from newsum.intake.batch import IntakeBatch
from newsum.intake.shard import Shard


def source_label(inbox: Path | None, feeds: list[str], shard: Shard | None) -> str:
    """The runs row's `input` of a nightly run."""
    parts = [f"nightly: inbox {inbox}" if inbox else "nightly", f"{len(feeds)} feeds"]
    if shard:
        parts.append(f"shard {shard.label}")
    return ", ".join(parts)


def empty_headline(batch: IntakeBatch, last: datetime | None) -> str:
    """Why a run had nothing to summarise; `last`: when the previous run finished."""
    since = last.strftime("%Y-%m-%d %H:%M:%S UTC") if last else "the start (first run)"
    if batch.nothing_new:
        return f"nothing new since {since}"
    return f"{len(batch.items)} new items, nothing left to summarise"


def intake_markdown(batch: IntakeBatch, headline: str, shard: Shard | None, output: Path) -> str:
    lines = [
        f"# newsum nightly: {headline}",
        "",
        f"- output: `{output}`",
        f"- new inbox files: {batch.new_files}, new feed entries: {batch.new_entries}"
        + (f" (shard {shard.label}; {batch.other_shards} left to other shards)" if shard else ""),
        f"- articles taken: {len(batch.articles)}, already summarised (skipped): {batch.skipped}",
    ]
    lines += [f"- {note}" for note in batch.notes]
    return "\n".join(lines)


def empty_result(batch: IntakeBatch, last: datetime | None, run: dict[str, Any]) -> dict[str, Any]:
    """The result of a run with nothing to summarise; `run` is its runs row."""
    status = "nothing new" if batch.nothing_new else "nothing to summarise"
    return {"status": status, "since": last.isoformat() if last else None, **run}


def done_result(batch: IntakeBatch, run: dict[str, Any]) -> dict[str, Any]:
    """The result of a run that summarised its intake; `run` is its runs row."""
    return {
        "status": "done",
        "new_files": batch.new_files,
        "new_entries": batch.new_entries,
        "skipped": batch.skipped,
        **run,
    }
