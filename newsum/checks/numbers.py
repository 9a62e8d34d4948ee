"""Figures and dates: the same figure in any script or grouping compares equal."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache
from typing import Any

from newsum.checks.figure_forms import (
    arabic_thousands,
    chinese_tenths,
    cjk_and_cyrillic_figures,
    decades_in_words,
    whole_seasons,
)
from newsum.checks.scripts import ARABIC_LETTER, HAN
from newsum.lexicon import resource_data

# Thousands groups ("5,600", "5 600", "5.600") or a plain/decimal number.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.'’\u066c]\d{3})+(?!\d)|\d+(?:[.,\u066b]\d+)?")
# A month written as a figure in Chinese, Japanese, Korean ("9月19日", "9월"): a date, not a
# count, so its figure is not compared with the summary's figures ("September 19" has no 9).
_CJK_MONTH = re.compile(r"(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日号號일])?")


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


# The checks of one article ask for the numbers of the same source text many times (once per
# summary, translation and figure): remember recent texts instead of rescanning them. Two
# batches of 250 articles are in flight, and an article's summary and translation checks are
# hundreds of other articles' checks apart, so the cache must hold thousands of texts to hit.
_RECENT_TEXTS = 4096


@cache
def _odd_digits() -> frozenset[str]:
    # Most non-ASCII texts hold none of them: testing for one is ~3x cheaper than translating.
    return frozenset(chr(cp) for cp in _non_ascii_digits())


def _ascii_digits(text: str) -> str:
    odd = not text.isascii() and not _odd_digits().isdisjoint(text)
    return text.translate(_non_ascii_digits()) if odd else text


# A time of day: "1.30 a.m." and "Um 1.30 Uhr" are the 1 and 30 of "1:30" and "1 h 30", not
# the figure 1.30 (or 130).
_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})[.:](\d{2})(?!\d)(?=\s*(?:[ap]\.?\s?m\b|uhr\b|h\b|hrs?\b|o'clock|ч\b|"
    r"saat|heures?\b|horas?\b|de la (?:madrugada|mañana|tarde|noche)|утра|ночи|вечера|дня"
    r"|صباح|فجر|مساء|ليل)"
    # ... or written as a clock writes it, with no word after: "06:00 Astana time", "18:30".
    r"|(?<=[0-2]\d:\d\d)(?![:\d]))",
    re.IGNORECASE,
)


_CLOCK_LIKE = re.compile(r"\d[.:]\d\d")
# ... or a clock time after "at": "a la 1.30", "hacia las 15.40", "à 1.30", "alle 3.20", "às
# 18.30", "um 1.30", "в 1.30".
_AT_TIME = re.compile(
    r"(?<!\w)(a las?|las|à|às|alle|um|at|в|к)\s+([01]?\d|2[0-4])[.:]([0-5]\d)(?!\d|[.,]\d)"
    r"(?!\s*(?:%|per|pour|por|процент|млн|млрд|[mb]illion|mil\b|dollars?|euros?|\$|€))",
    re.IGNORECASE,
)


def _clock(hour: str, minutes: str) -> str:
    # On the hour the minutes are no figure: "13:00" is the "13 h" or "1 pm" of a translation.
    return hour if minutes == "00" else f"{hour} {minutes}"


def _time(match: re.Match[str]) -> str:
    return _clock(match.group(1), match.group(2))


def _at_time(match: re.Match[str]) -> str:
    return f"{match.group(1)} {_clock(match.group(2), match.group(3))}"


@lru_cache(maxsize=_RECENT_TEXTS)
def _numbers(text: str) -> frozenset[str]:
    normalized = _ascii_digits(text)
    if _CLOCK_LIKE.search(normalized):  # most texts hold no time: spare the two scans
        normalized = _AT_TIME.sub(_at_time, _TIME.sub(_time, normalized))
    if not normalized.isascii():
        normalized = _CJK_MONTH.sub(lambda m: f" {m.group(2) or ''} ", normalized)
        normalized = arabic_thousands(cjk_and_cyrillic_figures(normalized))
    normalized = decades_in_words(normalized)
    normalized = roman_centuries_as_digits(normalized)
    normalized = whole_seasons(normalized)
    return frozenset(
        canonical_number(_DECIMAL_ZEROS.sub("", m) if m[-1] == "0" else m)
        for m in _NUMBER.findall(normalized)
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


# A share: after its figure in most languages ("15%", "15 per cent", "15 процентов"), before it
# in Turkish and Chinese ("yüzde 15", "百分之15").
_PERCENT = re.compile(
    r"[%٪％]|(?<!\w)(?:per\s?cent|percent|pour\s?cent|por\s?cien|por\s?cento|per\s?cento|prozent"
    r"|процент|відсот|प्रतिशत|بالمئة|بالمائة|في المئة|في المائة|فى المائة|faiz)"
    r"|(?P<before>(?<!\w)yüzde|百分之)",
    re.IGNORECASE,
)
_LAST_NUMBER = re.compile(rf"({_NUMBER.pattern})\s*$")


def percentages_in(text: str, near: bool = False) -> set[str]:
    """The figures a text gives as percentages: the figure next to the sign or word; with
    `near`, also any figure just before it, in digits or words ("between 10 and 15%", "cinq
    pour cent"), as an article is read."""
    found: set[str] = set()
    plain = chinese_tenths(_ascii_digits(text))
    for match in _PERCENT.finditer(plain):
        if match.group("before"):
            after = _NUMBER.match(plain[match.end() : match.end() + 12].lstrip())
            found.update([canonical_number(after.group())] if after else ())
            continue
        window = plain[max(0, match.start() - 20) : match.start()]
        if near:
            found |= numbers_in(window) | spelled_numbers(window)
        elif last := _LAST_NUMBER.search(window):
            found.add(canonical_number(last.group(1)))
    return found


def ungrounded_numbers(output: str, source: str) -> list[str]:
    """The output's figures that the source has neither in digits nor spelled out."""
    missing = numbers_in(output) - numbers_in(source)
    return sorted(missing - spelled_numbers(source)) if missing else []


@cache
def _spelled_pattern(
    lang: str | None, approximate: bool = True
) -> tuple[re.Pattern[str], dict[str, str]] | None:
    data = resource_data("numbers.yaml")
    blocks = ("words", "ordinals", "approximate") if approximate else ("words", "ordinals")
    tables = [data.get(block, {}) for block in blocks]
    value_of: dict[str, str] = {}
    for table in tables:
        for code, words in table.items():
            if lang is None or code == lang:
                value_of.update({str(word).lower(): str(value) for word, value in words.items()})
    if not value_of:
        return None
    forms = sorted(value_of, key=len, reverse=True)
    whole = {
        str(w).lower() for table in tables for code in _WHOLE_WORDS for w in table.get(code, {})
    } | {str(w).lower() for words in data.get("whole", {}).values() for w in words}
    # Chinese numerals anywhere; other scripts at the start of a word (Arabic after و, ب, ل);
    # English, French, Spanish, German, Portuguese and Italian number words whole ("ten" is not
    # "tense").
    cjk = "|".join(re.escape(f) for f in forms if _CJK_CHAR.match(f)) or "(?!)"
    spaced = _trie([f for f in forms if not _CJK_CHAR.match(f)], whole) or "(?!)"
    return re.compile(rf"({cjk})|(?<!\w)(?:[وبل]?(?:ال)?)({spaced})", re.IGNORECASE), value_of


def _trie(forms: list[str], whole: set[str]) -> str:
    """One pattern for many words, their shared starts factored out (a flat alternation of the
    ~400 forms is tried word by word at every position). Like the alternation sorted longest
    first, it takes the longest form that fits, a whole word's only before a non-word
    character."""
    if not forms:
        return ""
    tree: dict[str, Any] = {}
    for form in forms:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = form in whole
    return _node_pattern(tree)


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in node.items() if char]
    if "" in node:  # a form ends here: tried after every longer one
        branches.append(r"(?!\w)" if node[""] else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_CJK_CHAR = re.compile(f"[{HAN}]")


@cache
def _languages(form: str) -> frozenset[str]:
    """The languages of resources/numbers.yaml that have this number word."""
    data = resource_data("numbers.yaml")
    return frozenset(
        code
        for block in ("words", "ordinals", "approximate")
        for code, words in data.get(block, {}).items()
        if form in {str(w).lower() for w in words}
    )


@cache
def spellable(lang: str) -> frozenset[str]:
    """The figures `lang` writes with a word of resources/numbers.yaml (none if not listed)."""
    compiled = _spelled_pattern(lang)
    values = set(compiled[1].values()) if compiled else set()
    return frozenset(values - _NO_WORD_FOR.get(lang, set()))


@lru_cache(maxsize=_RECENT_TEXTS)
def spelled_numbers(text: str, lang: str | None = None, approximate: bool = True) -> frozenset[str]:
    """The figures a text spells out in words ("fünf", "thirty", "пяти", "三十", "fourth"), as
    digits; in the words of `lang` only when given (else of every language listed); with
    `approximate`, also the round quantities ("a dozen")."""
    compiled = _spelled_pattern(lang, approximate)
    if compiled is None:
        return frozenset()
    pattern, value_of = compiled
    found: set[str] = set()
    runs: list[list[int]] = []  # adjacent number words: "hundred and nine", "مئة وتسعة"
    end = -1
    before = ""
    for match in pattern.finditer(text):
        form = (match.group(1) or match.group(2) or "").lower()
        value = value_of.get(form)
        if not value:  # (Turkish "İ" lowers to two characters)
            continue
        if form in _ordinals() and _fraction(text, match.start(), match.end()):
            continue
        if form in _SCALES and _ROUGH_BEFORE.search(
            text, max(0, match.start() - 12), match.start()
        ):
            continue
        gap = text[end : match.start()]
        # Chinese numerals of one figure touch ("二十五"); other words may be joined, when one
        # language has both ("four on" is no Turkish "on", ten: 40).
        joined = runs and (gap == "" or (match.group(2) and _JOINS.fullmatch(gap)))
        if joined and lang is None and not _languages(before) & _languages(form):
            joined = False
        before = form
        if joined and ARABIC_LETTER.match(match.group()):
            if _arabic_join(runs[-1], int(value), match.group()):
                end = match.end()
                continue
            joined = False
        if joined:
            runs[-1].append(int(value))
        else:
            runs.append([int(value)])
        end = match.end()
    for run in runs:
        total = _compound(run)
        # One figure in words is that figure alone: "twenty-five" is 25, not also 20 and 5.
        found.update([str(total)] if total is not None else map(str, run))
    if ARABIC_LETTER.search(text):
        found.update(_arabic_decades(text))
    return frozenset(found)


def words_as_digits_before(text: str, follower: re.Pattern[str]) -> str:
    """`text` with each number word that `follower` follows written in digits ("six million"
    as "6 million", "seis millones" as "6 millones"), so a scale word reads its figure."""
    compiled = _spelled_pattern(None, approximate=False)
    if compiled is None:
        return text
    pattern, value_of = compiled

    def digits(match: re.Match[str]) -> str:
        form = (match.group(1) or match.group(2) or "").lower()
        if (value := value_of.get(form)) is None or not follower.match(text, match.end()):
            return match.group()
        return match.group()[: len(match.group()) - len(form)] + value

    return pattern.sub(digits, text)


# A fraction is no figure: "a tenth of the legal limits", "un dixième des", "una décima parte".
_FRACTION_BEFORE = re.compile(r"(?:^|\W)(?:a|an|one|un|une|una|uno)\s+$", re.IGNORECASE)
_FRACTION_AFTER = re.compile(r"s?\s+(?:parte\s+)?(?:of|de|des|du|d['’])(?!\w)", re.IGNORECASE)


# "Several hundred kilos" is no 100 ("plusieurs centaines de kilos").
_SCALES = frozenset({"hundred", "thousand"})
_ROUGH_BEFORE = re.compile(r"(?:several|a few|many|some)\s+$", re.IGNORECASE)


def _fraction(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    return bool(_FRACTION_BEFORE.search(before)) and bool(_FRACTION_AFTER.match(text, end))


@cache
def _ordinals() -> frozenset[str]:
    data = resource_data("numbers.yaml").get("ordinals", {})
    return frozenset(str(w).lower() for words in data.values() for w in words)


def _arabic_join(run: list[int], value: int, word: str) -> bool:
    """Whether an Arabic number word continues the figure before it (updating `run`). Arabic
    says the units first: before the tens with و ("سبع وعشرين", "الحادي والعشرين": 27, 21st),
    before عشر without it ("الرابع عشر", "اثنتي عشرة": 14th, 12), and multiplies hundreds and
    thousands ("ثلاثة آلاف"); a larger word after a smaller one ("الدقائق العشر الأولى", the
    first ten minutes) is another figure."""
    unit = run[-1] < 10
    if word.startswith("و") and unit and 10 <= value < 100:
        run[-1] += value
        return True
    if word.startswith("و") and run[-1] >= 100 > value:
        run.append(value)  # "مئة وتسعة", "ألفين وعشرين" (109, 2020)
        return True
    if unit and value == 10:
        run[-1] += 10
        return True
    if unit and value in (100, 1000):
        run.append(value)
        return True
    return False


# A decade is the plural of its tens ("الثمانينيات", the eighties: ثمانين + يات); of the last or
# the 20th century ("ثمانينيات القرن الماضي", "…القرن العشرين") it is the 1980s.
@cache
def _arabic_decade() -> tuple[re.Pattern[str], dict[str, int]]:
    words = resource_data("numbers.yaml")["words"]["ar"]
    tens = {str(w): int(v) for w, v in words.items() if str(w).endswith("ين") and 20 <= v <= 90}
    alternatives = "|".join(sorted(tens, key=len, reverse=True))
    century = r"(\s+(?:من\s+)?القرن\s+(?:الماضي|العشرين))?"
    return re.compile(rf"({alternatives})يات{century}"), tens


def _arabic_decades(text: str) -> set[str]:
    pattern, tens = _arabic_decade()
    found = {
        str(1900 + tens[m.group(1)]) if m.group(2) else str(tens[m.group(1)])
        for m in pattern.finditer(text)
    }
    # "ستينيات القرن الماضي وسبعينياته": "its seventies" are the same century's.
    if any(len(f) == 4 for f in found):
        found.update(str(1900 + tens[m.group(1)]) for m in _arabic_its_decade().finditer(text))
    return found


@cache
def _arabic_its_decade() -> re.Pattern[str]:
    _, tens = _arabic_decade()
    return re.compile(rf"({'|'.join(sorted(tens, key=len, reverse=True))})ياته")


# What may stand between the words of one spelled-out figure (after the rest of a stem's word):
# "twenty-five", "hundred and nine", "vingt et un", "cuarenta y dos", "двадцать пять"; "مئة
# وتسعة" too (the و is part of the match).
_JOINS = re.compile(r"\w*[\s\-]*(?:(?:and|et|y|und|e)[\s\-]+)?", re.IGNORECASE)


def _compound(values: list[int]) -> int | None:
    """'hundred and nine' is 109, 'twenty-five' 25, 'two hundred' 200, 'three tens' 30; None
    for words that are not one figure ("five, ten" lists two)."""
    if len(values) == 1:
        return values[0]
    total, last = 0, None
    for value in values:
        # A multiplier after a smaller figure: "two hundred", "три десятка", "երեք տասնյակ" (30),
        # "twenty-five thousand".
        if (
            value in (10, 100, 1000)
            and last is not None
            and 0 < total < value
            and (value == 1000 or last < 10)
        ):
            total, last = total * value, value
            continue
        if last is not None and value >= last:
            return None
        total, last = total + value, value
    return total


_WHOLE_WORDS = ("en", "fr", "es", "de", "pt", "it")

# Arabic says "two" with the dual ending of the noun ("عامين", two years): no word to find.
_NO_WORD_FOR = {"ar": {"2"}}
