"""What the articles dataset says: texts already summarised, and this run's failed rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newsum import outputs
from newsum.intake.keys import RowKey
from newsum.records import Status


def already_summarised(output: Path) -> set[str]:
    """Content hashes with status ok anywhere in OUTPUT/articles (two columns read, not all)."""
    hashes: set[str] = set()
    for path in outputs.partition_files(output, "articles"):
        table = pq.read_table(path, columns=["status", "content_hash"])
        for status, digest in zip(
            table.column("status").to_pylist(),
            table.column("content_hash").to_pylist(),
            strict=True,
        ):
            if status == Status.OK.value and digest:
                hashes.add(digest)
    return hashes


def failed_rows(output: Path, run: dict[str, Any]) -> set[RowKey]:
    """Rows of this run (by run_id, in its partition) that ended FAILED."""
    path = (
        output / "articles" / f"run_date={run['started_at'].date().isoformat()}" / outputs.PART_NAME
    )
    if not path.exists():
        return set()
    columns = ["source_file", "source_row", "article_id", "status", "run_id"]
    table = pq.read_table(path, columns=columns).to_pylist()
    return {
        (r["source_file"], r["source_row"], r["article_id"])
        for r in table
        if r["run_id"] == run["run_id"] and r["status"] == Status.FAILED.value
    }
