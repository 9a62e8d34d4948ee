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
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from newsum.ingest import IngestLimits, MemoryFile, ingest_files
from newsum.intake.batch import IntakeBatch
from newsum.intake.inbox import take_inbox
from newsum.intake.keys import article_key, row_key_text
from newsum.intake.limits import IntakeLimits
from newsum.intake.results import already_summarised
from newsum.intake.shard import Shard
from newsum.intake.state import EntryMark, FileMark, IntakeState, Item
from newsum.records import Article, Status

# The log line keeps the logger name it always had ("newsum.intake").
log = logging.getLogger("newsum.intake")


@dataclass
class _Fetched:
    entry: EntryMark
    index: int  # 1-based position of the entry in the feed document
    title: str | None
    link: str | None
    published_at: datetime | None
    article: Article | None = None
    reason: str | None = None  # set when the entry could not be read
    retry: bool = False


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


def _one_line(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return " ".join(text.split()) or None


def _transient(status: int) -> bool:
    return status == 429 or status >= 500


@dataclass
class _Page:
    status: int
    content: bytes
    content_type: str
    url: str
    charset: str | None


def _get(client: httpx.Client, url: str, limits: IntakeLimits) -> _Page:
    """GET with a size cap (ValueError past it); the body of an HTTP error is not read."""
    with client.stream("GET", url) as response:
        page = _Page(
            response.status_code,
            b"",
            response.headers.get("content-type", ""),
            str(response.url),
            response.charset_encoding,
        )
        if response.status_code >= 400:
            return page
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limits.max_page_bytes:
                raise ValueError(f"larger than {limits.max_page_bytes:,} bytes")
            chunks.append(chunk)
        page.content = b"".join(chunks)
    return page


def _page_article(feed: str, item: _Fetched, page: _Page, limits: IntakeLimits) -> _Fetched:
    """The page read by `ingest`'s HTML path (trafilatura), placed under the feed and entry."""
    data, charset = page.content, page.charset
    if charset:
        # The HTTP header's charset is authoritative; ingest sees UTF-8 from then on.
        # Else (unknown or wrong charset) ingest sniffs: meta charset, then cp1252.
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            data = data.decode(charset).encode("utf-8")
    (article,) = ingest_files(
        [(MemoryFile("page.html", data), "page.html")],
        IngestLimits(max_text_chars=limits.max_text_chars),
    )
    if article.status is Status.REJECTED:
        reason = (article.error or "unreadable page").split(": ", 1)[-1]
        item.reason = f"page {item.link}: {reason}"
        return item
    article.source_file, article.row = feed, item.index
    article.url = item.link
    article.title = item.title or article.title
    article.published_at = item.published_at or article.published_at
    item.article = article
    return item


def _fetch_entry(client: httpx.Client, feed: str, item: _Fetched, limits: IntakeLimits) -> _Fetched:
    assert item.link is not None
    try:
        page = _get(client, item.link, limits)
    except httpx.HTTPError as exc:
        item.reason, item.retry = f"page {item.link}: {type(exc).__name__}: {exc}", True
        return item
    except ValueError as exc:
        item.reason = f"page {item.link}: {exc}"
        return item
    if page.status >= 400:
        item.reason = f"page {item.link}: HTTP {page.status}"
        item.retry = _transient(page.status)
        return item
    try:
        return _page_article(feed, item, page, limits)
    except Exception as exc:  # an extractor bug on one page must not lose the night
        item.reason = f"page {item.link}: extraction failed ({type(exc).__name__}: {exc})"
        return item


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
    import feedparser  # imported here: only runs with feeds need it

    reason = None
    try:
        page = _get(client, feed, limits)
        if page.status >= 400:
            reason = f"HTTP {page.status}"
    except (httpx.HTTPError, ValueError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
    parsed = None
    if reason is None:
        parsed = feedparser.parse(
            io.BytesIO(page.content),  # bytes: feedparser must never fetch anything itself
            response_headers={
                "content-type": page.content_type or "application/xml",
                "content-location": page.url,  # relative links resolve against it
            },
        )
        if not parsed.entries and parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
    if reason is not None or parsed is None:
        # The feed itself failed: one REJECTED row (from shard 0 only), recorded every run
        # while it fails, so it shows in the morning. Never marked as seen.
        if shard is not None and shard.index != 0:
            return []
        art = _feed_rejected(feed, None, "", f"feed {feed}: cannot read ({reason})")
        return [(Item(EntryMark(feed, ""), retry=True), art)]
    outlet = _one_line(parsed.feed.get("title"))
    feed_lang = parsed.feed.get("language")
    todo: list[_Fetched] = []
    for index, entry in enumerate(parsed.entries, 1):
        key = _entry_id(entry)
        if state.entry_seen(feed, key):
            continue
        if shard is not None and not shard.owns(f"{feed}\x00{key}"):
            batch.other_shards += 1
            continue
        todo.append(
            _Fetched(
                EntryMark(feed, key),
                index,
                _one_line(entry.get("title")),
                entry.get("link") or None,
                _entry_time(entry),
            )
        )
    with ThreadPoolExecutor(max_workers=limits.concurrency) as pool:
        fetched = list(
            pool.map(
                lambda it: it if it.link is None else _fetch_entry(client, feed, it, limits), todo
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


# --------------------------------------------------------------------------------------------
# collect


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
        headers = {"user-agent": limits.user_agent}
        timeout = httpx.Timeout(limits.timeout_s)
        with httpx.Client(headers=headers, timeout=timeout, follow_redirects=True) as client:
            for feed in feeds:
                found = _read_feed(feed, client, state, shard, limits, batch)
                batch.items.extend(item for item, _ in found)
                pairs.extend(found)

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
