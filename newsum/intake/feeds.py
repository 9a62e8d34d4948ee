"""Feeds: one feed's new entries, each page fetched, as Articles with the items to remember.

Every problem is data, as in `ingest`: a broken page, an entry without a link, a feed that does
not answer become REJECTED Articles whose reason names the feed and the entry.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import httpx

from newsum.intake.batch import IntakeBatch
from newsum.intake.entries import new_entries, one_line, parse_feed
from newsum.intake.fetch import get_page, open_client
from newsum.intake.limits import IntakeLimits
from newsum.intake.pages import fetch_entry
from newsum.intake.shard import Shard
from newsum.intake.state import EntryMark, IntakeState, Item
from newsum.records import Article, Status


def _feed_rejected(feed: str, row: int | None, key: str, reason: str) -> Article:
    # No text to hash: a stable id from where the row comes from, as ingest does for files.
    digest = hashlib.sha256(f"{feed}\x00{key}".encode()).hexdigest()[:16]
    return Article(
        article_id=f"feed-{digest}",
        source_file=feed,
        row=row,
        status=Status.REJECTED,
        error=reason,
    )


def _read_feed(
    feed: str,
    client: httpx.Client,
    state: IntakeState,
    shard: Shard | None,
    limits: IntakeLimits,
    batch: IntakeBatch,
) -> list[tuple[Item, Article]]:
    """One feed's new entries as (item, article) pairs, in feed order; never raises on bad data.

    A feed that cannot be read is one REJECTED row; an entry whose page cannot be read is a
    REJECTED row naming the feed and the entry.
    """
    reason = None
    try:
        page = get_page(client, feed, limits)
        if page.status >= 400:
            reason = f"HTTP {page.status}"
    except (httpx.HTTPError, ValueError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
    parsed = None
    if reason is None:
        parsed, reason = parse_feed(page)
    if reason is not None or parsed is None:
        # The feed itself failed: one REJECTED row (from shard 0 only), recorded every run
        # while it fails, so it shows in the morning. Never marked as seen.
        if shard is not None and shard.index != 0:
            return []
        art = _feed_rejected(feed, None, "", f"feed {feed}: cannot read ({reason})")
        return [(Item(EntryMark(feed, ""), retry=True), art)]
    outlet = one_line(parsed.feed.get("title"))
    feed_lang = parsed.feed.get("language")
    todo = new_entries(feed, parsed, state, shard, batch)
    with ThreadPoolExecutor(max_workers=limits.concurrency) as pool:
        fetched = list(
            pool.map(
                lambda it: it if it.link is None else fetch_entry(client, feed, it, limits), todo
            )
        )
    found: list[tuple[Item, Article]] = []
    for it in fetched:
        where = f"feed {feed}, entry {it.index}" + (f" ({it.title!r})" if it.title else "")
        if it.link is None:
            it.reason = "no link to the article page"
        if it.article is None:
            art = _feed_rejected(feed, it.index, it.entry.entry, f"{where}: {it.reason}")
            art.title, art.url, art.published_at = it.title, it.link, it.published_at
        else:
            art = it.article
            art.source = art.source or outlet
            art.lang_hint = art.lang_hint or feed_lang
        found.append((Item(it.entry, retry=it.retry), art))
    batch.new_entries += len(fetched)
    return found


def take_feeds(
    feeds: list[str],
    state: IntakeState,
    shard: Shard | None,
    limits: IntakeLimits,
    batch: IntakeBatch,
) -> list[tuple[Item, Article]]:
    """Every feed's new entries, feed after feed, over one client; the items go to `batch`."""
    pairs: list[tuple[Item, Article]] = []
    with open_client(limits) as client:
        for feed in feeds:
            found = _read_feed(feed, client, state, shard, limits, batch)
            batch.items.extend(item for item, _ in found)
            pairs.extend(found)
    return pairs
