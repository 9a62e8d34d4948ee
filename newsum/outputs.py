"""Stage 6: the Parquet datasets (articles, summaries, runs, events, event_articles), flat and
BI-ready.

Layout: OUTPUT/<dataset>/run_date=YYYY-MM-DD/part-0.parquet (Hive partitions). A write is an
upsert by the dataset's key: rows of a rerun replace the rows they supersede, wherever those
live, so a rerun never duplicates. Every file is written to a hidden temporary name, fsynced
and renamed over the old one: a reader or a crash never sees half a file.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

_TS = pa.timestamp("us", tz="UTC")

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_file", pa.string()),
        ("source_row", pa.int64()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published_at", _TS),
        ("event_id", pa.string()),
        ("lang", pa.string()),
        ("lang_confidence", pa.float64()),
        ("lang_hint", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("duplicate_of", pa.string()),
        ("notes", pa.string()),
        ("input_tokens", pa.int64()),
        ("output_tokens", pa.int64()),
        ("llm_calls", pa.int64()),
        ("cached_calls", pa.int64()),
        ("chunks", pa.int64()),
        ("estimated_cost", pa.float64()),
        ("content_hash", pa.string()),
        ("run_id", pa.string()),
        ("processed_at", _TS),
    ]
)

SUMMARIES = pa.schema(
    [
        ("article_id", pa.string()),
        ("lang", pa.string()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("numbers_grounded", pa.bool_()),
        ("lang_detected", pa.string()),
        ("lang_ok", pa.bool_()),
        ("length_ok", pa.bool_()),
        ("n_words", pa.int64()),
        ("needs_review", pa.bool_()),
        ("review_reasons", pa.string()),
        ("review_details", pa.string()),
        ("claims_json", pa.string()),
        ("parties_json", pa.string()),
        ("figures_json", pa.string()),
        ("error", pa.string()),
        ("model", pa.string()),
        ("prompt_name", pa.string()),
        ("prompt_version", pa.int64()),
        ("prompt_hash", pa.string()),
        ("run_id", pa.string()),
        ("created_at", _TS),
    ]
)

RUNS = pa.schema(
    [
        ("run_id", pa.string()),
        ("flow_run_id", pa.string()),
        ("started_at", _TS),
        ("finished_at", _TS),
        ("input", pa.string()),
        ("targets", pa.string()),
        ("dry_run", pa.bool_()),
        ("articles", pa.int64()),
        ("ok", pa.int64()),
        ("failed", pa.int64()),
        ("rejected", pa.int64()),
        ("duplicate", pa.int64()),
        ("planned", pa.int64()),
        # Ok in an earlier run with the same text, model, targets and prompts: not processed.
        ("unchanged", pa.int64()),
        ("needs_review", pa.int64()),
        ("llm_calls", pa.int64()),
        ("cached_calls", pa.int64()),
        ("input_tokens", pa.int64()),
        ("output_tokens", pa.int64()),
        ("estimated_cost", pa.float64()),
        ("model", pa.string()),
        ("endpoint", pa.string()),
        ("capability", pa.string()),
        # The highest concurrency limit reached: learnt (newsum.limiter), or LLM_CONCURRENCY.
        ("llm_concurrency", pa.int64()),
        ("stop_reason", pa.string()),
        ("newsum_version", pa.string()),
    ]
)

# One row per event and language: the event's account (kind "summary", pipeline language) and
# its translations. The JSON columns are on the summary row only.
EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("lang", pa.string()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("headline", pa.string()),
        ("method", pa.string()),  # llm | map_reduce | single_article
        ("status", pa.string()),  # ok | failed | not_attempted
        ("n_articles", pa.int64()),
        ("n_sources", pa.int64()),
        ("languages", pa.string()),  # of the member articles, comma-separated
        ("first_published", _TS),
        ("last_published", _TS),
        ("established_json", pa.string()),
        ("claims_json", pa.string()),
        ("differences_json", pa.string()),
        ("numbers_grounded", pa.bool_()),
        ("lang_detected", pa.string()),
        ("lang_ok", pa.bool_()),
        ("length_ok", pa.bool_()),
        ("n_words", pa.int64()),
        ("needs_review", pa.bool_()),
        ("review_reasons", pa.string()),
        ("review_details", pa.string()),
        ("error", pa.string()),
        ("model", pa.string()),
        ("prompt_name", pa.string()),
        ("prompt_version", pa.int64()),
        ("prompt_hash", pa.string()),
        ("chunks", pa.int64()),
        ("run_id", pa.string()),
        ("created_at", _TS),
    ]
)

# Which event each article belongs to (one event per article, so the key is the article).
EVENT_ARTICLES = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("grouping", pa.string()),  # given | auto
        ("similarity", pa.float64()),  # mean similarity to the event's other summarised members
        ("summarised", pa.bool_()),  # False: in the event by its given event_id only
        ("source", pa.string()),
        ("lang", pa.string()),
        ("published_at", _TS),
        ("run_id", pa.string()),
        ("created_at", _TS),
    ]
)

DATASETS: dict[str, tuple[pa.Schema, tuple[str, ...]]] = {
    "articles": (ARTICLES, ("source_file", "source_row", "article_id")),
    "summaries": (SUMMARIES, ("article_id", "lang", "kind")),
    "runs": (RUNS, ("run_id",)),
    "events": (EVENTS, ("event_id", "lang", "kind")),
    # Keyed by the article alone: a rerun that moves an article to another event replaces its
    # old link instead of leaving the article in two events.
    "event_articles": (EVENT_ARTICLES, ("article_id",)),
}
PART_NAME = "part-0.parquet"


def atomic_write_table(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.tmp-*"):
        stale.unlink(missing_ok=True)  # left by a writer killed mid-write; never visible to readers
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself must survive a crash
        finally:
            os.close(dir_fd)
    finally:
        tmp.unlink(missing_ok=True)


def _keys(table: pa.Table, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    return list(zip(*(table.column(name).to_pylist() for name in columns), strict=True))


def _without(table: pa.Table, columns: Sequence[str], drop: set[tuple[Any, ...]]) -> pa.Table:
    mask = pa.array([key not in drop for key in _keys(table, columns)], type=pa.bool_())
    return table.filter(mask)


def partition_files(root: Path, dataset: str) -> list[Path]:
    return sorted((root / dataset).glob(f"run_date=*/{PART_NAME}"))


@contextmanager
def dataset_lock(root: Path, dataset: str) -> Iterator[None]:
    """One writer at a time per dataset (several workers may share an output folder)."""
    folder = root / dataset
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upsert(root: Path, dataset: str, rows: Iterable[dict[str, Any]], run_date: date) -> Path:
    """Write rows into run_date's partition, replacing any earlier rows with the same key."""
    with dataset_lock(root, dataset):
        return _upsert_locked(root, dataset, list(rows), run_date)


def _upsert_locked(root: Path, dataset: str, rows: list[dict[str, Any]], run_date: date) -> Path:
    schema, key_columns = DATASETS[dataset]
    new = pa.Table.from_pylist(rows, schema=schema)
    new_keys = set(_keys(new, key_columns))
    if len(new_keys) != new.num_rows:
        raise ValueError(f"{dataset}: duplicate keys within one write")
    target = root / dataset / f"run_date={run_date.isoformat()}" / PART_NAME
    merged = new
    if target.exists():
        current = pq.read_table(target, schema=schema)
        merged = pa.concat_tables([_without(current, key_columns, new_keys), new])
    # The new partition first: a crash between the two steps leaves a duplicate for the next
    # run to remove, never a lost row.
    atomic_write_table(merged, target)
    for path in partition_files(root, dataset):
        if path == target or not new_keys:
            continue
        old_keys = set(_keys(pq.read_table(path, columns=list(key_columns)), key_columns))
        if old_keys & new_keys:
            kept = _without(pq.read_table(path, schema=schema), key_columns, new_keys)
            atomic_write_table(kept, path)
    return target


def insert_missing(
    root: Path, dataset: str, rows: Iterable[dict[str, Any]], run_date: date
) -> Path | None:
    """Write only the rows whose key is in no partition yet; existing rows stay as they are."""
    _, key_columns = DATASETS[dataset]
    with dataset_lock(root, dataset):
        present: set[tuple[Any, ...]] = set()
        for path in partition_files(root, dataset):
            table = pq.read_table(path, columns=list(key_columns))
            present.update(_keys(table, key_columns))
        fresh = [row for row in rows if tuple(row[c] for c in key_columns) not in present]
        return _upsert_locked(root, dataset, fresh, run_date) if fresh else None


def delete_keys(root: Path, dataset: str, keys: set[tuple[Any, ...]]) -> int:
    """Remove the rows with these keys (the dataset's key columns), in every partition."""
    schema, key_columns = DATASETS[dataset]
    removed = 0
    if not keys:
        return 0
    with dataset_lock(root, dataset):
        for path in partition_files(root, dataset):
            table = pq.read_table(path, schema=schema)
            kept = _without(table, key_columns, keys)
            if kept.num_rows != table.num_rows:
                removed += table.num_rows - kept.num_rows
                atomic_write_table(kept, path)
    return removed


def read_dataset(root: Path, dataset: str) -> pa.Table:
    """All partitions of a dataset (without the partition column), for tests and reruns."""
    schema, _ = DATASETS[dataset]
    files = partition_files(root, dataset)
    if not files:
        return schema.empty_table()
    return pa.concat_tables([pq.read_table(path, schema=schema) for path in files])
