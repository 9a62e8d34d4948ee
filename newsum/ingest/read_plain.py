"""Plain text and Markdown files: one article each, the first line its title."""

from __future__ import annotations

from collections.abc import Iterator

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.decode import read_text
from newsum.ingest.fields import clean_text
from newsum.ingest.files import Source


def _split_title(text: str, *, markdown: bool) -> tuple[str | None, str]:
    """First non-empty line is the title, the rest the text."""
    lines = text.strip().split("\n", 1)
    title = lines[0].strip()
    if markdown:
        title = title.lstrip("#").strip()
    return (title or None), (lines[1] if len(lines) > 1 else "")


def _read_plain(path: Source, ctx: FileCtx, *, markdown: bool) -> Iterator[RawRow]:
    raw, ctx.warnings = read_text(path)
    text = clean_text(raw)
    if not text:
        raise Rejected("empty text")
    title, body = _split_title(text, markdown=markdown)
    if not body.strip():
        raise Rejected("title but no text")
    yield None, {"title": title, "text": body}, None


def read_txt(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    return _read_plain(path, ctx, markdown=False)


def read_md(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    return _read_plain(path, ctx, markdown=True)
