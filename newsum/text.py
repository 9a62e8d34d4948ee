"""Sentences: where the checks, the trimming of long articles and the bench cut a text."""

from __future__ import annotations

import re

# A sentence ends at its punctuation, or after the quote or bracket that closes on it
# ('... feeling." Theo Phillips said'): otherwise a quoted sentence swallows the next one.
_SENTENCE = re.compile(r"(?:(?<=[.!?։。！？؟])|(?<=[.!?։。！？؟][\"'”’»)\]]))\s+|\n+")


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]
