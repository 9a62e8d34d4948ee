"""What earlier runs took: inbox files and feed entries, remembered in a small SQLite file.

Only once a run has written its outputs (`IntakeState.commit`): a night that crashed is taken
again the next night, and items whose rows failed or whose fetch failed transiently are retried.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsum.intake.keys import RowKey
from newsum.intake.shard import Shard

if TYPE_CHECKING:  # batch.py imports Item from here
    from newsum.intake.batch import IntakeBatch


@dataclass(frozen=True)
class FileMark:
    path: str  # absolute, resolved
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class EntryMark:
    feed: str
    entry: str  # the entry's id, else its link, else a hash of title and date


@dataclass
class Item:
    """One unit remembered as seen: a file or a feed entry, with the output rows it produced."""

    mark: FileMark | EntryMark
    keys: set[RowKey] = field(default_factory=set)
    retry: bool = False  # a transient failure (HTTP 5xx, timeout): take it again next run


_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    scope TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (scope, path));
CREATE TABLE IF NOT EXISTS entries (
    scope TEXT NOT NULL, feed TEXT NOT NULL, entry TEXT NOT NULL, seen_at TEXT NOT NULL,
    PRIMARY KEY (scope, feed, entry));
CREATE TABLE IF NOT EXISTS runs (
    scope TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
    new_items INTEGER NOT NULL, articles INTEGER NOT NULL);
"""


class IntakeState:
    """What earlier runs took, per scope (the shard label, or "" for unsharded runs).

    Shards keep separate records because each took only its share of a file or feed.
    """

    def __init__(self, path: Path, scope: str = "") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.scope = scope
        # A generous busy timeout: shards of one night share the file.
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> IntakeState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def file_record(self, path: str) -> FileMark | None:
        row = self._db.execute(
            "SELECT size, mtime_ns, sha256 FROM files WHERE scope = ? AND path = ?",
            (self.scope, path),
        ).fetchone()
        return FileMark(path, row[0], row[1], row[2]) if row else None

    def entry_seen(self, feed: str, entry: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM entries WHERE scope = ? AND feed = ? AND entry = ?",
            (self.scope, feed, entry),
        ).fetchone()
        return row is not None

    def mark(self, marks: Iterable[FileMark | EntryMark]) -> None:
        now = datetime.now(UTC).isoformat()
        with closing(self._db.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            try:
                for m in marks:
                    if isinstance(m, FileMark):
                        cur.execute(
                            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                            (self.scope, m.path, m.size, m.mtime_ns, m.sha256, now),
                        )
                    else:
                        cur.execute(
                            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                            (self.scope, m.feed, m.entry, now),
                        )
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def commit(self, batch: IntakeBatch, failed: set[RowKey], *, finished_at: datetime) -> int:
        """After the run wrote its outputs: remember what it took. Returns items marked.

        Items with a failed row or a transient failure stay unmarked, so the next run retries
        them (its already-summarised check keeps the rest of a file from being sent again).
        """
        done = [item.mark for item in batch.items if not item.retry and not (item.keys & failed)]
        self.mark(done)
        self._db.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?)",
            (
                self.scope,
                batch.started_at.isoformat(),
                finished_at.isoformat(),
                len(batch.items),
                len(batch.articles),
            ),
        )
        return len(done)

    def last_run(self) -> datetime | None:
        row = self._db.execute(
            "SELECT max(finished_at) FROM runs WHERE scope = ?", (self.scope,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None


def open_state(output: Path, shard: Shard | None) -> IntakeState:
    """What the runs writing into `output` took, in `shard`'s scope (unsharded runs share one)."""
    return IntakeState(output / "_state" / "intake.sqlite", scope=shard.label if shard else "")
