"""JSON Lines and .json files (an array of objects, one object, or JSON Lines by another name)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.decode import read_text
from newsum.ingest.fields import json_type
from newsum.ingest.files import Source


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
