"""One file to Articles: the reader its extension picks, and any failure to read it as one
REJECTED Article for the file (rows already read stay, and the reason says where it stopped)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyarrow as pa

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.files import Source, source_size
from newsum.ingest.read_csv import read_csv
from newsum.ingest.read_html import read_html
from newsum.ingest.read_json import read_json, read_jsonl
from newsum.ingest.read_parquet import read_parquet
from newsum.ingest.read_plain import read_md, read_txt
from newsum.ingest.validate import build_article, rejected_row
from newsum.records import Article

SUPPORTED_SUFFIXES = (
    ".jsonl", ".ndjson", ".json", ".csv", ".parquet", ".txt", ".md", ".html", ".htm",
)  # fmt: skip

# Each reader yields RawRows; Rejected means the whole file is unusable.
_READERS: dict[str, Callable[[Source, FileCtx], Iterator[RawRow]]] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".parquet": read_parquet,
    ".txt": read_txt,
    ".md": read_md,
    ".html": read_html,
    ".htm": read_html,
}


def _os_reason(e: OSError) -> str:
    return f"cannot read file ({e.strerror or e})"


def _data_reason(suffix: str, e: Exception) -> str:
    return f"cannot read {suffix.lstrip('.')} data ({e})"


def ingest_file(path: Source, ctx: FileCtx) -> Iterator[tuple[Article, str]]:
    """Articles of one file with, for each, where it is (for duplicate-id reasons)."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
        reason = f"unsupported file type {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        yield rejected_row(ctx, None, reason), ctx.display
        return
    n_rows = 0
    try:
        size = source_size(path)
        if size == 0:
            raise Rejected("empty file")
        if size > ctx.limits.max_file_bytes:
            raise Rejected(f"file is {size:,} bytes, limit {ctx.limits.max_file_bytes:,}")
        for row, fields, error in reader(path, ctx):
            n_rows += 1
            if fields is None:
                art = rejected_row(ctx, row, error or "unreadable row")
            else:
                art = build_article(ctx, row, fields)
            yield art, ctx.where(row)
        return
    except Rejected as e:
        reason = str(e)
    except UnicodeError as e:
        reason = f"cannot decode text ({e})"
    except OSError as e:
        # Arrow reports corrupt data as an OSError without an errno; the OS always sets one.
        reason = _os_reason(e) if e.errno is not None else _data_reason(suffix, e)
    except (pa.ArrowException, ValueError) as e:
        reason = _data_reason(suffix, e)
    if n_rows:
        reason += f" (stopped after {n_rows} rows; the rest of the file was not read)"
    yield rejected_row(ctx, None, reason), ctx.display
