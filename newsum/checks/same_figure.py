"""One figure written two ways: with another scale word ("13 billion", "130亿", "13.000
millones"), as a century by its years or its number ("the 1800s", "XIXe siècle"), as an hour on
the 12- or the 24-hour clock ("7 pm", "19.00")."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from newsum.checks.clock_hours import hours_in
from newsum.checks.figure_forms import millions_said_apart
from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.number_words import spelled_numbers, words_as_digits_before
from newsum.checks.numbers import (
    NUMBER,
    ascii_digits,
    canonical_number,
    numbers_in,
    roman_centuries_as_digits,
)
from newsum.checks.scripts import HAN

# Words that scale a figure: "13 billion" is "130亿" in Chinese and "13.000 millones" in
# Spanish. A translation may change the figure's digits so, not its significant ones.
_SCALE_WORDS = (
    r"thousands?|millions?|billions?|trillions?|mille|milliers|milliards?|mil|millones|millón"
    r"|billones|тыс\w*|тис\w*|млн|млрд|миллион\w*|миллиард\w*|мільйон\w*|мільярд\w*|ألف\w{0,2}|آلاف|مليون\w{0,2}|ملايين"
    r"|مليار\w*|mio|mrd|milliarden?|tausend|հազար|միլիոն|միլիարդ|هزار|میلیون"
    # Turkish and Azerbaijani endings: "19 binden fazla", "5 mindən çox" (not "66,000 miners").
    r"|bin(?:den|de|e|i|in|ler\w*)?|min(?:dən|də|ə|i|in|lər\w*)?|milyon\w*|milyar\w*|milyard\w*"
    r"|трлн|триллион\w*|تريليون\w*|trilyon\w*|billionen"
    # South Asian scales: a lakh is 10^5, a crore 10^7 ("₹187 crore" is 1.87 billion rupees).
    r"|lakhs?|lacs?|crores?|হাজার|লাখ|কোটি|लाख|करो(?:\u095c|\u0921\u093c)|کروڑ|لاکھ|हजार|हज़ार|ہزار"
    # ... in Gurmukhi and Gujarati too ("38 ਹਜ਼ਾਰ ਰੁਪਏ", "5 લાખ").
    r"|ਹਜ਼ਾਰ|ਹਜਾਰ|ਲੱਖ|ਕਰੋੜ|હજાર|લાખ|કરોડ"
    # Italian and Portuguese ("480 mila euro", "2,5 milhões"), Polish ("3 miliardy", "24 tys.").
    r"|mila|milion\w*|miliard\w*|milh(?:ões|ão|ares)|bilh(?:ões|ão)|tys|mln|mld|mlrd"
    # Hungarian, Czech and Slovak, Dutch, Scandinavian, Finnish, Romanian, Baltic and South
    # Slavic thousands and millions ("18 ezer", "90 tisíc", "2 miljoen").
    # (Not Latvian "ezers", lake: "2 ezera ietekās", the lake's two inflows.)
    r"|ezer(?!(?:a|ā|s|u|am|us|i|os|iem|ai)\b)\w*|millió\w*|milliárd\w*|tisíc\w*|tisuć\w*|tisoč\w*|duizend|miljoen|miljard\w*|tusen"
    r"|tusind|miljon\w*|tuhat\w*|miljoona\w*|miljardi\w*|mii|milioane|tūkst\w*|mijë"
    # Hebrew ("400 אלף שקל", 400,000 shekels); the South Asian arab, a hundred crore (10^9).
    r"|אלף|מיליון|מיליארד|ارب|अरब"
)
# Chinese scale characters run into the next word (6.6万名); every other scale word is a word of
# its own ("66,000 miners" has no Azerbaijani "min").
_SCALE_WORD = rf"(?:万|亿|千|百万|萬|億|만|억|천|조|(?:{_SCALE_WORDS})(?!\w))"
# "a 9.6-million-euro contract", "an 8-million-yuan deal": the scale word joined by a hyphen.
_SCALE = re.compile(rf"(\d[\d.,\s\u00a0\u202f]*)-?\s*{_SCALE_WORD}", re.IGNORECASE)


def _significant(number: str) -> str:
    return number.rstrip("0") or "0"


# Chinese puts "more than" between a figure and its scale: 3050多万 is over 30.5 million.
_CJK_OVER = re.compile(r"(?<=\d)[多余](?=[万亿千百])")


# A range says its scale word once: "380–450 тыс." is 380 thousand to 450 thousand, "tra 35 e
# 60 mila", "بين 60 و80 ألف", "90 إلى 100 ألف", "8 ila 10 bin" too.
# A first end in thousands takes the scale too where it is the smaller ("entre 1.500 y 3.000
# millones" is 1.5 to 3 billion), not where it is written out in full ("от 800 000 до 1,2 млн",
# "entre 800.000 y 1,2 millones" are no 800,000 million).
_SCALED_RANGE = re.compile(
    rf"(?<![\d.,])(?<!\d[\s\u00a0\u202f])(\d{{1,3}}(?:[.,\s\u00a0\u202f]\d{{3}})+(?![\d.,]?\d)|\d+(?:[.,]\d{{1,2}})?)"
    rf"(\s*[-–—]\s*|\s+(?:and|to|or|e|y|o|et|ou|und|bis|oder|tot|и|до|или|a|à|i|ve|ila|až|do|hasta|até|إلى|الى)\s+|\s+و\s*)"
    rf"(\d[\d.,]*\s*{_SCALE_WORD})",
    re.IGNORECASE,
)


# A scale word after a number word: "six million" is the 600 of "600万".
_BEFORE_SCALE = re.compile(rf"\s+{_SCALE_WORD}", re.IGNORECASE)


# Half a scale: "half a million euros" is the 50 of "50万欧元".
_HALF = re.compile(
    r"(?<!\w)(?:half an?\s+|un demi-|medio\s+|eine halbe\s+|пол-?)"
    r"(?=million|millón|milliard|billion|thousand|миллион|миллиард|Million|Milliarde)",
    re.IGNORECASE,
)


# A money figure's short scale: "Rs3.2m", "£40bn", "$250k" (not "a 3.2m wall": metres).
_MONEY_SHORT = re.compile(r"((?:Rs\.?|[£$€¥₹₦]|US\$|[ACN]\$|Ksh|GH₵)\s?\d[\d.,]*)\s?(m|bn|k)(?!\w)")
_SHORT_SCALE = {"m": "million", "bn": "billion", "k": "thousand"}


# A figure and a half before a scale: "three and a half lakh" is the 3.5 of "350 000".
_AND_A_HALF_SCALE = re.compile(rf"(?<![\w.,])(\w+)\s+and a half(?=\s+{_SCALE_WORD})", re.IGNORECASE)


def _and_a_half(match: re.Match[str]) -> str:
    word = match.group(1)
    values = {word} if word.isdigit() else spelled_numbers(word, "en", approximate=False)
    return f"{next(iter(values))}.5" if len(values) == 1 else match.group()


# South Asian figures say their lakhs and thousands, crores and lakhs, or arabs and crores apart:
# "৭ লাখ ৮০ হাজার" is the 7.80 lakh of "Tk 7.80 lakh", "2 crore 40 lakh" 2.40 crore, "ایک ارب 20
# کروڑ" (1 arab 20 crore) the 1.20 arab of "Rs 1.2 billion".
_LAKH = r"lakhs?|lacs?|লাখ|लाख|لاکھ|ਲੱਖ|લાખ"
_CRORE = r"crores?|কোটি|करो(?:\u095c|\u0921\u093c)|کروڑ|ਕਰੋੜ|કરોડ"
_SMALLER_APART = re.compile(
    rf"(?<![\d.,])(\d{{1,3}})\s*({_LAKH})\s+(\d{{1,2}})\s*(?:thousand|হাজার|हज़ार|हजार|ہزار|ਹਜ਼ਾਰ|ਹਜਾਰ|હજાર)(?!\w)"
    rf"|(?<![\d.,])(\d{{1,3}})\s*({_CRORE})\s+(\d{{1,2}})\s*(?:{_LAKH})(?!\w)"
    rf"|(?<![\d.,])(\d{{1,3}})\s*(ارب|अरब)\s+(\d{{1,2}})\s*(?:{_CRORE})(?!\w)",
    re.IGNORECASE,
)


def _smaller_apart(match: re.Match[str]) -> str:
    first = next(i for i in (1, 4, 7) if match.group(i))
    whole, scale, part = match.group(first, first + 1, first + 2)
    return f"{whole}.{int(part):02d} {scale}"


# One and a half and two and a half of a scale: "ڈیڑھ لاکھ روپے" is the 1.5 lakh of "Rs 1.5 lakh",
# "डेढ़ करोड़" 1.5 crore, "আড়াই হাজার" 2.5 thousand.
_HALVES = {
    "ڈیڑھ": "1.5",
    "डेढ़": "1.5",
    "দেড়": "1.5",
    "ڈھائی": "2.5",
    "ढाई": "2.5",
    "আড়াই": "2.5",
    "ঢাই": "2.5",
}
# ... with the dotted letter (ढ़, ড়) as one character or as a letter and its dot.
for _one, _two in (("\u095d", "\u0922\u093c"), ("\u09dc", "\u09a1\u09bc")):
    _HALVES.update({k.replace(_two, _one): v for k, v in _HALVES.items()})
    _HALVES.update({k.replace(_one, _two): v for k, v in _HALVES.items()})
_HALF_OF_SCALE = re.compile(
    rf"(?<![\w\u0900-\u0dff])({'|'.join(_HALVES)})(?=\s+(?:{_SCALE_WORDS})(?!\w))", re.IGNORECASE
)


@lru_cache(maxsize=RECENT_TEXTS)
def _scale_text(text: str) -> str:
    plain = millions_said_apart(ascii_digits(text))
    if " and a half " in plain:
        plain = _AND_A_HALF_SCALE.sub(_and_a_half, plain)
    if _HALF_OF_SCALE.search(plain):
        plain = _HALF_OF_SCALE.sub(lambda m: _HALVES[m.group(1)], plain)
    # Number words first, so that a spelled crore says its lakhs apart too: "ایک کروڑ 80 لاکھ"
    # (1 crore 80 lakh), "एक करोड़ 20 लाख".
    plain = words_as_digits_before(plain, _BEFORE_SCALE)
    if _SMALLER_APART.search(plain):
        plain = _SMALLER_APART.sub(_smaller_apart, plain)
    if _MONEY_SHORT.search(plain):
        plain = _MONEY_SHORT.sub(lambda m: f"{m[1]} {_SHORT_SCALE[m[2]]}", plain)
    if _HALF.search(plain):
        plain = _HALF.sub("0.5 ", plain)
    if not plain.isascii():
        plain = _CJK_OVER.sub("", plain)
    if _SCALED_RANGE.search(plain):
        plain = _SCALED_RANGE.sub(_both_ends, plain)
    return plain


def _both_ends(match: re.Match[str]) -> str:
    if (last := NUMBER.search(match.group(3))) and _value(match.group(1)) > _value(last.group()):
        return match.group()
    scale = NUMBER.sub("", match.group(3), count=1).strip()
    return f"{match.group(1)} {scale}{match.group(2)}{match.group(3)}"


_THOUSANDS = re.compile(r"\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+")


def _value(token: str) -> float:
    """A range end's value, its separators read as a range writes them: "1.500" and "800 000"
    in thousands, "1,2" a decimal."""
    token = token.strip()
    if _THOUSANDS.fullmatch(token):
        return float(re.sub(r"\D", "", token))
    return float(token.replace(",", ".")) if re.fullmatch(r"\d+(?:[.,]\d+)?", token) else 0.0


@lru_cache(maxsize=RECENT_TEXTS)
def _scaled(text: str) -> frozenset[str]:
    """Significant digits of the figures a scale word follows."""
    found = set()
    for match in _SCALE.findall(_scale_text(text)):
        for token in NUMBER.findall(match):
            found.add(_significant(canonical_number(token)))
    return frozenset(found)


def same_figure_rescaled(number: str, one: str, other: str) -> bool:
    """Whether `number` (of text `one`) is in `other` written with another scale word ("13"
    billion and "130" 亿): same significant digits, and a scale word on one side. Where both
    sides have an amount, it must agree: "9 million" is not "90 миллионов", nor "66,000" "66
    миллионов"."""
    if (same := _same_figures(one).get(number)) and same & _meanings(other):
        return True
    wanted = _significant(number)
    if wanted not in {_significant(n) for n in numbers_in(other)} | _scaled(other):
        return False
    if not (wanted in _scaled(one) or wanted in _scaled(other)):
        return False
    mine, theirs = _amounts_of(one, wanted), _amounts_of(other, wanted)
    return not (mine and theirs) or bool(mine & theirs)


def amounts_at_another_scale(text: str, source: str) -> list[str]:
    """The amounts of `text` ("15 crore", "2.4 million") whose figure the source gives only with
    another scale word ("15 lakh", "2.4 миллиарда"): a figure grounded by its digits whose
    magnitude changed."""
    theirs = _amounts(source)
    if not theirs:
        return []
    plain = {float(n) for n in numbers_in(source) if n.isdigit()}
    changed = []
    for amount in sorted(_amounts(text)):
        wanted = _significant(_digits(amount))
        others = {v for v in theirs if _significant(_digits(v)) == wanted}
        if others and amount not in others and amount not in plain:
            changed.append(_digits(amount))
    return changed


# A century by its years or by its number: "the 1800s" is the 19th century, "XIXe siècle",
# "19世纪", "XIX век", "siglo XIX".
_HUNDREDS = re.compile(r"(?<!\d)(\d{1,2})00(?:s\b|\s*年代|-[хе]\b)")
_CENTURY = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th|e|er|ème|-?й|-?го|\.)?\s*"
    r"(?=centur|si[eè]cle|век|Jahrhundert|yüzyıl|世纪)|siglo\s+(\d{1,2})(?!\d)",
    re.IGNORECASE,
)

_ARABIC_CENTURY = re.compile(r"القرن\s+(\d{1,2}(?!\d)|ال\w+(?:\s+عشر)?)")


@lru_cache(maxsize=RECENT_TEXTS)
def _same_figures(text: str) -> dict[str, frozenset[str]]:
    """Figures that stand for something also written with another figure: each with what it
    stands for (one or more: "9" of "from 9 am to 9 pm"). A century: "1800" (the 1800s) and
    "19" (XIXe siècle) are both "century 19". An hour: "7" (7 pm) and "19" (19.00) are both
    "hour 19"."""
    plain = roman_centuries_as_digits(ascii_digits(text))
    found: dict[str, set[str]] = defaultdict(set)
    for match in _HUNDREDS.finditer(plain):
        found[f"{match.group(1)}00"].add(f"century {int(match.group(1)) + 1}")
    for match in _CENTURY.finditer(plain):
        number = match.group(1) or match.group(2)
        found[number].add(f"century {number}")
    for match in _ARABIC_CENTURY.finditer(plain):
        # Arabic names the century first, by its ordinal: "القرن التاسع عشر" (the 19th).
        for number in spelled_numbers(match.group(1), "ar", approximate=False) or {match.group(1)}:
            found[number].add(f"century {number}")
    for number, hours in hours_in(plain).items():
        found[number] |= hours
    return {number: frozenset(meanings) for number, meanings in found.items()}


@lru_cache(maxsize=RECENT_TEXTS)
def _meanings(text: str) -> frozenset[str]:
    """Everything the figures of `text` stand for (`_same_figures`)."""
    return frozenset().union(*_same_figures(text).values())


def _amounts_of(text: str, wanted: str) -> set[float]:
    """The amounts in `text` with these significant digits: scaled ("6.6万" is 66000), else
    as written ("66,000"), so "66,000" is not "66 миллионов"."""
    scaled = {v for v in _amounts(text) if _significant(_digits(v)) == wanted}
    return scaled or {float(n) for n in numbers_in(text) if _significant(n) == wanted}


# Powers of ten of the scale words (a word not listed here scales by an unknown amount).
_MAGNITUDE = [
    # Before the billions: German "Billionen" and Spanish "billones" are 10^12, as 万亿 is.
    (re.compile(r"trillion|billones|billionen|трлн|триллион|تريليون|trilyon|万亿|兆|조", re.I), 12),
    (
        re.compile(
            r"thousand|mille|milliers|mila|milhares|tys|тыс|тис|ألف|آلاف|千|천|bin|min|tausend|հազար|هزار"
            r"|हजार|हज़ार|ہزار|ਹਜ਼ਾਰ|ਹਜਾਰ|હજાર|হাজার|ezer|tisíc|tisuć|tisoč|duizend|tusen|tusind|tuhat|\bmii\b|tūkst"
            r"|mijë|אלף",
            re.I,
        ),
        3,
    ),
    (re.compile(r"[万萬만]", re.I), 4),
    (
        re.compile(
            r"mil millones|milliard|miliard|mld|mlrd|mrd|млрд|миллиард|мільярд|مليار|billion"
            r"|milyar|bilh|milliárd|miljard|מיליארד|ارب|अरब",
            re.I,
        ),
        9,
    ),
    (re.compile(r"[亿億억]", re.I), 8),
    (
        re.compile(
            r"million|millón|millones|milion|milh|mln|млн|миллион|мільйон|مليون|ملايين|百万|mio|milyon"
            r"|միլիոն|millió|miljoen|miljon|miljoona|מיליון",
            re.I,
        ),
        6,
    ),
    (re.compile(r"\bmil\b", re.I), 3),
    (re.compile(r"lakh|lac|लाख|لاکھ|ਲੱਖ|લાખ|লাখ", re.I), 5),
    (re.compile(r"crore|करो(?:\u095c|\u0921\u093c)|کروڑ|ਕਰੋੜ|કરોડ|কোটি", re.I), 7),
]
_WHOLE_SCALE_WORD = re.compile(_SCALE_WORDS, re.IGNORECASE)
# A Chinese, Japanese or Korean scale character runs into the next word ("25억원", "6.6万名").
_CJK_SCALE = re.compile(f"[{HAN}만억천조]")
_AMOUNT = re.compile(
    r"(\d+(?:[ \u00a0\u202f,.'’]\d{3})*(?:[.,\u066b]\d{1,2})?)-?\s*"
    # Indian scripts' vowel signs are no \w: करोड़ and ਹਜ਼ਾਰ are one word each.
    r"((?:mil millones|(?:[^\W\d_]|[\u0900-\u0dff])+)?)"
)


def _digits(value: float) -> str:
    return canonical_number(f"{value:.0f}")


@lru_cache(maxsize=RECENT_TEXTS)
def _amounts(text: str) -> frozenset[float]:
    """Amounts of the figures a scale word follows, as numbers ("1,1 миллиона" is 1100000)."""
    found = set()
    for figure, word in _AMOUNT.findall(_scale_text(text)):
        if word and not _CJK_SCALE.match(word) and not _WHOLE_SCALE_WORD.fullmatch(word):
            continue
        power = next((p for pattern, p in _MAGNITUDE if word and pattern.match(word)), None)
        if power is None:
            continue
        # A point before 万 or 亿 is a decimal one, whatever its digits: "3.168万" is 31,680
        # (Chinese writes no thousands separator inside a figure of 万).
        places = "+" if _CJK_SCALE.match(word) and "." in figure else "{1,2}"
        decimal = re.search(rf"[.,\u066b](\d{places})$", figure)
        whole = figure[: decimal.start()] if decimal else figure
        value = float(canonical_number(whole)) + (
            float("0." + decimal.group(1)) if decimal else 0.0
        )
        found.add(round(value * 10**power))
    return frozenset(found)
