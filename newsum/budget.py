"""Token budgets: what a text costs an endpoint, and how many characters a token budget holds.

`estimate_tokens` is the tokenizer-free estimate every stage plans with; the characters-per-token
table is the small (embedded) model's, for caps that must close within its output budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

# Characters per token of the embedded model's tokenizer (SmolLM2: byte-level BPE trained mostly
# on English), measured on the sample articles: English 4.6, Spanish and French 2.8, German 2.6,
# Turkish 2.0, Azerbaijani 1.8, Russian 1.3, Arabic 1.05, Armenian 0.54, Chinese 0.52. A little
# below those averages, so that a cap in characters stays within its budget in tokens.
_CHARS_PER_TOKEN: dict[str, float] = {
    "en": 4.0,
    **dict.fromkeys(("fr", "es", "it", "pt", "ca", "nl", "de", "sv", "da", "no", "ro"), 2.4),
    **dict.fromkeys(("tr", "az", "pl", "cs", "sk", "hu", "fi", "et", "hr", "sl", "id"), 1.7),
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk", "kk"), 1.1),
    **dict.fromkeys(("ar", "fa", "ur", "he"), 0.9),
    **dict.fromkeys(("el",), 0.6),
    **dict.fromkeys(("hy", "zh", "ja", "ko"), 0.45),
}
_DEFAULT_CHARS_PER_TOKEN = 0.35  # any other script: as dear as Georgian or Devanagari (3 bytes)


def chars_per_token(lang: str | None) -> float:
    """How many characters of `lang` one token of the small model holds (conservative)."""
    return _CHARS_PER_TOKEN.get(lang or "", _DEFAULT_CHARS_PER_TOKEN)


def _char_tokens(char: str) -> float:
    """What one character costs the small model, by script (the table above, per character)."""
    code = ord(char)
    if code < 0x80:
        return 1 / _CHARS_PER_TOKEN["en"]
    if code < 0x250:  # Latin with diacritics
        return 1 / _CHARS_PER_TOKEN["tr"]
    if 0x400 <= code < 0x530:
        return 1 / _CHARS_PER_TOKEN["ru"]
    if 0x600 <= code < 0x700:
        return 1 / _CHARS_PER_TOKEN["ar"]
    if 0x530 <= code < 0x590 or 0x3040 <= code < 0xA000 or 0xAC00 <= code < 0xD7B0:
        return 1 / _CHARS_PER_TOKEN["hy"]
    return 1 / _DEFAULT_CHARS_PER_TOKEN


def text_chars_per_token(text: str) -> float:
    """Characters per small-model token of a text whatever its language: a small model often
    answers in the language of what it read, so a translation may come back in the source's."""
    if not text:
        return _CHARS_PER_TOKEN["en"]
    return len(text) / sum(_char_tokens(char) for char in text)


def chars_for_tokens(tokens: int, langs: Sequence[str | None]) -> int:
    """A length in characters that costs at most `tokens` in whichever of `langs` is dearest."""
    return max(1, int(tokens * min((chars_per_token(lang) for lang in langs), default=1.0)))


T = TypeVar("T")

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate (about 4 UTF-8 bytes a token; one a CJK character)."""
    cjk = len(_CJK.findall(text))
    return max(1, (len(text.encode("utf-8")) - 3 * cjk) // 4 + cjk)


def small_model_tokens(text: str, lang: str | None) -> int:
    """Tokens of `text` for the small model's tokenizer: the byte estimate, or more for the
    scripts it splits finely (an Armenian article costs about 2 tokens a character, not 0.5)."""
    return max(estimate_tokens(text), int(len(text) / chars_per_token(lang)) + 1)


def pack(items: Sequence[T], cost: Callable[[T], int], budget: int) -> list[list[T]]:
    """Consecutive groups whose summed cost stays within budget (at least one item a group)."""
    groups: list[list[T]] = []
    current: list[T] = []
    used = 0
    for item in items:
        item_cost = cost(item)
        if current and used + item_cost > budget:
            groups.append(current)
            current, used = [], 0
        current.append(item)
        used += item_cost
    if current:
        groups.append(current)
    return groups
