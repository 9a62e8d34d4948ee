"""The result of checking one output: review columns and reason codes with their details."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from newsum.review_levels import review_level


@dataclass
class CheckResult:
    numbers_grounded: bool
    lang_detected: str
    lang_ok: bool
    length_ok: bool
    n_words: int
    review_reasons: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    kind: str = "summary"  # or "translation": some reasons weigh differently (review_levels)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def columns(self) -> dict[str, Any]:
        """The review columns of an output row (summaries, events), flat for BI tools."""
        return {
            "numbers_grounded": self.numbers_grounded,
            "lang_detected": self.lang_detected,
            "lang_ok": self.lang_ok,
            "length_ok": self.length_ok,
            "n_words": self.n_words,
            "needs_review": self.needs_review,
            "review_level": review_level(self.review_reasons, self.kind),
            "review_reasons": ",".join(self.review_reasons),
            "review_details": json.dumps(self.details, ensure_ascii=False)
            if self.details
            else None,
        }

    def flag(self, reason: str, detail: Any) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)
        self.details[reason] = detail

    def set_aside(self, reason: str, key: str, why: dict[str, Any]) -> None:
        """A reason withdrawn after all, kept as a note under `key` with what it found and why."""
        if reason in self.review_reasons:
            self.review_reasons.remove(reason)
            self.note(key, {"detail": self.details.pop(reason), **why})

    def note(self, key: str, detail: Any) -> None:
        """A detail that is not a review reason, e.g. a check that could not judge this text."""
        self.details[key] = detail
