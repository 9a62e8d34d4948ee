"""What the readers and the row checks share about one file: its limits, where a row is, and
the two ways reading fails (one row, or the whole file)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestLimits:
    max_file_bytes: int = 200 * 1024 * 1024
    max_text_chars: int = 200_000  # longer texts are rejected; chunking of long texts is later
    min_text_chars: int = 1


# A raw row as a reader yields it: (row number or None, fields or None, error or None).
# Field names are lower-cased; the error is a reason without the file/row prefix.
RawRow = tuple[int | None, dict[str, object] | None, str | None]


class Rejected(Exception):
    """The whole file is unusable; the message is the reason (without the file name)."""


@dataclass
class FileCtx:
    display: str  # source_file as reported
    limits: IngestLimits
    unit: str = "row"  # word used in reasons: "line" for JSONL, "item" for JSON arrays
    warnings: list[str] = field(default_factory=list)  # apply to every article of the file

    def where(self, row: int | None) -> str:
        return self.display if row is None else f"{self.display}, {self.unit} {row}"
