"""RSS/Atom: a feed document parsed from fetched bytes, and the entries this run takes from it."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsum.intake.batch import IntakeBatch
from newsum.intake.fetch import Page
from newsum.intake.shard import Shard
from newsum.intake.state import EntryMark, IntakeState
from newsum.records import Article


@dataclass
class Fetched:
    """One entry taken, and once its page was fetched, its article or why there is none."""

    entry: EntryMark
    index: int  # 1-based position of the entry in the feed document
    title: str | None
    link: str | None
    published_at: datetime | None
    article: Article | None = None
    reason: str | None = None  # set when the entry could not be read
    retry: bool = False


def parse_feed(page: Page) -> tuple[Any, str | None]:
    """The parsed feed, and why it cannot be read (None when it can)."""
    import feedparser  # imported here: only runs with feeds need it

    parsed = feedparser.parse(
        io.BytesIO(page.content),  # bytes: feedparser must never fetch anything itself
        response_headers={
            "content-type": page.content_type or "application/xml",
            "content-location": page.url,  # relative links resolve against it
        },
    )
    if not parsed.entries and parsed.get("bozo"):
        return parsed, f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
    return parsed, None


def _entry_id(entry: Any) -> str:
    for name in ("id", "link"):
        value = entry.get(name)
        if value:
            return str(value)
    blob = f"{entry.get('title', '')}\x00{entry.get('published', entry.get('updated', ''))}"
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _entry_time(entry: Any) -> datetime | None:
    for name in ("published_parsed", "updated_parsed"):
        parsed = entry.get(name)
        if parsed:
            try:
                year, month, day, hour, minute, second = parsed[:6]
                # feedparser gives struct_time in UTC, whatever the feed's own offset was.
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except (TypeError, ValueError):
                return None
    return None


def one_line(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return " ".join(text.split()) or None


def new_entries(
    feed: str, parsed: Any, state: IntakeState, shard: Shard | None, batch: IntakeBatch
) -> list[Fetched]:
    """Entries no earlier run (of this scope) took, in feed order, of this shard's share.

    Entries are sharded here, before their pages are fetched; the rest count in `batch`.
    """
    todo: list[Fetched] = []
    for index, entry in enumerate(parsed.entries, 1):
        key = _entry_id(entry)
        if state.entry_seen(feed, key):
            continue
        if shard is not None and not shard.owns(f"{feed}\x00{key}"):
            batch.other_shards += 1
            continue
        todo.append(
            Fetched(
                EntryMark(feed, key),
                index,
                one_line(entry.get("title")),
                entry.get("link") or None,
                _entry_time(entry),
            )
        )
    return todo
