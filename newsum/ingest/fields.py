"""Ingest stage: read input files into Articles, one per input row, never raising on bad data.

Every input row becomes an Article so that the output accounts for all of the input: good rows
are PENDING, bad rows are REJECTED with a reason that names the file and row, and repeated texts
are DUPLICATE. A file that cannot be read at all becomes one REJECTED Article for the file.
Only a missing input path raises (InputError): then there is nothing to report on.

Duplicates are found across the whole ingest call (all files of a folder): same
`normalize_text(text)` means the same article. A reused id with different text is rejected.
"""

from __future__ import annotations

import csv
import email.utils
import html as html_lib
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.decode import SNIFF_BYTES, read_text
from newsum.ingest.files import MemoryFile, Source

_PARQUET_BATCH_ROWS = 10_000


# Field cleaning


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")  # 2+ blank lines in a row


def clean_text(text: str) -> str:
    """NFC, control characters removed (newline and tab kept), blank-line runs collapsed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    if text.count("\n") >= 3:  # cheap guard: most short texts have no blank-line runs
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def clean_line(text: str) -> str:
    """A one-line field (title): cleaned and all whitespace runs made single spaces."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # isprintable() is False for any control character
        text = _CONTROL.sub("", text)
    return " ".join(text.split())


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


def as_str(value: object) -> str | None:
    """A scalar field as a stripped string; None for absent, empty or non-scalar values."""
    if value is None or isinstance(value, bool | dict | list | tuple | bytes | bytearray):
        return None
    s = (value if isinstance(value, str) else str(value)).strip()  # ints, Decimals, dates
    return s or None


def first(fields: dict[str, object], *names: str) -> object:
    for name in names:
        value = fields.get(name)
        if value is not None and value != "":
            return value
    return None


# Epoch seconds as text: 9+ digits (from 1973 on). Shorter digit strings are more likely a year
# ("2023") or a compact date ("20230919") than a time in the early 1970s.
_EPOCH = re.compile(r"[+-]?\d{9,}(?:\.\d+)?")


def _from_epoch(seconds: float) -> datetime | None:
    # Values this large are milliseconds (1e11 s is the year 5138); JS exports often use them.
    if abs(seconds) >= 1e11:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_date_str(s: str) -> datetime | None:
    if _EPOCH.fullmatch(s):
        return _from_epoch(float(s))
    try:
        return datetime.fromisoformat(s)  # 3.11: 'Z', offsets, date-only, space separator
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(s)  # RFC 2822, as in RSS feeds
    except (ValueError, TypeError, IndexError):
        return None


def parse_published_at(value: object) -> tuple[datetime | None, str | None]:
    """(UTC datetime or None, warning or None). Naive times are taken as UTC."""
    dt: datetime | None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        dt = _from_epoch(float(value))
    elif isinstance(value, str):
        dt = _parse_date_str(value.strip())
    else:
        dt = None
    if dt is None:
        shown = str(value).strip()
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        return None, f"unparseable published_at '{shown}'"
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC), None
    return dt.astimezone(UTC), None


# --------------------------------------------------------------------------------------------
# Readers: one per format. Each yields RawRows; Rejected means the whole file is unusable.


def _lower_keys(obj: dict[str, object]) -> dict[str, object]:
    return {k.strip().lower(): v for k, v in obj.items()}


def _jsonl_rows(text: str) -> Iterator[RawRow]:
    n_rows = 0
    # split("\n"), not splitlines(): JSON strings may hold raw U+2028 and friends, which
    # splitlines() would treat as line breaks. A trailing '\r' is JSON whitespace.
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        n_rows += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield lineno, None, f"malformed JSON ({e.msg} at column {e.colno})"
            continue
        if isinstance(obj, dict):
            yield lineno, _lower_keys(obj), None
        else:
            yield lineno, None, f"expected a JSON object, got {json_type(obj)}"
    if n_rows == 0:
        raise Rejected("no articles (the file has only blank lines)")


def read_jsonl(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    text, ctx.warnings = read_text(path)
    ctx.unit = "line"
    yield from _jsonl_rows(text)


def read_json(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    """A .json file is a JSON array of objects, a single object, or JSONL under another name."""
    text, ctx.warnings = read_text(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as doc_error:
        if text.lstrip().startswith("["):
            # Meant as an array: per-line errors from a pretty-printed array would be noise.
            raise Rejected(
                f"malformed JSON ({doc_error.msg} at line {doc_error.lineno} "
                f"column {doc_error.colno})"
            ) from None
        ctx.unit = "line"
        yield from _jsonl_rows(text)
        return
    if isinstance(doc, dict):
        ctx.unit = "line"
        yield 1, _lower_keys(doc), None
    elif isinstance(doc, list):
        if not doc:
            raise Rejected("no articles (empty JSON array)")
        ctx.unit = "item"
        for i, item in enumerate(doc, 1):
            if isinstance(item, dict):
                yield i, _lower_keys(item), None
            else:
                yield i, None, f"expected a JSON object, got {json_type(item)}"
    else:
        raise Rejected(f"expected a JSON array of objects, got {json_type(doc)}")


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_csv(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    text, ctx.warnings = read_text(path)
    ctx.unit = "row"
    # The csv module refuses fields over 128 KiB by default; a long article must reach the
    # length check instead (and no field can exceed the file size limit anyway).
    if csv.field_size_limit() < ctx.limits.max_file_bytes:
        csv.field_size_limit(ctx.limits.max_file_bytes)
    first_nl = text.find("\n")
    header_line = text if first_nl < 0 else text[:first_nl]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header_line))
    header: list[str] | None = None
    row_no = 0
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # blank line, not a data row
            if header is None:
                header = [h.strip().lower() for h in values]
                if "text" not in header:
                    cols = ", ".join(h.strip() for h in values)
                    raise Rejected(f"no 'text' column; columns are: {cols}")
                continue
            row_no += 1
            if len(values) > len(header) and not any(v.strip() for v in values[len(header) :]):
                values = values[: len(header)]  # trailing empty fields from a trailing delimiter
            if len(values) != len(header):
                reason = f"row has {len(values)} fields, header has {len(header)}"
                yield row_no, None, f"{reason} (ends at line {reader.line_num})"
                continue
            # setdefault keeps the first of duplicated column names.
            fields: dict[str, object] = {}
            for name, value in zip(header, values, strict=True):
                fields.setdefault(name, value)
            yield row_no, fields, None
    except csv.Error as e:
        raise Rejected(f"CSV error at line {reader.line_num} ({e})") from None
    if header is None:
        raise Rejected("empty file (no header)")
    if row_no == 0:
        raise Rejected("no data rows (only a header)")


_PARQUET_FIELDS = (
    "id", "text", "title", "source", "outlet", "url", "published_at", "event_id", "lang",
    "language",
)  # fmt: skip


def _is_text_type(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _to_python(column: pa.Array) -> list[object]:
    t = column.type
    if pa.types.is_timestamp(t) and t.unit == "ns":
        # datetime has microseconds only; without this, to_pylist() raises on pandas-written
        # nanosecond timestamps (unless pandas happens to be installed).
        column = column.cast(pa.timestamp("us", t.tz), safe=False)
    return column.to_pylist()


def read_parquet(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    ctx.unit = "row"
    try:
        pf = pq.ParquetFile(pa.BufferReader(path.data) if isinstance(path, MemoryFile) else path)
    except (pa.ArrowException, ValueError) as e:
        raise Rejected(f"not a valid Parquet file ({e})") from None
    schema = pf.schema_arrow
    by_lower: dict[str, str] = {}
    for name in schema.names:
        by_lower.setdefault(name.strip().lower(), name)
    if "text" not in by_lower:
        raise Rejected(f"no 'text' column; columns are: {', '.join(schema.names)}")
    text_type = schema.field(by_lower["text"]).type
    if not _is_text_type(text_type):
        raise Rejected(f"column 'text' is {text_type}, expected string")
    if pf.metadata.num_rows == 0:
        raise Rejected("no data rows")
    wanted = {f: by_lower[f] for f in _PARQUET_FIELDS if f in by_lower}
    row_no = 0
    # Stream batch by batch so a large file never has to be in memory as Python objects at once.
    for batch in pf.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=list(wanted.values())):
        columns = {f: _to_python(batch.column(real)) for f, real in wanted.items()}
        for i in range(batch.num_rows):
            row_no += 1
            yield row_no, {f: col[i] for f, col in columns.items()}, None


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


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_HTML_LANG = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I
)


def _html_title(page: str, meta_title: str | None) -> str | None:
    if meta_title:
        return meta_title
    m = _TITLE_TAG.search(page)
    return (html_lib.unescape(m.group(1)).strip() or None) if m else None


def _drop_title_line(text: str, title: str | None) -> str:
    # trafilatura keeps the page's <h1> as the first line; the title is already its own field,
    # and leaving it in would make the text differ from the same story in a JSONL feed.
    first, _, rest = text.strip().partition("\n")
    if title and rest.strip() and clean_line(first) == clean_line(title):
        return rest
    return text


def read_html(path: Source, ctx: FileCtx) -> Iterator[RawRow]:
    page, ctx.warnings = read_text(path, html=True)
    try:
        # Imported here: trafilatura is slow to import and only HTML inputs need it.
        import trafilatura
    except ImportError as e:
        raise Rejected(f"HTML extraction unavailable (trafilatura: {e})") from None
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.WARNING)  # it logs every page at INFO/DEBUG
    text = trafilatura.extract(
        page, include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or not text.strip():
        raise Rejected("no main text found in the HTML")
    meta = trafilatura.extract_metadata(page)
    title = _html_title(page, meta.title if meta is not None else None)
    lang = _HTML_LANG.search(page[:SNIFF_BYTES])
    fields: dict[str, object] = {
        "title": title,
        "text": _drop_title_line(text, title),
        "source": meta.sitename if meta is not None else None,
        "url": meta.url if meta is not None else None,
        "published_at": meta.date if meta is not None else None,
        "lang": lang.group(1) if lang else None,
    }
    yield None, fields, None
