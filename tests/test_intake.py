"""Incremental intake: inbox files and feed entries taken once, failures recorded, shards exact."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsum import outputs
from newsum.intake import (
    IntakeBatch,
    IntakeState,
    Shard,
    already_summarised,
    article_key,
    collect,
    feed_list,
    row_key_text,
)
from newsum.records import Article, Status
from tests.conftest import SAMPLES
from tests.support.feeds import FRESH_TITLE, NewsSite


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(SAMPLES, folder)
    return folder


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as server:
        yield server


def take(
    inbox: Path | None,
    feeds: list[str],
    out: Path,
    shard: Shard | None = None,
    failed: set[tuple[str, int | None, str]] | None = None,
    commit: bool = True,
) -> IntakeBatch:
    """One run's intake; with commit, remembered as if the run had written its outputs."""
    with IntakeState(out / "_state" / "intake.sqlite", scope=shard.label if shard else "") as st:
        batch = collect(inbox, feeds, st, output=out, shard=shard)
        if commit:
            st.commit(batch, failed or set(), finished_at=datetime.now(UTC))
    return batch


def summarised(out: Path, articles: list[Article]) -> None:
    """Record these articles as status ok in OUTPUT/articles, as a run would."""
    rows = [
        {
            "article_id": a.article_id,
            "source_file": a.source_file,
            "source_row": a.row,
            "status": "ok",
            "content_hash": a.content_hash,
            "run_id": "r1",
        }
        for a in articles
        if a.status is Status.PENDING
    ]
    outputs.upsert(out, "articles", rows, datetime.now(UTC).date())


def statuses(batch: IntakeBatch) -> dict[str, int]:
    counts: dict[str, int] = {}
    for art in batch.articles:
        counts[art.status.value] = counts.get(art.status.value, 0) + 1
    return counts


# ---------------------------------------------------------------------------------------------
# Inbox


def test_inbox_files_are_taken_once(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = take(inbox, [], out)
    assert first.new_files == 8 and len(first.articles) == 25
    assert statuses(first) == {"pending": 21, "rejected": 3, "duplicate": 1}
    # Names relative to the inbox, as `ingest(inbox)` reports them, and the same rows.
    assert {a.source_file for a in first.articles} >= {"wire.jsonl", "regional.csv"}
    second = take(inbox, [], out)
    assert second.nothing_new and second.articles == []


def test_touched_file_is_not_new_changed_file_is(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = take(inbox, [], out)
    summarised(out, first.articles)
    txt = inbox / "karadeniz-postasi_2023-09-26.txt"
    os.utime(txt, ns=(1, 1))  # same bytes, another mtime
    assert take(inbox, [], out).nothing_new
    # A grown JSONL: the old lines are already summarised, only the new line is taken.
    wire = inbox / "wire.jsonl"
    wire.write_text(
        wire.read_text(encoding="utf-8")
        + '{"id": "w-new", "title": "New", "text": "A new wire story about the river."}\n',
        encoding="utf-8",
    )
    batch = take(inbox, [], out)
    assert batch.new_files == 1
    pending = [a for a in batch.articles if a.status is Status.PENDING]
    assert [a.article_id for a in pending] == ["w-new"]
    assert batch.skipped > 0  # the file's other lines, summarised before


def test_a_new_file_with_an_old_story_sends_nothing_again(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summarised(out, take(inbox, [], out).articles)
    shutil.copy(inbox / "karadeniz-postasi_2023-09-26.txt", inbox / "repost-tomorrow.txt")
    batch = take(inbox, [], out)
    assert batch.new_files == 1 and batch.articles == [] and batch.skipped == 1
    assert not batch.nothing_new  # a new item, just nothing to summarise


def test_nothing_is_remembered_until_commit(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    take(inbox, [], out, commit=False)  # the night crashed before writing
    assert len(take(inbox, [], out).articles) == 25


def test_a_file_with_a_failed_row_is_taken_again(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = take(inbox, [], out, commit=False)
    failed_one = next(a for a in first.articles if a.source_file == "wire.jsonl")
    ok = [a for a in first.articles if a is not failed_one]
    with IntakeState(out / "_state" / "intake.sqlite") as st:
        st.commit(first, {article_key(failed_one)}, finished_at=datetime.now(UTC))
    summarised(out, ok)
    retry = take(inbox, [], out)
    assert retry.new_files == 1
    assert [a.article_id for a in retry.articles if a.status is Status.PENDING] == [
        failed_one.article_id
    ]


def test_missing_inbox_is_a_note(tmp_path: Path) -> None:
    batch = take(tmp_path / "nowhere", [], tmp_path / "out")
    assert batch.nothing_new and "does not exist" in batch.notes[0]


# ---------------------------------------------------------------------------------------------
# Feeds


def test_feeds_ingest_what_they_can_and_record_the_rest(site: NewsSite, tmp_path: Path) -> None:
    feeds = [site.rss, site.atom, site.missing_feed]
    batch = take(None, feeds, tmp_path / "out")
    by_where = {(a.source_file, a.row): a for a in batch.articles}
    fresh = by_where[(site.rss, 1)]
    assert fresh.status is Status.PENDING and fresh.title == FRESH_TITLE
    assert fresh.url == f"{site.base_url}/pages/fresh.html"
    assert fresh.published_at == datetime(2023, 10, 2, 7, 30, tzinfo=UTC)  # +0200 in the feed
    assert fresh.source == "Test Wire" and fresh.lang_hint == "en"
    assert "Augarten" in fresh.text
    broken = by_where[(site.rss, 2)]
    assert broken.status is Status.REJECTED
    assert broken.error == (
        f"feed {site.rss}, entry 2 ('Server trouble'): page {site.base_url}/pages/broken.html: "
        "HTTP 500"
    )
    nolink = by_where[(site.rss, 3)]
    assert nolink.status is Status.REJECTED and nolink.error is not None
    assert nolink.error.endswith("entry 3 ('Headline only'): no link to the article page")
    # Atom links are relative: resolved against the feed's URL.
    ararat = by_where[(site.atom, 1)]
    assert ararat.status is Status.PENDING and ararat.source == "The Ararat Times"
    assert ararat.url == f"{site.base_url}/pages/ararat-times_2023-09-29.html"
    empty = by_where[(site.atom, 2)]
    assert empty.status is Status.REJECTED and empty.error is not None
    assert "no main text found" in empty.error
    gone = by_where[(site.missing_feed, None)]
    assert gone.status is Status.REJECTED and gone.error == (
        f"feed {site.missing_feed}: cannot read (HTTP 404)"
    )
    assert batch.new_entries == 6 and len(batch.articles) == 7
    assert len({a.article_id for a in batch.articles}) == 7


def test_feed_entries_are_taken_once_transient_failures_again(
    site: NewsSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    feeds = [site.rss, site.atom, site.missing_feed]
    take(None, feeds, out)
    hits = site.hits.copy()
    again = take(None, feeds, out)
    # The 500 page is retried and the missing feed reported again; nothing else is fetched.
    assert {(a.source_file, a.row) for a in again.articles} == {
        (site.rss, 2),
        (site.missing_feed, None),
    }
    fetched = site.hits - hits
    assert set(fetched) == {"/rss.xml", "/atom.xml", "/gone.xml", "/pages/broken.html"}


def test_same_story_in_inbox_and_feed_is_summarised_once(
    inbox: Path, site: NewsSite, tmp_path: Path
) -> None:
    batch = take(inbox, [site.atom], tmp_path / "out")
    feed_copy = next(a for a in batch.articles if (a.source_file, a.row) == (site.atom, 1))
    assert feed_copy.status is Status.DUPLICATE
    original = next(a for a in batch.articles if a.article_id == feed_copy.duplicate_of)
    assert original.source_file == "ararat-times_2023-09-29.html"


def test_feed_list_accepts_lists_and_strings() -> None:
    assert feed_list(None) == [] and feed_list("") == []
    assert feed_list("http://a/x.xml, http://b/y.xml\nhttp://c/z") == [
        "http://a/x.xml",
        "http://b/y.xml",
        "http://c/z",
    ]
    assert feed_list(["http://a/x.xml", " "]) == ["http://a/x.xml"]


# ---------------------------------------------------------------------------------------------
# Shards


def test_shard_parse_and_partition() -> None:
    assert Shard.parse(" 1 / 3 ") == Shard(1, 3)
    for bad in ("3/3", "-1/2", "1", "a/b", "0/0"):
        with pytest.raises(ValueError, match="shard"):
            Shard.parse(bad)
    keys = [f"key-{i}" for i in range(300)]
    owners = [[s for s in range(3) if Shard(s, 3).owns(k)] for k in keys]
    assert all(len(o) == 1 for o in owners)
    assert all(sum(1 for o in owners if o == [s]) > 60 for s in range(3))  # roughly even


def test_shards_together_take_exactly_what_one_run_takes(
    inbox: Path, site: NewsSite, tmp_path: Path
) -> None:
    feeds = [site.rss, site.atom]
    whole = take(inbox, feeds, tmp_path / "one")
    out = tmp_path / "sharded"
    parts = [take(inbox, feeds, out, Shard(i, 3)) for i in range(3)]

    def rows(batches: list[IntakeBatch]) -> list[tuple[str, str, str | None]]:
        return sorted(
            (row_key_text(article_key(a)), a.status.value, a.duplicate_of)
            for b in batches
            for a in b.articles
        )

    assert rows(parts) == rows([whole])
    assert all(p.articles for p in parts)
    # Each shard remembers its own share: a second round takes nothing new anywhere
    # (except the transient 500 page, which its shard retries).
    again = [take(inbox, feeds, out, Shard(i, 3)) for i in range(3)]
    assert [(a.source_file, a.row) for b in again for a in b.articles] == [(site.rss, 2)]


def test_already_summarised_reads_ok_rows_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    rows = [
        {"article_id": a, "source_file": "f", "source_row": i, "status": s, "content_hash": h}
        for i, (a, s, h) in enumerate([("a", "ok", "h1"), ("b", "failed", "h2")], 1)
    ]
    outputs.upsert(out, "articles", rows, datetime(2024, 1, 1).date())
    assert already_summarised(out) == {"h1"}
    assert already_summarised(tmp_path / "empty") == set()
