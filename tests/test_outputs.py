from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from newsum import outputs


def _article(i: int, status: str = "ok", row: int | None = None) -> dict[str, object]:
    return {
        "article_id": f"a{i}",
        "source_file": "f.jsonl",
        "source_row": i if row is None else row,
        "status": status,
        "published_at": datetime(2023, 9, 19, 10, tzinfo=UTC),
        "input_tokens": 10,
        "processed_at": datetime.now(UTC),
    }


def test_schema_is_flat_and_bi_friendly() -> None:
    for name, (schema, _) in outputs.DATASETS.items():
        for field in schema:
            assert not (field.type.num_fields or 0), f"{name}.{field.name} is nested"
            if str(field.type).startswith("timestamp"):
                assert str(field.type) == "timestamp[us, tz=UTC]", field
            if str(field.type).startswith(("int", "uint")):
                assert str(field.type) == "int64", field


def test_upsert_replaces_rows_across_partitions(tmp_path: Path) -> None:
    day1, day2 = date(2026, 11, 24), date(2026, 11, 25)
    outputs.upsert(tmp_path, "articles", [_article(1), _article(2, "failed")], day1)
    outputs.upsert(tmp_path, "articles", [_article(2), _article(3)], day2)
    outputs.upsert(tmp_path, "articles", [_article(3)], day2)  # a rerun the same day
    con = duckdb.connect()
    rows = con.execute(
        "SELECT article_id, status, CAST(run_date AS VARCHAR) FROM read_parquet(?, "
        "hive_partitioning=true) ORDER BY article_id",
        [str(tmp_path / "articles" / "**" / "*.parquet")],
    ).fetchall()
    assert rows == [
        ("a1", "ok", "2026-11-24"),
        ("a2", "ok", "2026-11-25"),
        ("a3", "ok", "2026-11-25"),
    ]


def test_files_are_zstd_and_typed(tmp_path: Path) -> None:
    path = outputs.upsert(tmp_path, "articles", [_article(1)], date(2026, 11, 25))
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    schema = pq.read_schema(path)
    assert str(schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert [p.name for p in path.parent.iterdir()] == ["part-0.parquet"]  # no temp file left


def test_empty_write_still_has_the_columns(tmp_path: Path) -> None:
    path = outputs.upsert(tmp_path, "summaries", [], date(2026, 11, 25))
    assert pq.read_schema(path).names == outputs.SUMMARIES.names


def test_duplicate_keys_in_one_write_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="duplicate keys"):
        outputs.upsert(tmp_path, "articles", [_article(1), _article(1)], date(2026, 11, 25))


def test_failed_write_leaves_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = date(2026, 11, 25)
    path = outputs.upsert(tmp_path, "articles", [_article(1)], day)
    before = path.read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(outputs.pq, "write_table", explode)
    with pytest.raises(OSError, match="disk full"):
        outputs.upsert(tmp_path, "articles", [_article(2)], day)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["part-0.parquet"]


def _writer(root: str, start: int) -> None:
    for i in range(start, start + 20):
        outputs.upsert(Path(root), "articles", [_article(i)], date(2026, 11, 25))


def test_concurrent_writers_lose_no_rows(tmp_path: Path) -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), n * 100)) for n in range(2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    assert outputs.read_dataset(tmp_path, "articles").num_rows == 40


def test_a_null_key_matches_null_on_upsert(tmp_path: Path) -> None:
    """A one-article file has no row number: its rerun replaces its row, not adds a second."""
    day1, day2 = date(2026, 11, 24), date(2026, 11, 25)

    def single(status: str) -> dict[str, object]:
        return {**_article(1, status), "source_row": None}

    outputs.upsert(tmp_path, "articles", [single("failed")], day1)
    outputs.upsert(tmp_path, "articles", [single("ok"), _article(2)], day2)
    rows = outputs.read_dataset(tmp_path, "articles").to_pylist()
    assert sorted((r["article_id"], r["source_row"], r["status"]) for r in rows) == [
        ("a1", None, "ok"),
        ("a2", 2, "ok"),
    ]
    assert outputs.insert_missing(tmp_path, "articles", [single("planned")], day2) is None
    assert outputs.delete_keys(tmp_path, "articles", {("f.jsonl", None, "a1")}) == 1


def test_dataset_folders_hold_only_data_so_a_duckdb_glob_reads_them(tmp_path: Path) -> None:
    outputs.upsert(tmp_path, "articles", [_article(1)], date(2026, 11, 24))
    with outputs.dataset_lock(tmp_path, "articles"):  # a writer holds the lock meanwhile
        outputs._upsert_locked(
            tmp_path, "articles", outputs.to_table("articles", [_article(2)]), date(2026, 11, 25)
        )
        files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
        assert [f for f in files if f.startswith("articles/") and f.endswith(".parquet")] == [
            "articles/run_date=2026-11-24/part-0.parquet",
            "articles/run_date=2026-11-25/part-0.parquet",
        ]
        assert not [
            f
            for f in files
            if f.startswith("articles/") and "." in f.rsplit("/")[-1] and not f.endswith(".parquet")
        ]
        con = duckdb.connect()
        for pattern in ("articles/**/*.parquet", "articles/**"):
            count = con.execute(
                "SELECT count(*) FROM read_parquet(?)", [str(tmp_path / pattern)]
            ).fetchone()
            assert count == (2,), pattern
    assert (tmp_path / "_state" / "articles.lock").exists()


def test_an_upsert_reads_only_the_partitions_holding_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 6):
        rows = [_article(day * 100 + i) for i in range(3)]
        outputs.upsert(tmp_path, "articles", rows, date(2026, 11, day))
    read: list[str] = []
    original = outputs.read_partition

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        read.append(path.parent.name)
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "read_partition", spy)
    # a201 was written on day 2; today's partition (day 6) does not exist yet.
    outputs.upsert(
        tmp_path, "articles", [_article(201, "failed"), _article(900)], date(2026, 11, 6)
    )
    assert read == ["run_date=2026-11-02"]
    rows = outputs.read_dataset(tmp_path, "articles").to_pylist()
    assert len(rows) == 16 and {r["status"] for r in rows if r["article_id"] == "a201"} == {
        "failed"
    }


def test_the_key_index_notices_a_partition_changed_behind_its_back(tmp_path: Path) -> None:
    outputs.upsert(tmp_path, "articles", [_article(1)], date(2026, 11, 24))
    # Another tool rewrites the partition without the index (or a writer died before saving it).
    path = outputs.partition_files(tmp_path, "articles")[0]
    table = outputs.to_table("articles", [_article(1), _article(7)])
    outputs.atomic_write_table(table, path)
    outputs.upsert(tmp_path, "articles", [_article(7, "failed")], date(2026, 11, 25))
    rows = outputs.read_dataset(tmp_path, "articles").to_pylist()
    assert sorted((r["article_id"], r["status"]) for r in rows) == [("a1", "ok"), ("a7", "failed")]
    (tmp_path / "_state" / "articles.keys.parquet").write_bytes(b"garbage")
    outputs.upsert(tmp_path, "articles", [_article(1, "failed")], date(2026, 11, 25))
    assert outputs.read_dataset(tmp_path, "articles").num_rows == 2


def test_a_lock_file_left_by_an_older_version_is_removed(tmp_path: Path) -> None:
    outputs.upsert(tmp_path, "articles", [_article(1)], date(2026, 11, 24))
    (tmp_path / "articles" / ".lock").touch()
    stale = tmp_path / "articles" / "run_date=2026-11-24" / ".part-0.parquet.tmp-99999"
    stale.write_bytes(b"PAR1")
    outputs.upsert(tmp_path, "articles", [_article(2)], date(2026, 11, 24))
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in (tmp_path / "articles").rglob("*")
    ) == [
        "articles/run_date=2026-11-24",
        "articles/run_date=2026-11-24/part-0.parquet",
    ]
