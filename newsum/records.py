"""Plain records passed between stages."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"  # ingested, not processed yet (never written)
    OK = "ok"
    FAILED = "failed"  # the LLM step failed; error says why
    REJECTED = "rejected"  # bad input; error names the file and row
    DUPLICATE = "duplicate"  # same normalized text as duplicate_of
    PLANNED = "planned"  # DRY_RUN: would be summarised


_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """The form used to find exact duplicates: NFC, case-folded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One input row. Rejected rows are Articles too, so every input row reaches the output."""

    article_id: str
    source_file: str
    row: int | None  # 1-based row/line within source_file; None for one-article files
    title: str | None = None
    text: str = ""
    source: str | None = None  # outlet
    url: str | None = None
    published_at: datetime | None = None  # UTC
    event_id: str | None = None
    lang_hint: str | None = None
    content_hash: str = ""
    status: Status = Status.PENDING
    error: str | None = None
    duplicate_of: str | None = None
    lang: str | None = None
    lang_confidence: float | None = None
    extra: dict[str, str] = field(default_factory=dict)
