"""Dates written with a month's name or as 9月19日, in any language listed: a summary's and a
translation's dates against each other and against the article, and the figures of a text that
are not a date's day."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.numbers import CJK_MONTH, ascii_digits, numbers_in
from newsum.lexicon import month_names

# "9月1日和3日", "7月2日或3日": the second day is of the same month.
# "10月4日持续到25日": a word or two may come between.
_CJK_SECOND_DAY = re.compile(
    r"(\d{1,2})\s*[月월]\s*\d{1,2}\s*[日号號일]\s*[^\d\s，。；,;]{0,3}?(?:和|与|及|或|、|至|到|-|–|—|~)"
    r"\s*(\d{1,2})\s*[日号號일]"
)
# A day said after its month's name in the same sentence: "3月定例会に…提出し、13日の本会議で"
# (the March session, on the 13th).
_CJK_DAY_AFTER_MONTH = re.compile(
    r"(\d{1,2})\s*[月월](?!\s*\d)[^\d月월。；;.!?！？]{1,20}?(?<![月월\d])(\d{1,2})\s*[日号號일]"
)
# The first day of a span says no month: "from 4 to 25 October", "du 4 au 25 octobre", "с 4 по
# 25 октября", "October 4 to 25", "13.–14. kesäkuuta", "2 или 3 июля", "július 2-án vagy 3-án".
_SPAN = (
    r"\s*(?:[-–—]|\s(?:to|and|or|until|till|through|au|et|ou|al|a|y|e|o|по|до|и|или|bis|und|oder"
    r"|tot|vagy|на|إلى|الى|حتى|أو)\s|\sو)\s*(?:(?:le|el|the|den|dem)\s+)?"
)


@cache
def _month_alternatives() -> str:
    """Every listed month name as one alternation, the longest first."""
    return "|".join(re.escape(name) for name in sorted(month_names(), key=len, reverse=True))


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    """Day-month ("19 septembre", "19 de septiembre", "19 сентября") and month-day
    ("September 19") patterns over every language's month names in resources/lexicon.yaml."""
    months = month_names()
    alternatives = _month_alternatives()
    # The first of a month is a word in Arabic and Spanish ("الأول من سبتمبر", "primero de mayo",
    # the Maghreb's "غرّة أفريل" and "فاتح يوليوز"). An ordinal indicator may be typed as a degree
    # sign ("1.° de julio"). French names places and streets after a date with a hyphen:
    # "place du 14-Septembre".
    day_month = re.compile(
        rf"(?:(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|ης|ας|η|\.?[º°]|\.)?|(?<!\w)(?:ال)?(أول|primero|غرّة|غرة|فاتح))"
        rf"(?:\s+|-)(?:de\s+|of\s+|من\s+|d['’])?({alternatives})(?!\w)",
        re.IGNORECASE,
    )
    month_day = re.compile(rf"(?<!\w)({alternatives})\w*\s+(\d{{1,2}})(?!\d)", re.IGNORECASE)
    return day_month, month_day, months


@cache
def _span_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The first day of "4 to 25 October" and the last of "October 4 to 25"."""
    alternatives = _month_alternatives()
    first = re.compile(
        rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th|er|\.)?{_SPAN}\d{{1,2}}(?:st|nd|rd|th|er|\.)?"
        rf"\s+(?:de\s+|of\s+)?({alternatives})(?!\w)",
        re.IGNORECASE,
    )
    last = re.compile(
        rf"(?<!\w)({alternatives})\w*\s+\d{{1,2}}(?:st|nd|rd|th|-\w{{1,4}})?{_SPAN}(\d{{1,2}})(?![\d.,:]?\d)",
        re.IGNORECASE,
    )
    return first, last


@lru_cache(maxsize=RECENT_TEXTS)
def numbers_outside_dates(text: str) -> frozenset[str]:
    """The figures of a text that are not a date's day ("12 June" holds no figure 12)."""
    return frozenset(numbers_in(without_dates(text)))


def without_dates(text: str) -> str:
    """The text with its day-and-month dates taken out (their years stay)."""
    day_month, month_day, _ = _date_patterns()
    return month_day.sub(" ", day_month.sub(" ", ascii_digits(text)))


@lru_cache(maxsize=RECENT_TEXTS)
def dates_in(text: str) -> frozenset[tuple[int, int]]:
    """(month, day) pairs written with a month name or as 9月19日, in any language listed."""
    normalized = ascii_digits(text)
    day_month, month_day, months = _date_patterns()
    found: set[tuple[int, int]] = set()
    lowered = normalized.lower()
    if any(name in lowered for name in months):  # a substring test spares two regex scans
        for day, _first, name in day_month.findall(normalized):
            found.add((months[name.lower()], int(day) if day else 1))
        for name, day in month_day.findall(normalized):
            found.add((months[name.lower()], int(day)))
        first, last = _span_patterns()
        for day, name in first.findall(normalized):
            found.add((months[name.lower()], int(day)))
        for name, day in last.findall(normalized):
            found.add((months[name.lower()], int(day)))
    if "月" in normalized or "월" in normalized:
        for month, day in CJK_MONTH.findall(normalized):
            if day:
                found.add((int(month), int(day)))
        for month, day in _CJK_SECOND_DAY.findall(normalized):
            found.add((int(month), int(day)))
        for month, day in _CJK_DAY_AFTER_MONTH.findall(normalized):
            found.add((int(month), int(day)))
    return frozenset((m, d) for m, d in found if 1 <= m <= 12 and 1 <= d <= 31)
