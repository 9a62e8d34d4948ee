"""The inbox: files no earlier run took with the same content, read by `ingest`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from newsum.ingest import IngestLimits, ingest_files, iter_input_files
from newsum.intake.batch import IntakeBatch
from newsum.intake.limits import IntakeLimits
from newsum.intake.state import FileMark, IntakeState, Item
from newsum.records import Article


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _new_files(inbox: Path, state: IntakeState) -> Iterator[tuple[Path, FileMark]]:
    """Files of the inbox that no earlier run (of this scope) took with the same content."""
    for path in iter_input_files(inbox):
        st = path.stat()
        key = str(path.resolve())
        seen = state.file_record(key)
        if seen and seen.size == st.st_size and seen.mtime_ns == st.st_mtime_ns:
            continue  # unchanged without reading it
        digest = _sha256(path)
        mark = FileMark(key, st.st_size, st.st_mtime_ns, digest)
        if seen and seen.sha256 == digest:
            state.mark([mark])  # touched, same bytes: remember the new mtime, take nothing
            continue
        yield path, mark


def _ingest_subset(inbox: Path, files: list[Path], limits: IngestLimits) -> list[Article]:
    """`ingest` over only these files, named and ordered as `ingest(inbox)` would: source_file
    relative to the inbox (so rows keep their keys from night to night), and duplicates found
    across the new files as across a folder."""
    ordered = sorted(files, key=lambda path: path.relative_to(inbox).parts)
    named = [(path, path.relative_to(inbox).as_posix()) for path in ordered]
    return ingest_files(named, limits, label=str(inbox))


def take_inbox(
    inbox: Path, state: IntakeState, limits: IntakeLimits, batch: IntakeBatch
) -> list[tuple[Item, Article]]:
    """The new files' articles, each with the file's item; the items and counts go to `batch`.

    A missing inbox is a note, not an error: the feeds may still have news.
    """
    pairs: list[tuple[Item, Article]] = []
    if inbox.is_dir():
        new = list(_new_files(inbox, state))
        batch.new_files = len(new)
        items = {mark.path: Item(mark) for _, mark in new}
        by_display = {path.relative_to(inbox).as_posix(): mark.path for path, mark in new}
        ingest_limits = IngestLimits(max_text_chars=limits.max_text_chars)
        for art in _ingest_subset(inbox, [p for p, _ in new], ingest_limits) if new else []:
            pairs.append((items[by_display[art.source_file]], art))
        batch.items.extend(items.values())
    else:
        batch.notes.append(f"inbox {inbox} does not exist: no files taken")
    return pairs
