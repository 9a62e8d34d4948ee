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
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/upsert_scaling.py` from a clone
    sys.path.insert(0, str(ROOT))

from newsum import outputs  # noqa: E402
from newsum.rows import validate as validate_rows  # noqa: E402

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


Writer = Callable[[Path, str, list[Any], date], Path]


def measure(
    writer: Writer, partitions: int, rows: int, repeat: int, models: bool = False
) -> tuple[float, float]:
    """Median seconds of (a new night's upsert, a rerun replacing 10 rows of the first night).

    `models`: the rows arrive as ArticleRow (checked when the pipeline made them), not dicts.
    """

    def batch(n: int, count: int, status: str = "ok") -> list[Any]:
        plain = night(n, count, status)
        return list(validate_rows("articles", plain)) if models else plain

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in range(partitions):
            outputs.upsert(root, "articles", night(n, rows), START + timedelta(days=n))
        today = START + timedelta(days=partitions)
        new_night, rerun = [], []
        for _ in range(repeat):
            tonight, again = batch(partitions, rows), batch(0, 10, "failed")
            started = time.perf_counter()
            writer(root, "articles", tonight, today)
            new_night.append(time.perf_counter() - started)
            started = time.perf_counter()
            writer(root, "articles", again, today)
            rerun.append(time.perf_counter() - started)
        return statistics.median(new_night), statistics.median(rerun)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partitions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("median seconds per upsert; after = dict rows checked in the writer / ArticleRow rows")
    print(f"{'partitions':>10} {'rows':>7} | new night: before, after | rerun of 10: before, after")
    for n in args.partitions:
        before = measure(legacy_upsert, n, args.rows, args.repeat)
        dicts = measure(outputs.upsert, n, args.rows, args.repeat)
        models = measure(outputs.upsert, n, args.rows, args.repeat, models=True)
        cells = [
            f"{before[i]:.3f}, {dicts[i]:.3f} / {models[i]:.3f} (x{before[i] / models[i]:.1f})"
            for i in (0, 1)
        ]
        print(f"{n:>10} {n * args.rows:>7} | {cells[0]:>28} | {cells[1]:>28}")


if __name__ == "__main__":
    main()
