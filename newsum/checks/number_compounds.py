"""Number words written as one word: German "sechsunddreißig" (36) and "zweihundertfünfzig",
Dutch "zesendertig" (36) and "tweehonderd", Italian "trentasei" (36), "seicento" and "duemila".
A word is read as the listed number words of its language (resources/numbers.yaml) it is made
of, end to end; German and Dutch say the units first, joined to the tens by "und", "en".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newsum.checks.memo import RECENT_TEXTS
from newsum.lexicon import resource_data

# The word joining a unit to its tens ("sechs-und-dreißig", "zes-en-dertig"); Italian has none.
_JOINERS: dict[str, tuple[str, ...]] = {"de": ("und",), "nl": ("en", "ën"), "it": ()}
# Parts that occur only inside a compound: the scales, Italian's "tré" (ventitré) and the tens
# that drop their vowel before "uno" and "otto" (ventotto, trentuno).
_PARTS: dict[str, dict[str, int]] = {
    "de": {"hundert": 100, "tausend": 1000},
    "nl": {"een": 1, "één": 1, "honderd": 100, "duizend": 1000},
    "it": {
        "tré": 3,
        "cento": 100,
        "mila": 1000,
        "vent": 20,
        "trent": 30,
        "quarant": 40,
        "cinquant": 50,
        "sessant": 60,
        "settant": 70,
        "ottant": 80,
        "novant": 90,
    },
}
_JOINED = object()  # a joiner's place in a split word
_WORD = re.compile(r"\w{6,}")


@cache
def _pieces(lang: str) -> dict[str, int]:
    words = resource_data("numbers.yaml")["words"].get(lang, {})
    listed = {str(w).lower(): int(v) for w, v in words.items() if int(v) > 0}
    return {**listed, **_PARTS[lang]}


@lru_cache(maxsize=RECENT_TEXTS)
def compound_values(text: str, lang: str | None) -> tuple[tuple[int, ...], ...]:
    """The number words of `text` written as one word, each as its parts' values in the order
    of English ("sechsunddreißig" is (30, 6), "seicento" (6, 100)); in `lang`, or in every
    language with compounds when None. A word listed whole ("dreizehn") is left to the list."""
    langs = [lang] if lang in _JOINERS else list(_JOINERS) if lang is None else []
    found: list[tuple[int, ...]] = []
    for code in langs:
        pieces = _pieces(code)
        for word in dict.fromkeys(_WORD.findall(text.lower())):
            if word in pieces:
                continue
            parts = _split(word, pieces, _JOINERS[code])
            if parts is not None and len(parts) >= 2 and (values := _in_order(parts)):
                found.append(values)
    return tuple(found)


def _split(word: str, pieces: dict[str, int], joiners: tuple[str, ...]) -> list[object] | None:
    """The word as number words and joiners end to end (longest first), or None."""
    if not word:
        return []
    for size in range(len(word), 1, -1):
        head, rest = word[:size], word[size:]
        part: object | None = (
            pieces.get(head) if head in pieces else _JOINED if head in joiners else None
        )
        if part is None:
            continue
        tail = _split(rest, pieces, joiners)
        if tail is not None:
            return [part, *tail]
    return None


def _in_order(parts: list[object]) -> tuple[int, ...] | None:
    """Values in English order: a unit joined to its tens goes after them ("sechs und dreißig"
    is 30 and 6). None when a joiner stands anywhere else ("vieren", "achten": no figure)."""
    values: list[int] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part is _JOINED:
            return None
        if i + 2 < len(parts) and parts[i + 1] is _JOINED:
            unit, tens = part, parts[i + 2]
            if not (isinstance(unit, int) and isinstance(tens, int)):
                return None
            if not (unit < 10 and tens in (20, 30, 40, 50, 60, 70, 80, 90)):
                return None
            values += [tens, unit]
            i += 3
            continue
        assert isinstance(part, int)
        values.append(part)
        i += 1
    return tuple(values)
