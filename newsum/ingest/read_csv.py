"""CSV files: the delimiter sniffed from the header, a 'text' column required, one row each."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.decode import read_text
from newsum.ingest.files import Source


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
