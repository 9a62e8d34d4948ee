"""The pieces of a row the report shows in several places: its flags, its text with marks,
and a translation's line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsum.report_html.datasets import Row
from newsum.report_html.marks import details, elsewhere, ungrounded


def shown(value: Any) -> str:
    """A value as the page shows it: a missing one is empty."""
    return "" if value is None else str(value)


def day(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else ""


def reasons_of(row: Row) -> list[str]:
    return [r for r in (row.get("review_reasons") or "").split(",") if r]


@dataclass(frozen=True)
class Badge:
    reason: str
    detail: str  # shown on hover


@dataclass(frozen=True)
class Flags:
    """The row's review reasons as badges with their level; 'ok' when none and it has a text."""

    badges: list[Badge]
    level: str
    ok: bool


def flags(row: Row) -> Flags:
    info = details(row)
    badges = []
    for reason in reasons_of(row):
        detail = info.get(reason)
        text = json.dumps(detail, ensure_ascii=False)[:300] if detail is not None else ""
        badges.append(Badge(reason, text))
    return Flags(badges, shown(row.get("review_level") or ""), bool(row.get("text")))


@dataclass(frozen=True)
class TextCell:
    """A row's text with the figures to mark, the ungrounded figures not in the text, and the
    row's error."""

    lang: str
    text: str
    numbers: frozenset[str]
    elsewhere: list[str]
    error: str


def text_cell(row: Row, also: set[str] | None = None) -> TextCell:
    """The row's text with its ungrounded figures marked, and `also` (a translation carries the
    figures its summary invented: the translation check compares it with the summary only)."""
    return TextCell(
        lang=shown(row.get("lang") or ""),
        text=shown(row.get("text") or ""),
        numbers=frozenset(ungrounded(row) | (also or set())),
        elsewhere=elsewhere(row),
        error=shown(row.get("error") or ""),
    )


@dataclass(frozen=True)
class TranslationLine:
    lang: str
    text: TextCell
    flags: Flags


def translation_lines(rows: list[Row], invented: set[str]) -> list[TranslationLine]:
    return [TranslationLine(shown(r.get("lang")), text_cell(r, invented), flags(r)) for r in rows]
