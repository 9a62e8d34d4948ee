"""What one upsert costs as the dataset grows: today's writer against the one it replaced.

    python -m bench.upsert_scaling [--partitions 1 10 50] [--rows 1000] [--repeat 3]

A dataset of N partitions of `rows` articles each (one night's file per partition, as the
nightly flow writes them), then a night's upsert of `rows` new articles and a rerun that
replaces 10 rows of the oldest night. The previous writer (before the key index and polars)
is kept here as `legacy_upsert`, so both are measured on the same files. Prints median seconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsum import outputs

START = date(2026, 1, 1)


def legacy_upsert(root: Path, dataset: str, rows: list[dict[str, Any]], run_date: date) -> Path:
    """newsum.outputs._upsert_locked as of 60233e1: every partition's key columns are read."""
    schema, key_columns = outputs.DATASETS[dataset]

    def keys(table: pa.Table) -> list[tuple[Any, ...]]:
        return list(zip(*(table.column(n).to_pylist() for n in key_columns), strict=True))

    def without(table: pa.Table, drop: set[tuple[Any, ...]]) -> pa.Table:
        return table.filter(pa.array([k not in drop for k in keys(table)], type=pa.bool_()))

    new = pa.Table.from_pylist(rows, schema=schema)
    new_keys = set(keys(new))
    target = root / dataset / f"run_date={run_date.isoformat()}" / outputs.PART_NAME
    merged = new
    if target.exists():
        merged = pa.concat_tables([without(pq.read_table(target, schema=schema), new_keys), new])
    outputs.atomic_write_table(merged, target)
    for path in outputs.partition_files(root, dataset):
        if path == target:
            continue
        old_keys = set(keys(pq.read_table(path, columns=list(key_columns))))
        if old_keys & new_keys:
            outputs.atomic_write_table(without(pq.read_table(path, schema=schema), new_keys), path)
    return target


def night(n: int, rows: int, status: str = "ok") -> list[dict[str, Any]]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        {
            "article_id": f"n{n}-{i}",
            "source_file": f"inbox/night-{n:03d}.jsonl",
            "source_row": i + 1,
            "title": f"Title {i}",
            "source": "outlet",
            "lang": "en",
            "status": status,
            "content_hash": f"{n:04d}{i:06d}",
            "input_tokens": 900,
            "output_tokens": 300,
            "run_id": f"run-{n}",
            "processed_at": now,
        }
        for i in range(rows)
    ]


Writer = Callable[[Path, str, list[dict[str, Any]], date], Path]


def measure(writer: Writer, partitions: int, rows: int, repeat: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in range(partitions):
            outputs.upsert(root, "articles", night(n, rows), START + timedelta(days=n))
        today = START + timedelta(days=partitions)
        new_night, rerun = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            writer(root, "articles", night(partitions, rows), today)
            new_night.append(time.perf_counter() - started)
            started = time.perf_counter()
            writer(root, "articles", night(0, 10, "failed"), today)
            rerun.append(time.perf_counter() - started)
        return statistics.median(new_night), statistics.median(rerun)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partitions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        f"{'partitions':>10} {'rows':>7} | {'new night s (before / after)':>30} | "
        f"{'rerun of 10 s (before / after)':>30}"
    )
    for n in args.partitions:
        before = measure(legacy_upsert, n, args.rows, args.repeat)
        after = measure(outputs.upsert, n, args.rows, args.repeat)
        print(
            f"{n:>10} {n * args.rows:>7} | {before[0]:>9.3f} / {after[0]:.3f} "
            f"(x{before[0] / after[0]:.1f}) | {before[1]:>9.3f} / {after[1]:.3f} "
            f"(x{before[1] / after[1]:.1f})"
        )


if __name__ == "__main__":
    main()
