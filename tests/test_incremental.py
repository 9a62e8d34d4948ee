from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsum import incremental, outputs
from newsum.records import Article, Status


def _write_day(root: Path, day: int) -> list[Article]:
    articles = []
    article_rows, summary_rows = [], []
    for i in range(3):
        a = Article(f"d{day}-{i}", f"night-{day}.jsonl", i + 1, text="t", content_hash=f"h{day}{i}")
        articles.append(a)
        article_rows.append(
            {
                "article_id": a.article_id,
                "source_file": a.source_file,
                "source_row": a.row,
                "status": "ok",
                "content_hash": a.content_hash,
                "lang": "en",
            }
        )
        summary_rows.append(
            {
                "article_id": a.article_id,
                "lang": "en",
                "kind": "summary",
                "model": "m",
                "created_at": datetime.now(UTC),
            }
        )
    outputs.upsert(root, "articles", article_rows, date(2026, 11, day))
    outputs.upsert(root, "summaries", summary_rows, date(2026, 11, day))
    return articles


def test_a_lookup_reads_only_the_partitions_that_hold_the_runs_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nights = [_write_day(tmp_path, day) for day in range(1, 6)]
    read: list[str] = []
    original = outputs.read_partition

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        read.append(f"{path.parent.parent.name}/{path.parent.name}")
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "read_partition", spy)
    new = Article("n1", "night-9.jsonl", 1, text="t", content_hash="x")
    stored = incremental.load_stored(tmp_path, [*nights[2], new])
    assert read == ["articles/run_date=2026-11-03", "summaries/run_date=2026-11-03"]
    assert set(stored) == {(a.source_file, a.row, a.article_id) for a in nights[2]}
    assert all(s.has_summary and s.model == {"m"} for s in stored.values())
    read.clear()
    assert incremental.load_stored(tmp_path, [new]) == {}
    assert read == []  # in no partition: nothing read at all
    everything = incremental.load_stored(tmp_path)  # without articles: the whole archive
    assert len(everything) == 15


def test_split_unchanged_uses_the_narrow_lookup(tmp_path: Path) -> None:
    (night,) = [_write_day(tmp_path, 1)]
    spec = incremental.RunSpec("m", "en", frozenset())
    fresh = [
        Article(a.article_id, a.source_file, a.row, text="t", content_hash=a.content_hash)
        for a in night
    ]
    todo, unchanged = incremental.split_unchanged(
        fresh, incremental.load_stored(tmp_path, fresh), spec
    )
    assert todo == [] and [a.status for a in unchanged] == [Status.OK] * 3
