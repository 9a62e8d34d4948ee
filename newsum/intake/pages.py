"""An entry's page: fetched, read by `ingest`'s HTML path, and placed under its feed and entry."""

from __future__ import annotations

import contextlib

import httpx

from newsum.ingest import IngestLimits, MemoryFile, ingest_files
from newsum.intake.entries import Fetched
from newsum.intake.fetch import Page, get_page, transient
from newsum.intake.limits import IntakeLimits
from newsum.records import Status


def _page_article(feed: str, item: Fetched, page: Page, limits: IntakeLimits) -> Fetched:
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


def fetch_entry(client: httpx.Client, feed: str, item: Fetched, limits: IntakeLimits) -> Fetched:
    """`item` with its article, or with the reason it has none (and whether to retry)."""
    assert item.link is not None
    try:
        page = get_page(client, item.link, limits)
    except httpx.HTTPError as exc:
        item.reason, item.retry = f"page {item.link}: {type(exc).__name__}: {exc}", True
        return item
    except ValueError as exc:
        item.reason = f"page {item.link}: {exc}"
        return item
    if page.status >= 400:
        item.reason = f"page {item.link}: HTTP {page.status}"
        item.retry = transient(page.status)
        return item
    try:
        return _page_article(feed, item, page, limits)
    except Exception as exc:  # an extractor bug on one page must not lose the night
        item.reason = f"page {item.link}: extraction failed ({type(exc).__name__}: {exc})"
        return item
