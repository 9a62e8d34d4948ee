"""Figures in digits: the same figure in any script or grouping compares equal; times of day
and figures inside names. Figures in words are checks/number_words.py; percentages,
checks/grounding.py."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache

from newsum.checks.figure_forms import (
    arabic_thousands,
    buddhist_years,
    cjk_and_cyrillic_figures,
    decades_in_words,
    millions_said_apart,
    thousands_said_apart,
    whole_seasons,
)
from newsum.checks.memo import RECENT_TEXTS

# Thousands groups ("5,600", "5 600", "5.600") or a plain/decimal number.
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.'’\u066c]\d{3})+(?!\d)|\d+(?:[.,\u066b]\d+)?")
# A month written as a figure in Chinese, Japanese, Korean ("9月19日", "9월"): a date, not a
# count, so its figure is not compared with the summary's figures ("September 19" has no 9).
CJK_MONTH = re.compile(r"(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日号號일])?")


def canonical_number(token: str) -> str:
    """'5,600', '5 600', '5.600' and '٥٦٠٠' all compare equal: digits only, ASCII."""
    digits = [str(unicodedata.digit(ch)) for ch in token if unicodedata.digit(ch, None) is not None]
    return "".join(digits).lstrip("0") or "0"


@cache
def _non_ascii_digits() -> dict[int, str]:
    """Every non-ASCII character str.isdigit() accepts, mapped to its ASCII digit (~0.1 s once)."""
    return {
        cp: str(unicodedata.digit(chr(cp)))
        for cp in range(0x80, sys.maxunicode + 1)
        if chr(cp).isdigit()
    }


@cache
def _odd_digits() -> frozenset[str]:
    # Most non-ASCII texts hold none of them: testing for one is ~3x cheaper than translating.
    return frozenset(chr(cp) for cp in _non_ascii_digits())


def ascii_digits(text: str) -> str:
    odd = not text.isascii() and not _odd_digits().isdisjoint(text)
    return text.translate(_non_ascii_digits()) if odd else text


# A time of day: "1.30 a.m." and "Um 1.30 Uhr" are the 1 and 30 of "1:30" and "1 h 30", not
# the figure 1.30 (or 130).
_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})[.:](\d{2})(?!\d)(?=\s*(?:[ap]\.?\s?m\b|uhr\b|h\b|hrs?\b|o'clock|ч\b|"
    r"saat|heures?\b|horas?\b|de la (?:madrugada|mañana|tarde|noche)|утра|ночи|вечера|дня"
    r"|صباح|فجر|مساء|ليل)"
    # ... or written as a clock writes it, with no word after: "06:00 Astana time", "18:30",
    # "с 22:00 до 6:00", "до 6:00: по их словам" (not the seconds of "6:00:30").
    r"|(?<=[0-2]\d:\d\d)(?!:?\d)|(?<=[^\d.,]\d:\d\d)(?!:?\d))",
    re.IGNORECASE,
)


# What follows a decimal that is no clock time: "at 0.24 kilograms", "from 2.30 to 2.45 metres"
# (and "0.05" is no five past midnight).
_NOT_A_TIME = (
    r"(?!\s*(?:%|per|pour|por|процент|млн|млрд|[mb]illion|mil\b|dollars?|euros?|\$|€|[kc]?m\b|kg\b"
    r"|kilo|grams?\b|met(?:re|er)s?|cubic|square|tonnes?|tons?|litres?|liters?|points?|hectares?|ha\b|degrees?|°"
    r"|pounds?|£|yuan|lira|dinars?|rupees?|руб|евро|долл|км|м\b|кг|тонн|процент))"
)
_CLOCK_LIKE = re.compile(r"\d[.:]\d\d")
# ... or a clock time after "at": "a la 1.30", "hacia las 15.40", "à 1.30", "alle 3.20", "às
# 18.30", "um 1.30", "в 1.30".
_AT_TIME = re.compile(
    r"(?<!\w)(a las?|las|à|às|alle|um|at|в|к)\s+([01]?\d|2[0-4])[.:]([0-5]\d)(?!\d|[.,]\d)"
    + _NOT_A_TIME,
    re.IGNORECASE,
)


# ... or both ends of a span of clock times: "between 9.40 and 9.52", "de 6.30 a 13.30", "von
# 7.15 bis 8.45" (not "from 2.30 to 2.45 metres").
_TIME_SPAN = re.compile(
    r"(?<!\w)(between|from|de|entre|du|von|zwischen|с|от)\s+(?!0\.)([01]?\d|2[0-3])[.:]([0-5]\d)"
    r"(\s+(?:and|to|until|till|a|à|au|y|et|bis|und|до|и)\s+)([01]?\d|2[0-4])[.:]([0-5]\d)(?!\d|[.,]\d)"
    + _NOT_A_TIME,
    re.IGNORECASE,
)


def _time_span(match: re.Match[str]) -> str:
    start, end = _clock(match.group(2), match.group(3)), _clock(match.group(5), match.group(6))
    return f"{match.group(1)} {start}{match.group(4)}{end}"


# Chinese "9点半" is half past nine: the 30 of "9.30 pm".
_HALF_PAST = re.compile(r"(\d{1,2})\s*[点點时時]半")


def _clock(hour: str, minutes: str) -> str:
    # On the hour the minutes are no figure: "13:00" is the "13 h" or "1 pm" of a translation.
    return hour if minutes == "00" else f"{hour} {minutes}"


def _time(match: re.Match[str]) -> str:
    return _clock(match.group(1), match.group(2))


def _at_time(match: re.Match[str]) -> str:
    return f"{match.group(1)} {_clock(match.group(2), match.group(3))}"


# A unit's or formula's power or index ("µW/cm²", "m³", "CO₂"): no figure, and a translation
# writes it in words ("平方厘米", "кубометров").
_UNIT_POWER = re.compile(r"(?<=[^\W\d_])[\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]+")


@lru_cache(maxsize=RECENT_TEXTS)
def _numbers(text: str) -> frozenset[str]:
    if not text.isascii():
        text = _UNIT_POWER.sub("", text)
    normalized = ascii_digits(text)
    if _CLOCK_LIKE.search(normalized):  # most texts hold no time: spare the two scans
        normalized = _TIME.sub(_time, normalized)
        normalized = _AT_TIME.sub(_at_time, _TIME_SPAN.sub(_time_span, normalized))
    if not normalized.isascii():
        if "半" in normalized:
            normalized = _HALF_PAST.sub(r"\1点30分", normalized)
        normalized = CJK_MONTH.sub(lambda m: f" {m.group(2) or ''} ", normalized)
        normalized = millions_said_apart(cjk_and_cyrillic_figures(normalized))
        normalized = buddhist_years(arabic_thousands(normalized))
    normalized = thousands_said_apart(decades_in_words(normalized))
    normalized = roman_centuries_as_digits(normalized)
    normalized = whole_seasons(normalized)
    return frozenset(
        canonical_number(_DECIMAL_ZEROS.sub("", m) if m[-1] == "0" else m)
        for m in NUMBER.findall(normalized)
    )


# A decimal's trailing zeros: "1.20 metres" is "1,2 м" and "1.2米" ("1.200" is a thousand figure).
_DECIMAL_ZEROS = re.compile(r"(?<=[.,\u066b]\d)0$|[.,\u066b]00?$")


# Centuries in Roman numerals: XXIe siècle, XXI века, siglo XXI, XXI. Jahrhundert (21st century).
_ROMAN_CENTURY = re.compile(
    r"(?<![\w.])(?:([IVX]{1,6})(?:e|er|ème|\.)?\s+(?=si[eè]cle|век|Jahrhundert|yüzyıl)"
    r"|(?<=siglo )([IVX]{1,6})(?!\w))"
)
_ROMAN = {"I": 1, "V": 5, "X": 10}


def roman_centuries_as_digits(text: str) -> str:
    """ "XIXe siècle", "siglo XIX" as "19 siècle", "siglo 19"."""
    return _ROMAN_CENTURY.sub(_century, text) if _ROMAN_CENTURY.search(text) else text


def _century(match: re.Match[str]) -> str:
    numeral = match.group(1) or match.group(2)
    values = [_ROMAN[c] for c in numeral]
    total = sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
    return f" {total} "


def numbers_in(text: str) -> set[str]:
    return set(_numbers(text))


# A time written like a decimal with no word to say so ("her 9.30 class"): read as the figure
# 9.3 it is the 9 and 30 of "9 h 30" or "9时30分" in the other text.
_CLOCK_DECIMAL = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])[.:]([0-5]\d)(?![\d]|[.,]\d)")


def clock_read_apart(number: str, text: str, other: str) -> bool:
    """Whether `number` is a time one text writes as a decimal ("9.30") and the other as its
    hour and minutes."""
    if _CLOCK_LIKE.search(text):
        found = numbers_in(other)
        for m in _CLOCK_DECIMAL.finditer(text):
            if numbers_in(m.group()) == {number} and _clock_parts(m) <= found:
                return True
            # ... or one text reads as a time what the other writes as a decimal: "puts the
            # safety factor at 1.27" against "ficou em 1,27".
            if number in _clock_parts(m) and canonical_number(m.group()) in found:
                return True
    # ... and the other way round: "07.30 yerine" in the article is the 7 and 30 of "from 07.30"
    # that the summary reads as a time.
    if _CLOCK_LIKE.search(other):
        mine = numbers_in(text)
        return any(
            number in (parts := _clock_parts(m)) and parts <= mine
            for m in _CLOCK_DECIMAL.finditer(other)
        )
    return False


def _clock_parts(match: re.Match[str]) -> set[str]:
    return {
        match.group(1).lstrip("0") or "0",
        *([] if match.group(2) == "00" else [match.group(2)]),
    }


# A figure that is part of a name ("COVID-19", "G20", "F-16"): a translation may name the thing
# its own way ("新冠肺炎") without losing a figure.
_NAME_WITH_NUMBER = re.compile(r"(?<![\w-])[A-Za-z]{1,12}-?(\d+)(?![\w.,]\d)")


def name_numbers(text: str) -> set[str]:
    """Figures that occur in `text` only as part of a name."""
    in_names = {canonical_number(m) for m in _NAME_WITH_NUMBER.findall(text)}
    if not in_names:
        return set()
    alone = numbers_in(_NAME_WITH_NUMBER.sub(" ", text))
    return in_names - alone
