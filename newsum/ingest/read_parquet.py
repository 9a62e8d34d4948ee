"""Parquet files, streamed batch by batch; only the columns an Article uses are read."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.files import MemoryFile, Source

_PARQUET_BATCH_ROWS = 10_000

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
