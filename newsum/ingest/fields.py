"""One field's value made usable: text and titles cleaned, JSON types named for reasons,
scalars as strings, published_at parsed to UTC."""

from __future__ import annotations

import email.utils
import re
import unicodedata
from datetime import UTC, date, datetime

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
