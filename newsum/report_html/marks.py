"""Figures that did not ground in the sources: which they are, and marking them in a text."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

from newsum.checks import canonical_number
from newsum.report_html.datasets import Row

# The same pattern as newsum.checks' figures (a test keeps them equal), to find the spans to mark.
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.'’\u066c]\d{3})+(?!\d)|\d+(?:[.,\u066b]\d+)?")


def details(row: Row) -> dict[str, Any]:
    raw = row.get("review_details")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def ungrounded(row: Row) -> set[str]:
    found = details(row).get("numbers_ungrounded") or []
    return {str(n) for n in found} if isinstance(found, list) else set()


def mark_numbers(text: str | None, numbers: set[str] | frozenset[str]) -> Markup:
    """Escaped text with every figure in `numbers` (canonical form) wrapped in <mark>.

    The templates' `marked` filter: the one piece of markup made in Python, since the marks go
    inside the text; every part of the text is escaped here."""
    if not text:
        return Markup("")
    if not numbers:
        return escape(text)
    out: list[Markup] = []
    last = 0
    for match in NUMBER.finditer(text):
        if canonical_number(match.group()) in numbers:
            out.append(escape(text[last : match.start()]))
            out.append(Markup('<mark title="not found in the sources">%s</mark>') % match.group())
            last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def elsewhere(row: Row) -> list[str]:
    """Ungrounded figures that are not in the text (they were in the figures or claims lists)."""
    shown = {canonical_number(m.group()) for m in NUMBER.finditer(row.get("text") or "")}
    return sorted(ungrounded(row) - shown, key=lambda n: (len(n), n))
