"""HTML pages: the main text, title, outlet, URL, date and language a page states (trafilatura)."""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Iterator

from newsum.ingest.context import FileCtx, RawRow, Rejected
from newsum.ingest.decode import SNIFF_BYTES, read_text
from newsum.ingest.fields import clean_line
from newsum.ingest.files import Source

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
