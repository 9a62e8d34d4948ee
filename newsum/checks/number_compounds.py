"""Number words written as one word: German "sechsunddreißig" (36) and "zweihundertfünfzig",
Dutch "zesendertig" (36) and "tweehonderd", Italian "trentasei" (36), "seicento" and "duemila";
Swedish and Norwegian "tjugofem" (25), Danish "femogtyve", Hungarian "huszonöt", Finnish
"kaksikymmentäviisi", Czech "pětadvacet", Slovenian "petindvajset".
A word is read as the listed number words of its language (resources/numbers.yaml) it is made
of, end to end; German, Dutch, Danish, Czech and Slovenian say the units first, joined to the
tens by "und", "en", "og", "a", "in" (Norwegian may too).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import pairwise

from newsum.checks.memo import RECENT_TEXTS
from newsum.lexicon import resource_data

# The word joining a unit to its tens ("sechs-und-dreißig", "zes-en-dertig"); Italian, Swedish,
# Slovak ("dvadsaťosem", 28), Hungarian and Finnish have none.
_JOINERS: dict[str, tuple[str, ...]] = {
    "de": ("und",),
    "nl": ("en", "ën"),
    "it": (),
    "sv": (),
    "sk": (),
    "da": ("og",),
    "no": ("og",),
    "hu": (),
    "fi": (),
    "cs": ("a",),
    "sl": ("in",),
}
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
    # The units resources/numbers.yaml leaves out as words of their own ("en", also "a"; Danish
    # "to", English): "tjugoen" (21), "toogtyve" (22), "tjuefire" (24).
    "sv": {"en": 1, "ett": 1},
    "da": {"en": 1, "et": 1, "to": 2, "fire": 4, "ni": 9, "tres": 60},
    "no": {"en": 1, "ett": 1, "to": 2, "fire": 4, "ni": 9},
    # Hungarian tens before a unit ("tizen-öt", 15; "huszon-öt", 25), "egy" (1) and "hat" (6).
    "hu": {"tizen": 10, "huszon": 20, "egy": 1, "hat": 6},
    # Finnish tens, hundreds and thousands after their unit ("viisi-sataa", 500).
    "fi": {"kymmentä": 10, "sataa": 100, "tuhatta": 1000},
    # Czech "pětset" (500); Slovenian "pet" (5) and "ena" (1).
    "cs": {"set": 100},
    "sl": {"pet": 5, "ena": 1, "en": 1},
}
_JOINED = object()  # a joiner's place in a split word
_REST = object()  # the rest of a word after its number ("třiatřiceti-metrová", 33-metre)
_WORD = re.compile(r"\w{6,}")
# Languages that write what a figure counts in the same word: Czech "dvaačtyřicetimetrový"
# (42-metre), Finnish "kaksikymmentävuotias" (20-year-old), Swedish "tjugofemårig". Read so only
# where the number has tens or more ("tienden", tithes, is no Norwegian 11), and not in
# Hungarian, whose "ötszázalékos" is 5 per cent, not 500.
_SUFFIXED = frozenset({"sv", "da", "no", "fi", "cs", "sk", "sl"})
_MIN_SUFFIXED = 20


@cache
def _pieces(lang: str) -> dict[str, int]:
    words = resource_data("numbers.yaml")["words"].get(lang, {})
    listed = {str(w).lower(): int(v) for w, v in words.items() if int(v) > 0}
    return {**listed, **_PARTS.get(lang, {})}


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
            if parts is None and code in _SUFFIXED:
                parts = _suffixed(word, pieces, _JOINERS[code])
            if parts is not None and len(parts) >= 2 and (values := _in_order(parts)):
                found.append(values)
    return tuple(found)


def _suffixed(word: str, pieces: dict[str, int], joiners: tuple[str, ...]) -> list[object] | None:
    """The number words a word starts with, when the rest is no number ("tjugofem-årig")."""
    parts = _split(word, pieces, joiners, rest=True)
    if not parts or parts[-1] is not _REST:
        return None
    numbers = [part for part in parts[:-1] if isinstance(part, int)]
    # Tens or more: a tens word ("tjugo") or a unit times ten ("kaksi-kymmentä").
    times_ten = any(a < 10 <= b for a, b in pairwise(numbers))
    return parts[:-1] if numbers and (max(numbers) >= _MIN_SUFFIXED or times_ten) else None


def _split(
    word: str, pieces: dict[str, int], joiners: tuple[str, ...], rest: bool = False
) -> list[object] | None:
    """The word as number words and joiners end to end (longest first), or None; with `rest`,
    a word's end of three letters or more that is none may follow them (`_REST`)."""
    if not word:
        return []
    for size in range(len(word), 0, -1):  # (Czech "a" is one letter)
        head = word[:size]
        part: object | None = (
            pieces.get(head) if head in pieces else _JOINED if head in joiners else None
        )
        if part is None:
            continue
        tail = _split(word[size:], pieces, joiners, rest)
        if tail is not None:
            return [part, *tail]
    return [_REST] if rest and len(word) >= 3 else None


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
