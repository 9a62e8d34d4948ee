"""Article ids where a row brings none, and duplicates across one ingest call.

Same `normalize_text(text)` means the same article (its content_hash); a reused id with
different text is rejected. Both are decided over all the files of one call, in input order.
"""

from __future__ import annotations

import hashlib

from newsum.records import Article, Status


def text_id(content_hash: str) -> str:
    """The id of a row without one, from its text: the same story gets the same id."""
    return "a-" + content_hash[:16]


def place_id(display: str, row: int | None) -> str:
    """The id of a row with neither an id nor usable text to hash: from where the row is."""
    file_id = "file-" + hashlib.sha256(display.encode("utf-8")).hexdigest()[:16]
    return file_id if row is None else f"{file_id}-{row}"


def _has_own_id(art: Article) -> bool:
    return art.article_id != text_id(art.content_hash)


def reject_reused_ids(rows: list[tuple[Article, str]]) -> None:
    """A reused id with different text is REJECTED (the first use wins, in input order)."""
    first_use: dict[str, tuple[str, str]] = {}  # article_id -> (content_hash, where)
    for art, where in rows:
        if art.status is not Status.PENDING:
            continue
        seen = first_use.setdefault(art.article_id, (art.content_hash, where))
        if seen[0] != art.content_hash:
            art.status = Status.REJECTED
            art.error = (
                f"{where}: duplicate id '{art.article_id}' with different text "
                f"(first seen at {seen[1]})"
            )
            art.text = ""


def mark_duplicates(articles: list[Article]) -> None:
    """Rows with the same normalized text: one stays PENDING, the others become DUPLICATE.

    The original is the first row, in input order, that carries its own id; failing that, the
    first row. Files are read in name order, so a loose copy (a .txt repost) can come before
    the feed row it was copied from; the feed row has the id, outlet, date and event that the
    copy lacks, and is the one worth summarising.
    """
    groups: dict[str, list[Article]] = {}
    for art in articles:
        if art.status is Status.PENDING:
            groups.setdefault(art.content_hash, []).append(art)
    for group in groups.values():
        if len(group) == 1:
            continue
        original = next((a for a in group if _has_own_id(a)), group[0])
        for art in group:
            if art is not original:
                art.status = Status.DUPLICATE
                art.duplicate_of = original.article_id
