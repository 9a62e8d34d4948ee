"""Ingest stage: read input files into Articles, one per input row, never raising on bad data.

Every input row becomes an Article so that the output accounts for all of the input: good rows
are PENDING, bad rows are REJECTED with a reason that names the file and row, and repeated texts
are DUPLICATE. A file that cannot be read at all becomes one REJECTED Article for the file.
Only a missing input path raises (InputError): then there is nothing to report on.

Duplicates are found across the whole ingest call (all files of a folder): same
`normalize_text(text)` means the same article. A reused id with different text is rejected.

One job per module: files (which files), decode (bytes to text), read_json, read_csv,
read_parquet, read_plain, read_html (one reader per format), readers (one file to Articles),
validate (a row's fields to an Article), fields (one value cleaned), ids (ids and duplicates),
context (what readers and validate share about one file).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from newsum.ingest.context import FileCtx, IngestLimits, RawRow
from newsum.ingest.fields import clean_text, parse_published_at
from newsum.ingest.files import MemoryFile, Source, iter_input_files
from newsum.ingest.ids import mark_duplicates, reject_reused_ids
from newsum.ingest.readers import SUPPORTED_SUFFIXES, ingest_file
from newsum.records import Article

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestLimits",
    "MemoryFile",
    "RawRow",
    "Source",
    "clean_text",
    "ingest",
    "ingest_files",
    "iter_input_files",
    "parse_published_at",
]

# The stage's one log line keeps the logger name it always had ("newsum.ingest").
log = logging.getLogger(__name__)


def ingest(path: Path, limits: IngestLimits | None = None) -> list[Article]:
    """One Article per input row, in input order (files in sorted order when `path` is a folder).

    Raises InputError only when `path` does not exist; every other problem is an Article with
    status REJECTED and a reason naming the file and row. Rows whose normalized text repeats
    an earlier one are DUPLICATE of it, except that a row carrying its own id is preferred as
    the original over one whose id was derived from the text (see ids.mark_duplicates).
    """
    path = Path(path)
    files = iter_input_files(path)
    is_folder = path.is_dir()
    named = [
        (file, file.relative_to(path).as_posix() if is_folder else str(path)) for file in files
    ]
    return ingest_files(named, limits, label=str(path))


def ingest_files(
    files: Iterable[tuple[Source, str]], limits: IngestLimits | None = None, *, label: str = ""
) -> list[Article]:
    """`ingest` over these files, in this order, each `(path or MemoryFile, name)`: `name` is
    the file's `source_file` (e.g. relative to an inbox, so that its rows keep their keys from
    night to night). Duplicates and reused ids are found across them as across a folder."""
    limits = limits or IngestLimits()
    rows: list[tuple[Article, str]] = []
    n_files = 0
    for file, display in files:
        n_files += 1
        rows.extend(ingest_file(file, FileCtx(display=display, limits=limits)))
    reject_reused_ids(rows)
    articles = [art for art, _ in rows]
    mark_duplicates(articles)
    if log.isEnabledFor(logging.INFO):
        counts: dict[str, int] = {}
        for art in articles:
            counts[art.status.value] = counts.get(art.status.value, 0) + 1
        log.info("ingested %s: %d files, %s", label, n_files, counts)
    return articles
