"""Figures written another way than as plain digits, rewritten as digits before a text's
figures are read (checks/numbers.py): seasons ("2024-25"), decades ("20世纪80年代", "80年代",
"los años ochenta", "80-х") and Chinese, Japanese and Korean figures with two scale characters
("1億2千万", "5만2천")."""

from __future__ import annotations

import re
from decimal import Decimal

from newsum.lexicon import resource_data


def whole_seasons(text: str) -> str:
    """ "2024-25" as "2024-2025"."""
    return _SHORT_YEAR_RANGE.sub(_whole_years, text) if _SHORT_YEAR_RANGE.search(text) else text


def cjk_and_cyrillic_figures(text: str) -> str:
    """Decades and compound figures in Chinese, Japanese, Korean and Russian (a non-ASCII text)."""
    text = chinese_tenths(_CJK_DECADE.sub(_decade, text))
    if _CJK_NEIGHBOURS.search(text):
        text = _CJK_NEIGHBOURS.sub(_neighbours, text)
    if "旬" in text:  # 年过六旬: over sixty years of age
        text = _AGE_DECADE.sub(lambda m: f"{_TENTH_DIGITS[m.group(1)]}0岁", text)
    if "年代" in text:
        text = _CJK_SHORT_DECADE.sub(lambda m: f"19{m.group(1)}年代", text)
    if _CJK_BIG_SCALE.search(text) and _CJK_COMPOUND.search(text):
        text = _CJK_COMPOUND.sub(_cjk_compound, text)
    if "0-" in text or _RU_DECADE_HINT.search(text):
        text = _RU_DECADE.sub(lambda m: f"19{m.group(1)}-{m.group(2)}", text)
    return text


# Two neighbouring digits before one scale: "五六千元" is 5,000 to 6,000 yuan, "三四十" 30 to 40.
_CJK_NEIGHBOURS = re.compile(
    r"(?<![一二两三四五六七八九十百千万亿\d])([一二三四五六七八])([二三四五六七八九])([十百千])"
    r"(?![一二三四五六七八九万亿])"
)
_CJK_SCALE_VALUE = {"十": 10, "百": 100, "千": 1000}


def _neighbours(match: re.Match[str]) -> str:
    low, high = _TENTH_DIGITS[match.group(1)], _TENTH_DIGITS[match.group(2)]
    if int(high) != int(low) + 1:
        return match.group()
    scale = _CJK_SCALE_VALUE[match.group(3)]
    return f"{int(low) * scale}至{int(high) * scale}"


def thousands_said_apart(text: str) -> str:
    """ "31 bin 500" as 31500: Turkish, Bengali, Hindi, Urdu and Persian say a figure's
    thousands and the rest apart ("৩ হাজার ২০০", "۴ هزار و ۲۰۰"), and the Mexican press "mil 200"
    (1,200)."""
    if _THOUSAND_WORD.search(text):
        if _THOUSANDS_APART.search(text):
            text = _THOUSANDS_APART.sub(
                lambda m: str(int(m.group(1)) * 1000 + int(m.group(2))), text
            )
        if " mil " in text:
            text = _ONE_THOUSAND_APART.sub(lambda m: str(1000 + int(m.group(1))), text)
    return text


def millions_said_apart(text: str) -> str:
    """ "مليوناً و200 ألف" (a million and 200 thousand) as "1.2 مليون": Arabic and Persian say a
    figure's millions and thousands apart ("یک میلیون و ۸۰۰ هزار", "2 مليون و500 ألف"), and so
    does Turkish ("1 milyon 200 bin"); an English summary says "1.2 million". No digit before the
    million word is one million."""
    if _MILLION_WORD.search(text):
        text = _MILLIONS_APART.sub(_in_millions, text)
    return text


def _in_millions(match: re.Match[str]) -> str:
    units = int(match.group(1) or (2 if match.group(2) in _TWO_MILLION else 1))
    millions = units + Decimal(match.group(3)) / 1000
    return f"{millions.normalize():f} {_MILLION_IN.get(match.group(2)[0], match.group(2))}"


# The Arabic dual says "two million" in one word: "مليونان و500 ألف" is 2.5 million.
_TWO_MILLION = ("مليونان", "مليونين", "مليوني")
_MILLION = r"مليونان|مليونين|مليوني|مليون[اًا]*|ملايين|میلیون|milyon"
_MILLION_WORD = re.compile(_MILLION)  # most texts have none: spare the longer scan
_MILLIONS_APART = re.compile(
    rf"(?:(?<![\d.,])(\d{{1,3}})\s*|(?<!\w)(?:یک\s+)?)({_MILLION})"
    r"\s+(?:و\s*)?(\d{1,3})\s*(?:ألف|آلاف|هزار|bin)(?!\w)"
)
# "مليوناً", "ملايين" and Persian "میلیون" (all starting with م) as the scale table's "مليون".
_MILLION_IN = {"م": "مليون"}


_THOUSAND = r"(?:bin|mil|হাজার|हजार|हज़ार|ہزار|هزار)"
_ONE_THOUSAND_APART = re.compile(r"(?<![\d.,]\s)(?<!\d)\bmil\s+(\d{3})(?![\d.,]?\d)(?!\s*mill)")
_THOUSAND_WORD = re.compile(rf"\s{_THOUSAND}\s")
_THOUSANDS_APART = re.compile(
    rf"(?<![\d.,])(\d{{1,3}})\s+{_THOUSAND}\s+(?:و\s*)?(\d{{1,3}})(?![\d.,]?\d)"
    r"(?!\s*(?:bin|milyon|milyar|mill|হাজার|लाख|লাখ|ہزار|هزار|हजार))"
)


def buddhist_years(text: str) -> str:
    """Thai counts years from the Buddha: "2562" is also 2019 (543 years apart)."""
    if _THAI.search(text) and _BUDDHIST_YEAR.search(text):
        return _BUDDHIST_YEAR.sub(lambda m: f"{m.group(1)} {int(m.group(1)) - 543}", text)
    return text


_THAI = re.compile("[\u0e00-\u0e7f]")
_BUDDHIST_YEAR = re.compile(r"(?<![\d.,])(2[45]\d\d)(?![\d.,]?\d)")


def chinese_tenths(text: str) -> str:
    """ "六成" (six tenths) as 60%: how Chinese news gives a rough share (Japanese: "3割")."""
    if "成" in text or "割" in text:
        # A range says "成" once: "三到四成" is 30 to 40%.
        text = _TENTHS_RANGE.sub(
            lambda m: f"{_TENTH_DIGITS.get(m.group(1), m.group(1))}0%{m.group(2)}", text
        )
        return _TENTHS.sub(_tenths_share, text)
    return text


def discount_shares(text: str) -> frozenset[str]:
    """A Chinese price "七折" (at seven tenths of it) as the shares it gives: 70 (the price) and
    30 (the discount). Either may ground a summary's figure; neither is a figure of the text."""
    if "折" not in text:
        return frozenset()
    shares = set()
    for match in _DISCOUNT.finditer(text):
        tenths = int(_TENTH_DIGITS.get(match.group(1), match.group(1)))
        shares |= {f"{tenths}0", f"{10 - tenths}0"}
    return frozenset(shares)


_AGE_DECADE = re.compile(r"([二三四五六七八九])旬")
_TENTH_DIGITS = dict(zip("一二两三四五六七八九", "1223456789", strict=True))
# "七折" (at seven tenths of the price), not "折合" (converted to), "折旧" (depreciation).
_DISCOUNT = re.compile(
    r"(?<![\d一二两三四五六七八九十])([1-9一二两三四五六七八九])折(?![合旧叠算射])"
)
_TENTHS_RANGE = re.compile(
    r"(?<![\d一二两三四五六七八九十百千万亿])([1-9一二两三四五六七八九])(到|至|~|～|-)"
    r"(?=[1-9一二两三四五六七八九]成(?![本为功立员果就熟绩交不]))"
)
_TENTHS = re.compile(
    r"(?<![\d一二两三四五六七八九十百千万亿])(?:([1-9一二两三四五六七八九])成(?![本为功立员果就熟绩交不])"
    # ... with its hundredths: "一成五" is 15%.
    r"(?:([1-9一二三四五六七八九])(?![\d十百千万亿元块个]))?|([1-9])割)"
)


def _tenths_share(match: re.Match[str]) -> str:
    tenths = match.group(1) or match.group(3)
    units = match.group(2)
    share = _TENTH_DIGITS.get(tenths, tenths) + (_TENTH_DIGITS.get(units, units) if units else "0")
    return f"{share}%"


def arabic_thousands(text: str) -> str:
    """ "41 ألفًا و650" as 41650, "مليون و200 ألف" as 1.2 million: Arabic says a figure's
    thousands and the rest, or its millions and thousands, apart."""
    if "و" in text and _AR_THOUSANDS.search(text):
        text = _AR_THOUSANDS.sub(
            lambda m: str(int(m.group(1) or 1) * 1000 + int(m.group(2))) + m.group(3), text
        )
    if ("مليون" in text or "ملايين" in text) and _AR_MILLIONS.search(text):
        text = _AR_MILLIONS.sub(_arabic_millions, text)
    return text


def _arabic_millions(match: re.Match[str]) -> str:
    millions = int(match.group(1)) if match.group(1) else 2 if match.group(2) else 1
    return f"{millions + int(match.group(3)) / 1000:g} مليون "


# "مليون و200 ألف", "3 ملايين و500 ألف", "مليونين و250 ألف" and "مليونان و500 ألف" (the dual:
# two million).
_AR_MILLIONS = re.compile(
    r"(?:(?<![\d.,])(\d{1,3})\s*(?:ملايين|مليون[اً]*)|(?<!\d\s)(?<!\d)(مليونان|مليوني|مليونين)|(?<!\d\s)(?<!\d)مليون)"
    r"\s+و\s*(\d{1,3})\s*ألف[\w\u064b-\u0652]{0,3}(?!\w)"
)


# ... not a range that says its scale twice: "بين 25 ألفًا و30 ألف يورو". "ألف و800" is 1,800.
_AR_THOUSANDS = re.compile(
    r"(?:(?<![\d.,])(\d{1,3})\s*(?:ألف[\w\u064b-\u0652]{0,3}|آلاف)|(?<!\S)[وبل]?ألف[اً\u064b]{0,2})"
    r"\s+و\s*(\d{1,3})(?![\d.,]\d)(?!\s*(?:ألف|آلاف|مليون|ملايين|مليار))(\s|$)"
)


def decades_in_words(text: str) -> str:
    """ "los años ochenta", "les années 80" as the 1980s."""
    # (Substring tests first: most texts name no decade, and they cost a fraction of a scan.)
    if any(word in text for word in _DECADE_WORDS) and _SHORT_DECADE.search(text):
        return _SHORT_DECADE.sub(_whole_decade, text)
    if "يات" in text and _AR_DECADE.search(text):  # التسعينيات: the nineties
        return _AR_DECADE.sub(_arabic_decade, text)
    return text


def _arabic_decade(match: re.Match[str]) -> str:
    # "تسعينيات القرن التاسع عشر" are the 1890s; a decade with no century is the 20th's.
    century = "18" if match.group(2) else "19"
    return f" {century}{_AR_TENS[match.group(1)]}0 {match.group(2) or ''}"


_AR_TENS = {"عشرين": 2, "ثلاثين": 3, "أربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8,
            "تسعين": 9}  # fmt: skip
# ... not an age: "في الستينيات والسبعينيات من العمر" (in their sixties and seventies).
_AR_DECADE = re.compile(
    f"(?:ال)?({'|'.join(_AR_TENS)})يات(\\s+(?:من\\s+)?القرن\\s+التاسع\\s+عشر)?"
    f"(?!(?:\\s+و(?:ال)?(?:{'|'.join(_AR_TENS)})يات)*\\s+من\\s+(?:ال)?(?:عمر|أعمار))"
)


# A season or a financial year: "2024-25" is "2024-2025", "2024/25", "2024—2025年".
_SHORT_YEAR_RANGE = re.compile(r"(?<![\d.,])((?:1[89]|20)(\d\d))\s*([-–—/])\s*(\d\d)(?![\d.,]?\d)")


def _whole_years(match: re.Match[str]) -> str:
    """ "2024-25" as "2024-2025", "1990-95" as "1990-1995", "1999-00" as "1999-2000"."""
    year, end = int(match.group(1)), int(match.group(4))
    if end == (year + 1) % 100:
        whole = year + 1
    elif end > year % 100:
        whole = year - year % 100 + end
    else:
        return match.group()
    return f"{year}{match.group(3)}{whole}"


# Chinese writes the 1980s as the 80s of the 20th century: 20世纪80年代.
_CJK_DECADE = re.compile(r"(\d{1,2})\s*世纪\s*(\d)0\s*年代")


def _decade(match: re.Match[str]) -> str:
    return f" {(int(match.group(1)) - 1) * 100 + int(match.group(2)) * 10} 年代"


# A decade by its tens alone is of the last century: "80年代", "los años 80", "les années 80",
# "80-х годов" are the 1980s ("los años ochenta" too; the 2020s are written whole).
_CJK_SHORT_DECADE = re.compile(r"(?<![\d.,])([2-9]0)\s*年代")
_DECADE_WORDS = {"años": "es", "anos": "pt", "anni": "it", "années": "fr"}
_RU_DECADE_HINT = re.compile(r"0[ехы]")
_RU_DECADE = re.compile(r"(?<![\d.,])([2-9]0)-?(е|х|ые|ых)(?!\w)")
# ... and a second one after "and": "los años sesenta y setenta" (the 1960s and 1970s).
_SHORT_DECADE = re.compile(
    r"(?<!\w)(años|anos|anni|années)\s+([2-9]0|[^\W\d]+)(?!\w)"
    r"(?:(\s+(?:y|e|et)\s+)([2-9]0|[^\W\d]+)(?!\w))?"
)


def _whole_decade(match: re.Match[str]) -> str:
    lang = _DECADE_WORDS[match.group(1)]
    tens = _tens(match.group(2), lang)
    if not tens:
        return match.group()
    whole = f"{match.group(1)} 19{tens}"
    if match.group(4) and (second := _tens(match.group(4), lang)):
        return f"{whole}{match.group(3)}19{second}"
    return whole + match.group()[len(match.group(1)) + 1 + len(match.group(2)) :]


def _tens(word: str, lang: str) -> str:
    """ "60" or "sesenta" as "60"; "" for anything that is no decade's tens."""
    if word.isdigit():
        return word
    value = resource_data("numbers.yaml")["words"][lang].get(word.lower())
    return str(value) if isinstance(value, int) and 20 <= value <= 90 and value % 10 == 0 else ""


# Chinese, Japanese and Korean figures with two scale characters: "1億2千万" is 120 million,
# "2千万" 20 million, "5만2천" 52,000 (億/亿/억 10^8, 万/萬/만 10^4, 千/천 10^3, 百/백 10^2). One
# scale character alone is read in same_figure ("3亿" stays 3, scaled). Korean puts a space
# after 억 and 만: "2억 3천만 원" is 230 million won.
_CJK_TERM = r"\d+(?:\.\d+)?\s*[千百천백]?\s*(?:[億亿萬万千천]|[억만] ?)"
_CJK_COMPOUND = re.compile(
    rf"(?:{_CJK_TERM}){{2,}}\d*|(?:{_CJK_TERM})\d+|\d+(?:\.\d+)?\s*[千百천백]\s*[億亿억萬万만]"
)
_CJK_PARTS = re.compile(r"(\d+(?:\.\d+)?)\s*([千百천백]?)\s*([億亿억萬万만千천]?)")
_CJK_BIG_SCALE = re.compile("[億亿억萬万만]")
_CJK_UNIT = {"": 1, "百": 100, "백": 100, "千": 1000, "천": 1000, "万": 10**4, "萬": 10**4}
_CJK_UNIT |= {"만": 10**4, "億": 10**8, "亿": 10**8, "억": 10**8}


def _cjk_compound(match: re.Match[str]) -> str:
    value = sum(
        float(number) * _CJK_UNIT[unit] * _CJK_UNIT[scale]
        for number, unit, scale in _CJK_PARTS.findall(match.group())
    )
    return f" {value:.0f} "
