"""Stage 6: the Parquet datasets (articles, summaries, runs, events, event_articles), flat and
BI-ready.

Layout: OUTPUT/<dataset>/run_date=YYYY-MM-DD/part-0.parquet (Hive partitions), and nothing else
in a dataset folder, so `read_parquet('OUTPUT/articles/**')` reads it as it is. What the writer
keeps for itself (locks, key indexes, files being written) lives in OUTPUT/_state/.

A write is an upsert by the dataset's key (see newsum.rows): rows of a rerun replace the rows
they supersede, wherever those live, so a rerun never duplicates. Which partitions hold which
keys is kept in a key index per dataset (OUTPUT/_state/<dataset>.keys.parquet), so a write reads
and rewrites only the partitions that hold its keys. The index records each partition file's
size, mtime and inode; a partition that changed behind its back (a crashed writer, a copy) is
read again, so the index is a cache that cannot go stale. Every file is written to a temporary
name, fsynced and renamed over the old one: a reader or a crash never sees half a file.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from newsum.rows import MODELS, ArticleRow, Row, RunRow, SummaryRow, model_of, to_table

ARTICLES = MODELS["articles"].arrow_schema()
SUMMARIES = MODELS["summaries"].arrow_schema()
RUNS = MODELS["runs"].arrow_schema()
EVENTS = MODELS["events"].arrow_schema()
EVENT_ARTICLES = MODELS["event_articles"].arrow_schema()

DATASETS: dict[str, tuple[pa.Schema, tuple[str, ...]]] = {
    name: (model.arrow_schema(), model.key) for name, model in MODELS.items()
}
ARTICLE_KEY = MODELS["articles"].key
PART_NAME = "part-0.parquet"
STATE_DIR = "_state"
_PARTITION = "_partition"  # the index's column naming the partition folder (run_date=...)
_SIGNATURES = b"newsum.partitions"  # index metadata: partition -> [size, mtime_ns, inode]

RowInput = Row | Mapping[str, Any]


def state_dir(root: Path) -> Path:
    return root / STATE_DIR


def atomic_write_table(table: pa.Table, path: Path, tmp_dir: Path | None = None) -> None:
    """Write `table` to `path` so that a reader sees the old file or the new one, never half.

    `tmp_dir` (same file system) keeps the file being written out of `path`'s folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.parent.name}.{path.name}.tmp-"
    for stale in [*folder.glob(f"{prefix}*"), *path.parent.glob(f".{path.name}.tmp-*")]:
        # Left by a writer killed mid-write (older versions wrote next to the file).
        stale.unlink(missing_ok=True)
    tmp = folder / f"{prefix}{os.getpid()}"
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


def partition_files(root: Path, dataset: str) -> list[Path]:
    return sorted((root / dataset).glob(f"run_date=*/{PART_NAME}"))


@contextmanager
def dataset_lock(root: Path, dataset: str) -> Iterator[None]:
    """One writer at a time per dataset (several workers may share an output folder)."""
    folder = state_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{dataset}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            # Where locks lived before OUTPUT/_state/ (it broke DuckDB globs): gone once seen.
            (root / dataset / ".lock").unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------------
# Reading


def read_partition(path: Path, schema: pa.Schema, columns: Sequence[str] | None = None) -> pa.Table:
    """One partition file in `schema`'s types and order (a column an older file lacks is null)."""
    wanted = list(columns) if columns is not None else schema.names
    present = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[c for c in wanted if c in present])
    arrays = [
        table.column(name).cast(schema.field(name).type)
        if name in present
        else pa.nulls(table.num_rows, schema.field(name).type)
        for name in wanted
    ]
    return pa.table(arrays, schema=pa.schema([schema.field(name) for name in wanted]))


def _frame(table: pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _arrow(frame: pl.DataFrame, schema: pa.Schema) -> pa.Table:
    return frame.select(schema.names).to_arrow().cast(schema)


def read_frame(
    root: Path,
    dataset: str,
    columns: Sequence[str] | None = None,
    partitions: Iterable[Path] | None = None,
) -> pl.DataFrame:
    """The dataset (or the given partition files of it) as a polars frame, schema-typed."""
    schema = model_of(dataset).arrow_schema()
    files = partition_files(root, dataset) if partitions is None else list(partitions)
    names = list(columns) if columns is not None else schema.names
    if not files:
        return _frame(pa.schema([schema.field(n) for n in names]).empty_table())
    return pl.concat([_frame(read_partition(path, schema, names)) for path in files])


def read_dataset(root: Path, dataset: str) -> pa.Table:
    """All partitions of a dataset (without the partition column), for tests and reruns."""
    schema = model_of(dataset).arrow_schema()
    files = partition_files(root, dataset)
    if not files:
        return schema.empty_table()
    return pa.concat_tables([read_partition(path, schema) for path in files])


# --------------------------------------------------------------------------------------------
# The key index


def _signature(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def _index_path(root: Path, dataset: str) -> Path:
    return state_dir(root) / f"{dataset}.keys.parquet"


def _key_schema(dataset: str) -> pa.Schema:
    model = model_of(dataset)
    schema = model.arrow_schema()
    return pa.schema([*(schema.field(k) for k in model.key), pa.field(_PARTITION, pa.string())])


def _keys_of(path: Path, dataset: str) -> pl.DataFrame:
    model = model_of(dataset)
    keys = _frame(read_partition(path, model.arrow_schema(), model.key))
    return keys.with_columns(pl.lit(path.parent.name).alias(_PARTITION))


class KeyIndex:
    """Which partition holds which key, for one dataset; brought up to date when loaded."""

    def __init__(self, root: Path, dataset: str) -> None:
        self.root, self.dataset = root, dataset
        self.keys = model_of(dataset).key
        self.frame, self.signatures = self._load()
        self.dirty = False
        self._refresh()

    def _load(self) -> tuple[pl.DataFrame, dict[str, list[int]]]:
        path = _index_path(self.root, self.dataset)
        empty = _frame(_key_schema(self.dataset).empty_table())
        if not path.exists():
            return empty, {}
        try:
            table = pq.read_table(path)
            meta = (table.schema.metadata or {}).get(_SIGNATURES, b"{}")
            return _frame(table.cast(_key_schema(self.dataset))), json.loads(meta)
        except (OSError, ValueError, pa.ArrowException):
            return empty, {}  # rebuilt from the partitions below

    def _refresh(self) -> None:
        actual = {p.parent.name: p for p in partition_files(self.root, self.dataset)}
        changed = [
            name for name, path in actual.items() if self.signatures.get(name) != _signature(path)
        ]
        gone = [name for name in self.signatures if name not in actual]
        if changed or gone:
            self.replace({name: actual[name] for name in changed}, gone)

    def replace(
        self,
        written: Mapping[str, Path],
        removed: Iterable[str] = (),
        contents: Mapping[str, pl.DataFrame] | None = None,
    ) -> None:
        """Take the keys of these (re)written partitions from `contents` (what was just written
        there) or else from their files."""
        drop = [*written, *removed]
        frames = [self.frame.filter(~pl.col(_PARTITION).is_in(drop))]
        for name, path in written.items():
            if contents is not None and name in contents:
                keys = contents[name].select(self.keys)
                frames.append(keys.with_columns(pl.lit(name).alias(_PARTITION)))
            else:
                frames.append(_keys_of(path, self.dataset))
        self.frame = pl.concat(frames)
        for name in drop:
            self.signatures.pop(name, None)
        self.signatures.update({name: _signature(path) for name, path in written.items()})
        self.dirty = True

    def holders(self, keys: pl.DataFrame) -> list[str]:
        """The partitions holding any of these keys (null key values match null)."""
        hits = self.frame.join(
            keys.select(self.keys), on=list(self.keys), how="semi", nulls_equal=True
        )
        return sorted(hits.get_column(_PARTITION).unique().to_list())

    def save(self) -> None:
        if not self.dirty:
            return
        table = self.frame.to_arrow().cast(_key_schema(self.dataset))
        table = table.replace_schema_metadata({_SIGNATURES: json.dumps(self.signatures)})
        atomic_write_table(
            table, _index_path(self.root, self.dataset), _tmp_dir(self.root, self.dataset)
        )
        self.dirty = False


def _tmp_dir(root: Path, dataset: str) -> Path:
    # Per dataset: a writer clears stale temporary files of its own dataset only, under its lock.
    return state_dir(root) / "tmp" / dataset


def partitions_holding(root: Path, dataset: str, keys: pl.DataFrame) -> list[Path]:
    """The partition files that can hold any of `keys` (a frame of the key columns, or of a
    leading part of them): read from the key index, not from the partitions."""
    index = KeyIndex(root, dataset)
    on = [c for c in index.keys if c in keys.columns]
    hits = index.frame.join(keys.select(on), on=on, how="semi", nulls_equal=True)
    # Not saved: only writers (under the dataset's lock) write the index.
    names = sorted(hits.get_column(_PARTITION).unique().to_list())
    return [root / dataset / name / PART_NAME for name in names]


# --------------------------------------------------------------------------------------------
# Writing


def _without(frame: pl.DataFrame, keys: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
    return frame.join(keys.select(on), on=list(on), how="anti", nulls_equal=True)


def upsert(root: Path, dataset: str, rows: Iterable[RowInput], run_date: date) -> Path:
    """Write rows into run_date's partition, replacing any earlier rows with the same key.

    `rows` are the dataset's models (newsum.rows) or dicts checked as strictly: an unknown or
    missing key column is a `RowError`, never a silent null.
    """
    table = to_table(dataset, rows)
    with dataset_lock(root, dataset):
        return _upsert_locked(root, dataset, table, run_date)


def _upsert_locked(root: Path, dataset: str, table: pa.Table, run_date: date) -> Path:
    model = model_of(dataset)
    schema, key = model.arrow_schema(), list(model.key)
    new = _frame(table)
    if new.select(key).is_duplicated().any():
        raise ValueError(f"{dataset}: duplicate keys within one write")
    index = KeyIndex(root, dataset)
    name = f"run_date={run_date.isoformat()}"
    target = root / dataset / name / PART_NAME
    merged = new
    if target.exists():
        merged = pl.concat([_without(_frame(read_partition(target, schema)), new, key), new])
    tmp = _tmp_dir(root, dataset)
    # The new partition first: a crash between the two steps leaves a duplicate for the next
    # run to remove, never a lost row.
    atomic_write_table(_arrow(merged, schema), target, tmp)
    written, contents = {name: target}, {name: merged}
    for other in index.holders(new) if new.height else []:
        path = root / dataset / other / PART_NAME
        if other == name or not path.exists():
            continue
        kept = _without(_frame(read_partition(path, schema)), new, key)
        atomic_write_table(_arrow(kept, schema), path, tmp)
        written[other], contents[other] = path, kept
    index.replace(written, contents=contents)
    index.save()
    return target


def insert_missing(
    root: Path, dataset: str, rows: Iterable[RowInput], run_date: date
) -> Path | None:
    """Write only the rows whose key is in no partition yet; existing rows stay as they are."""
    key = list(model_of(dataset).key)
    table = to_table(dataset, rows)
    with dataset_lock(root, dataset):
        index = KeyIndex(root, dataset)
        fresh = _without(_frame(table), index.frame, key)
        if not fresh.height:
            return None
        return _upsert_locked(root, dataset, _arrow(fresh, table.schema), run_date)


def delete_keys(root: Path, dataset: str, keys: set[tuple[Any, ...]]) -> int:
    """Remove the rows with these keys (the dataset's key columns), in every partition."""
    if not keys:
        return 0
    model = model_of(dataset)
    schema, key = model.arrow_schema(), list(model.key)
    key_schema = pa.schema([schema.field(c) for c in key])
    doomed = _frame(
        pa.Table.from_pylist([dict(zip(key, k, strict=True)) for k in keys], key_schema)
    )
    removed = 0
    with dataset_lock(root, dataset):
        index = KeyIndex(root, dataset)
        written: dict[str, Path] = {}
        contents: dict[str, pl.DataFrame] = {}
        for name in index.holders(doomed):
            path = root / dataset / name / PART_NAME
            current = _frame(read_partition(path, schema))
            kept = _without(current, doomed, key)
            if kept.height != current.height:
                removed += current.height - kept.height
                atomic_write_table(_arrow(kept, schema), path, _tmp_dir(root, dataset))
                written[name], contents[name] = path, kept
        index.replace(written, contents=contents)
        index.save()
    return removed


def write_run(
    root: Path, article_rows: Sequence[ArticleRow], summary_rows: Sequence[SummaryRow], run: RunRow
) -> None:
    """A run's article and summary rows, then its runs row, in the run's partition."""
    run_date = run.started_at.date()
    if run.dry_run:
        # A plan never replaces what an earlier run wrote for the same rows.
        insert_missing(root, "articles", article_rows, run_date)
    else:
        upsert(root, "summaries", summary_rows, run_date)
        upsert(root, "articles", article_rows, run_date)
    upsert(root, "runs", [run], run_date)
