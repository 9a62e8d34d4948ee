"""Figures written in words, in the languages of resources/numbers.yaml: "twenty-five",
"vingt et un", "двадцать пять", "مئة وتسعة", 三千; ordinals, rough figures ("about forty") and
Arabic decades, read as the digits they stand for.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.number_compounds import compound_values
from newsum.checks.scripts import ARABIC_LETTER, HAN
from newsum.lexicon import resource_data


@cache
def _spelled_pattern(
    lang: str | None, approximate: bool = True
) -> tuple[re.Pattern[str], dict[str, str]] | None:
    data = resource_data("numbers.yaml")
    blocks = (
        ("words", "ordinals", "alone", "approximate")
        if approximate
        else ("words", "ordinals", "alone")
    )
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
    # Chinese numerals anywhere; other scripts at the start of a word (Arabic after و, ب, ل, وب,
    # Hebrew after its prefixes);
    # English, French, Spanish, German, Portuguese and Italian number words whole ("ten" is not
    # "tense").
    cjk = "|".join(re.escape(f) for f in forms if _CJK_CHAR.match(f)) or "(?!)"
    spaced = _trie([f for f in forms if not _CJK_CHAR.match(f)], whole) or "(?!)"
    return re.compile(
        rf"({cjk})|(?<![\w{_INDIC_MARKS}{_THAI}])(?:و?[بل]?(?:ال)?|{_HEBREW_PREFIXES})({spaced})",
        re.IGNORECASE,
    ), value_of


# Indian scripts write vowels as marks, which are no \w: "साठी" (for) is one word, no "साठ" (60).
_INDIC_MARKS = "\u0900-\u0dff"
# Thai runs its words together, its vowels and tones marks: a Thai number word starts after a
# space or a sign, never after a Thai letter ("สองคน", two people; no "สอง" inside a word).
_THAI = "\u0e00-\u0e7f"
_WORD_END = rf"(?![\w{_INDIC_MARKS}{_THAI}])"
# Hebrew writes "and", "the", "in", "to", "from", "that" and "about" as letters before a word:
# "ושלושה" (and three), "בחמישה" (in five), "כשלושה" (about three).
_HEBREW_PREFIXES = "[ובלהמשכ]{1,2}(?=[\u05d0-\u05ea])"


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
        branches.append(_WORD_END if node[""] else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_CJK_CHAR = re.compile(f"[{HAN}]")


@cache
def _alone() -> frozenset[str]:
    """Number words never joined to the one before (resources/numbers.yaml, `alone`)."""
    data = resource_data("numbers.yaml").get("alone", {})
    return frozenset(str(w).lower() for words in data.values() for w in words)


@cache
def _languages(form: str) -> frozenset[str]:
    """The languages of resources/numbers.yaml that have this number word."""
    data = resource_data("numbers.yaml")
    return frozenset(
        code
        for block in ("words", "ordinals", "alone", "approximate")
        for code, words in data.get(block, {}).items()
        if form in {str(w).lower() for w in words}
    )


@cache
def spellable(lang: str) -> frozenset[str]:
    """The figures `lang` writes with a word of resources/numbers.yaml (none if not listed)."""
    compiled = _spelled_pattern(lang)
    values = set(compiled[1].values()) if compiled else set()
    return frozenset(values - _no_word_for().get(lang, frozenset()))


def unspelled(lang: str) -> frozenset[str]:
    """Figures `lang` has words for that resources/numbers.yaml does not list, so that a figure
    a summary spells is not judged against them (Indonesian "lima", 5)."""
    return _no_word_for().get(lang, frozenset())


@cache
def _no_word_for() -> dict[str, frozenset[str]]:
    table: dict[str, list[object]] = resource_data("numbers.yaml").get("no_word_for", {})
    return {lang: frozenset(str(v) for v in values) for lang, values in table.items()}


@lru_cache(maxsize=RECENT_TEXTS)
def spelled_numbers(text: str, lang: str | None = None, approximate: bool = True) -> frozenset[str]:
    """The figures a text spells out in words ("fünf", "thirty", "пяти", "三十", "fourth"), as
    digits; in the words of `lang` only when given (else of every language listed); with
    `approximate`, also the round quantities ("a dozen")."""
    compiled = _spelled_pattern(lang, approximate)
    if compiled is None:
        return frozenset()
    pattern, value_of = compiled
    if (no_figure := _no_figure()).search(text):
        text = no_figure.sub(" ", text)
    if _SHARED_SCALE.search(text):
        text = _SHARED_SCALE.sub(lambda m: _share_scale(m, value_of), text)
    found: set[str] = set()
    for teens, stems in _teens(lang):
        if teens.search(text):
            found.update(str(10 + stems[m.group(1).lower()]) for m in teens.finditer(text))
            text = teens.sub(" ", text)
    runs: list[list[int]] = []  # adjacent number words: "hundred and nine", "مئة وتسعة"
    halves: set[int] = set()  # the runs followed by "and a half"
    end = -1
    before = ""
    for match in pattern.finditer(text):
        form = (match.group(1) or match.group(2) or "").lower()
        value = value_of.get(form)
        if not value:  # (Turkish "İ" lowers to two characters)
            continue
        if _counts_nothing(text, match, form, int(value)):
            continue
        gap = text[end : match.start()]
        joined, and_word = _joins(runs, gap, match, form, int(value))
        joined = joined and not _apart(form, before, lang) and not _hyphen_range(runs, gap, value)
        # "ocho y diez", "eight and ten", "ثمانية وعشرة": two figures; ten multiplies only a
        # unit it touches ("три десятка", thirty; "ثمانية عشر" is 18).
        joined = joined and not (
            int(value) == 10
            and runs[-1][-1] < 10
            and (_WORD_APART.search(gap) or match.group().startswith("و"))
        )
        previous, before = before, form
        if joined and ARABIC_LETTER.match(match.group()):
            word = "و" * and_word + match.group()
            if _arabic_join(runs[-1], int(value), word, _persian(previous, form)):
                end = match.end()
                continue
            joined = False
        if not joined and form in _PLURAL_SCALES:
            continue  # "آلاف الأشخاص": thousands of people, no figure
        if joined:
            runs[-1].append(int(value))
        else:
            runs.append([int(value)])
        end = match.end()
        if approximate and _AND_A_HALF.match(text, end):
            halves.add(len(runs) - 1)
    for i, run in enumerate(runs):
        found |= _run_figures(run, i in halves)
    if _DECIMAL_POINT.search(text):
        found |= _spelled_decimals(text, value_of)
    for values in compound_values(text, lang):
        if (total := _compound(list(values))) is not None:
            found.add(str(total))
    if ARABIC_LETTER.search(text):
        found.update(_arabic_decades(text))
    return frozenset(found)


# A decimal said in words: "one point two", "এক দশমিক দুই" (1.2, whose digits the checks
# compare as 12). "One" counts here, which the tables leave out as it is also an article.
# (Indic vowel signs are no word characters to `re`: the Brahmic blocks are named.)
_DECIMAL_POINT = re.compile(
    r"(?<!\w)([\w\u0900-\u0dff]+)\s+(?:point|দশমিক|दशमलव|virgule|coma|komma|vírgula|virgola|فاصلة)"
    r"\s+([\w\u0900-\u0dff]+)",
    re.IGNORECASE,
)
_ONE = frozenset({"one", "এক", "एक", "un", "uno", "eins", "um", "واحد"})


def _spelled_decimals(text: str, value_of: dict[str, str]) -> set[str]:
    found = set()
    for match in _DECIMAL_POINT.finditer(text):
        whole, tenth = (word.lower() for word in match.groups())
        units = "1" if whole in _ONE else value_of.get(whole)
        fraction = value_of.get(tenth)
        if units and fraction and len(fraction) == 1:
            found.add(f"{units}{fraction}")
    return found


_WORD_APART = re.compile(r"\s\w+\s")


@cache
def _teen_table() -> dict[str, tuple[re.Pattern[str], dict[str, int]]]:
    table: dict[str, dict[str, Any]] = resource_data("numbers.yaml").get("teens", {})
    compiled = {}
    for code, entry in table.items():
        stems = {str(stem): int(value) for stem, value in entry["stems"].items()}
        alternatives = "|".join(map(re.escape, stems))  # in the listed order: longest first
        # A case ending of up to six letters between the stem and the word's end (`after`:
        # Finnish "toista").
        pattern = rf"(?<!\w)({alternatives})\w{{0,6}}?{re.escape(str(entry['after']))}(?!\w)"
        compiled[code] = (re.compile(pattern, re.IGNORECASE), stems)
    return compiled


def _teens(lang: str | None) -> list[tuple[re.Pattern[str], dict[str, int]]]:
    """The teens said in one word with a case ending (`teens` in resources/numbers.yaml), of
    `lang` or of every language when None: a pattern and the value of each unit's stem."""
    table = _teen_table()
    return list(table.values()) if lang is None else [table[lang]] if lang in table else []


def _counts_nothing(text: str, match: re.Match[str], form: str, value: int) -> bool:
    """A number word that is no figure here: a fraction ("a third of"), a rough scale ("several
    hundred"), the scale of the digits before it ("65 thousand")."""
    start = match.start()
    if form in _ordinals() and _fraction(text, start, match.end()):
        return True
    if form in _SCALES and _ROUGH_BEFORE.search(text, max(0, start - 12), start):
        return True
    return value in _SCALE_VALUES and bool(_DIGITS_BEFORE.search(text, max(0, start - 4), start))


def _joins(
    runs: list[list[int]], gap: str, match: re.Match[str], form: str, value: int
) -> tuple[bool, bool]:
    """Whether the word goes on from the run before it, and whether through Persian "و" as a
    word. Chinese numerals of one figure touch ("二十五"); other words may be joined by "and"."""
    if not runs:
        return False, False
    # Persian may join "and" to the next word after a zero-width non-joiner: "سی‌وهشت" (38).
    gap = gap.replace("\u200c", "")
    joined = (
        gap == ""
        or bool(match.group(2) and _JOINS.fullmatch(gap))
        # "四十多万" is over 400,000: "more than" between a figure and its scale.
        or bool(match.group(1) and gap in _CJK_OVER and value in _CJK_SCALES)
    )
    # Persian writes "and" as a word of its own: "چهار هزار و دویست" (4,200).
    and_word = gap.strip() == "و"
    return joined or and_word, and_word


def _hyphen_range(runs: list[list[int]], gap: str, value: str) -> bool:
    """A smaller number word, a hyphen, a larger one: a range ("восемь-десять раз", eight to
    ten times), not a product; "twenty-five" and "dix-sept" go from larger to smaller."""
    return gap in ("-", "–") and bool(runs) and runs[-1][-1] < int(value) < 100


def _apart(form: str, before: str, lang: str | None) -> bool:
    """Words that never go on from the one before: those listed `alone`, a word of another
    language ("four on" is no Turkish "on", ten: 40), and a number after "أول" ("بين الأول
    والثلاثين" is the first and the thirtieth; the 31st is "الحادي والثلاثين")."""
    return (
        form in _alone()
        or (lang is None and not _languages(before) & _languages(form))
        or before == "أول"
    )


def _run_figures(run: list[int], half: bool) -> set[str]:
    """The figures of a run of number words: one figure where they make one ("twenty-five" is
    25, not also 20 and 5), with its half ("two and a half" is the 2.5 of "2,5 milles") and, for
    a Chinese figure with 万 or 亿, the figure of an English scale word ("两百万" is the 2 of "two
    million")."""
    total = _compound(run)
    if total is None:
        # Two neighbouring units share a scale: "两三千元" is 2,000 or 3,000, "五六百" 500 or 600.
        if len(run) == 3 and run[1] == run[0] + 1 < 10 and run[2] in _SCALE_VALUES:
            return {str(run[0] * run[2]), str(run[1] * run[2])}
        # Thousands, then "and" units of thousands: two figures ("بين ألفين وثلاثة آلاف",
        # between 2,000 and 3,000), as no one figure says thousands twice.
        if len(run) == 3 and run[0] >= 1000 and run[1] < 10 and run[2] == 1000:
            return {str(run[0]), str(run[1] * 1000)}
        return set(map(str, run))
    found = {str(total)}
    if half:
        found.add(f"{total}5")
    if 10**4 in run or 10**8 in run:
        found.update(str(total // scale) for scale in _SHORT_SCALES if not total % scale)
    return found


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


@cache
def _no_figure() -> re.Pattern[str]:
    """Words with a number in them that count nothing (resources/numbers.yaml, `no_figure`)."""
    phrases = [str(p).split() for p in resource_data("numbers.yaml").get("no_figure", [])]
    alternatives = "|".join(r"[- ]".join(map(re.escape, words)) for words in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)", re.IGNORECASE)


# Two figures sharing one scale word: "five or six hundred" is 500 or 600 ("quinientos o
# seiscientos"), "cinq à six mille" 5,000 to 6,000, "девяти-десяти тысяч" 9,000 to 10,000.
_SHARED_SCALE = re.compile(
    r"(?<!\w)(\w+)(\s+(?:or|to|ou|à|или|до)\s+|[-–])(\w+\s+(hundred|thousand|cents?|mille|тысяч\w*))(?!\w)",
    re.IGNORECASE,
)


def _share_scale(match: re.Match[str], value_of: dict[str, str]) -> str:
    first, second = value_of.get(match[1].lower()), value_of.get(match[3].split()[0].lower())
    if first is None:
        return match[0]
    # Joined by a hyphen, a smaller figure before a larger is a range ("девяти-десяти"); a
    # larger one before a smaller, one figure ("twenty-five thousand").
    if match[2] in "-–":
        if not (second and int(first) < int(second) < 100):
            return match[0]
        return f"{match[1]} {match[4]}, {match[3]}"  # (a hyphen would join them again)
    return f"{match[1]} {match[4]} {match[2]} {match[3]}"


# A fraction is no figure: "a tenth of the legal limits", "un dixième des", "una décima parte",
# "cut the subsidy by a third." ("d'un tiers"), "one-fifth of the seabed".
_FRACTION_BEFORE = re.compile(r"(?:^|\W)(?:a|an|one|un|une|una|uno)[\s-]+$", re.IGNORECASE)
_FRACTION_AFTER = re.compile(
    r"s?(?:\s+(?:parte\s+)?(?:of|de|des|du|d['’])(?!\w)|\s*(?:[.,;:)]|$)"
    # ... or before another fraction: "between a fifth and a third of the colonies".
    r"|\s+(?:and|or|to|et|ou|y|o)\s+(?:a|an|one|un|une|una|uno)[\s-]+\w+\s+(?:of|de|des|du)(?!\w))",
    re.IGNORECASE,
)


# A figure and a half: "two and a half miles", "deux milles et demi", "dos y media", "два с
# половиной", "seitsme ja poole", Vietnamese "ba triệu rưỡi", Swahili "moja na nusu" (the canonical
# figure of 2.5 is "25"). A rough figure: it grounds "2.5", and a translation may say "полтора" or
# "one and a half" its own way.
_AND_A_HALF = re.compile(
    r"(?:\s+\w+){0,2}\s+(?:and a half|et demie?|y medi[oa]|e mezz[oa]|e meia|e meio|с половиной"
    r"|und ein halb|ja poole?|ja puoli|rưỡi|na nusu)(?!\w)",
    re.IGNORECASE,
)


# A plural scale word counts only after its units ("أربعة آلاف", 4,000).
_PLURAL_SCALES = frozenset({"آلاف"})

# "Several hundred kilos" is no 100 ("plusieurs centaines de kilos").
_SCALES = frozenset({"hundred", "thousand"})
_ROUGH_BEFORE = re.compile(r"(?:several|a few|many|some)\s+$", re.IGNORECASE)
_SCALE_VALUES = frozenset({100, 1000, 10**4, 10**6, 10**8, 10**9})
_DIGITS_BEFORE = re.compile(r"\d[\s\u00a0-]*[多余餘]?$")


def _fraction(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    return bool(_FRACTION_BEFORE.search(before)) and bool(_FRACTION_AFTER.match(text, end))


@cache
def _ordinals() -> frozenset[str]:
    data = resource_data("numbers.yaml").get("ordinals", {})
    return frozenset(str(w).lower() for words in data.values() for w in words)


def _persian(previous: str, form: str) -> bool:
    """Whether two number words are Persian (or Urdu) and not Arabic: those say the tens first."""
    languages = _languages(previous) & _languages(form)
    return bool(languages & {"fa", "ur"}) and "ar" not in languages


def _arabic_join(run: list[int], value: int, word: str, tens_first: bool = False) -> bool:
    """Whether an Arabic number word continues the figure before it (updating `run`). Arabic
    says the units first: before the tens with و ("سبع وعشرين", "الحادي والعشرين": 27, 21st),
    before عشر without it ("الرابع عشر", "اثنتي عشرة": 14th, 12), and multiplies hundreds and
    thousands ("ثلاثة آلاف"); a larger word after a smaller one ("الدقائق العشر الأولى", the
    first ten minutes) is another figure. Persian (`tens_first`) says the tens first: "سی و
    هشت" is 38."""
    unit = run[-1] < 10
    if tens_first and word.startswith("و") and run[-1] in range(20, 100, 10) and value < 10:
        run[-1] += value
        return True
    if word.startswith("و") and unit and 10 <= value < 100:
        run[-1] += value
        return True
    if word.startswith("و") and run[-1] >= 100 and run[-1] > value:
        run.append(value)  # "مئة وتسعة", "ألفين وعشرين", "هزار و دویست" (109, 2020, 1,200)
        return True
    if unit and value == 10:
        run[-1] += 10
        return True
    if (unit and value in (100, 1000)) or (run[-1] == 10 and value == 1000):
        run.append(value)  # "عشرة آلاف" (10,000) too
        return True
    if value == 1000 and not word.startswith("و") and 0 < sum(run) < 1000:
        run.append(value)  # "مئتين وسبعين ألف", "سبعين ألف" (270,000; 70,000)
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
# "twenty-five", "hundred and nine", "vingt et un", "cuarenta y dos", "двадцать пять", Romanian
# "douăzeci și cinci", Tagalog "tatlumpu't lima" (the linker 't); "مئة وتسعة" too (the و is part
# of the match).
_JOINS = re.compile(r"\w*(?:['’]t)?[\s\-]*(?:(?:and|et|y|und|e|și|şi)[\s\-]+)?", re.IGNORECASE)


def _compound(values: list[int]) -> int | None:
    """'hundred and nine' is 109, 'twenty-five' 25, 'two hundred' 200, 'three tens' 30, "两万五千"
    25,000; None for words that are not one figure ("five, ten" lists two)."""
    if len(values) == 1:
        return values[0]
    done, total, last = 0, 0, None
    for value in values:
        # A multiplier after a smaller figure: "two hundred", "три десятка", "երեք տասնյակ" (30),
        # "twenty-five thousand". A thousand or more closes a section: "three thousand two
        # hundred", "两万五千".
        if (
            value in (10, 100, 1000, 10**4, 10**8)
            and last is not None
            and 0 < total < value
            and (value >= 1000 or last < 10)
        ):
            if value >= 1000:
                done, total = done + total * value, 0
            else:
                total *= value
            last = value
            continue
        # A unit after a unit is no compound: "six voix contre cinq une ordonnance" (5, then
        # the article "une"), "五六百" (five or six hundred).
        if last is not None and (value >= last or (last < 10 and value < 10)):
            return None
        total, last = total + value, value
    return done + total


_CJK_OVER = ("多", "余", "餘")
_SHORT_SCALES = (10**3, 10**6, 10**9)
_CJK_SCALES = frozenset({1000, 10**4, 10**8})

_WHOLE_WORDS = ("en", "fr", "es", "de", "pt", "it", "ca", "nl")
