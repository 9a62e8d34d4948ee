"""Incremental intake for scheduled runs: what arrived since the last run, and nothing else.

Two sources: new or changed files in an inbox folder, and new entries of RSS/Atom feeds (the feed
fetched with httpx and parsed by feedparser from bytes; each entry's page fetched with httpx and
read by the same HTML path as `ingest`, i.e. trafilatura). Every problem is data, as in `ingest`:
a broken page, an entry without a link, a feed that does not answer become REJECTED Articles whose
reason names the feed and the entry, so they are recorded in the articles table.

What was taken is remembered in a small SQLite file (`IntakeState`), but only once the run has
written its outputs (`IntakeState.commit`): a night that crashed is taken again the next night.
Items whose articles failed (LLM errors) or whose page fetch failed transiently are not marked
either, so they are retried. Articles whose text was already summarised (status ok in the
articles dataset) are never sent again, whichever way they come back.

A `Shard` ("i/n") restricts a run to a stable share of the input, so that n runs of the same flow
on n workers together take each item exactly once.

One job per module: inbox (new files, read by ingest), feeds (one feed's new entries to
Articles), entries (RSS/Atom parsed, which entries to take), pages (an entry's page to an
Article), fetch (HTTP with a size cap), state (what earlier runs took, SQLite), batch (what this
run takes), results (what the articles dataset says), shard, keys (output row keys), limits,
record (what a run says about its intake).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from newsum.intake.batch import IntakeBatch
from newsum.intake.feeds import take_feeds
from newsum.intake.inbox import take_inbox
from newsum.intake.keys import article_key, row_key_text
from newsum.intake.limits import IntakeLimits
from newsum.intake.results import already_summarised, failed_rows
from newsum.intake.shard import Shard
from newsum.intake.state import EntryMark, FileMark, IntakeState, Item, open_state
from newsum.records import Article, Status

__all__ = [
    "EntryMark",
    "FileMark",
    "IntakeBatch",
    "IntakeLimits",
    "IntakeState",
    "Shard",
    "already_summarised",
    "article_key",
    "collect",
    "failed_rows",
    "feed_list",
    "open_state",
    "row_key_text",
]

# The stage's one log line keeps the logger name it always had ("newsum.intake").
log = logging.getLogger(__name__)


def _mark_cross_duplicates(articles: list[Article]) -> None:
    """Same text from two sources (a feed page and an inbox file, two feeds): one is processed.

    `ingest` already did this within the inbox; this extends it to feeds, first come first.
    """
    first: dict[str, Article] = {}
    for art in articles:
        if art.status is not Status.PENDING:
            continue
        original = first.setdefault(art.content_hash, art)
        if original is not art:
            art.status, art.duplicate_of = Status.DUPLICATE, original.article_id


def collect(
    inbox: Path | None,
    feeds: list[str],
    state: IntakeState,
    *,
    output: Path,
    shard: Shard | None = None,
    limits: IntakeLimits | None = None,
) -> IntakeBatch:
    """What this run takes: new inbox files and feed entries, minus what is already summarised.

    Never raises on bad data; a missing inbox is a note (the feeds may still have news).
    """
    limits = limits or IntakeLimits()
    batch = IntakeBatch(started_at=datetime.now(UTC))
    pairs: list[tuple[Item, Article]] = []
    if inbox is not None:
        pairs.extend(take_inbox(inbox, state, limits, batch))
    if feeds:
        pairs.extend(take_feeds(feeds, state, shard, limits, batch))

    _mark_cross_duplicates([art for _, art in pairs])
    done = already_summarised(output) if pairs else set()
    for item, art in pairs:
        key = article_key(art)
        # Feed entries were sharded before their pages were fetched; inbox rows are sharded
        # here, after ingest marked duplicates over all new files (the same in every shard).
        in_other_shard = shard is not None and not shard.owns(row_key_text(key))
        if isinstance(item.mark, FileMark) and in_other_shard:
            batch.other_shards += 1
            continue
        if art.status is Status.PENDING and art.content_hash in done:
            batch.skipped += 1
            continue
        item.keys.add(key)
        batch.articles.append(art)
    if batch.skipped:
        batch.notes.append(f"{batch.skipped} articles already summarised: not sent again")
    log.info(
        "intake: %d new files, %d new feed entries, %d articles taken, %d skipped",
        batch.new_files,
        batch.new_entries,
        len(batch.articles),
        batch.skipped,
    )
    return batch


def feed_list(feeds: str | Iterable[str] | None) -> list[str]:
    """Feeds given as a list, or as one string separated by commas, spaces or newlines."""
    if feeds is None:
        return []
    parts = re.split(r"[\s,]+", feeds) if isinstance(feeds, str) else list(feeds)
    return [p.strip() for p in parts if p and p.strip()]
