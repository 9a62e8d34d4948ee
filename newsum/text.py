"""Sentences: where the checks, the trimming of long articles and the bench cut a text."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?։。！？])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]
