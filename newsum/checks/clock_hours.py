"""One hour written on two clocks: "7 pm" is "19.00", "19 h", "19 Uhr", "السابعة مساءً"; the
Swahili "saa saba usiku" (the seventh hour of the night) is 1 am. Each hour a text gives is
read as "hour N" on the 24-hour clock, keyed by the figure the text writes for it."""

from __future__ import annotations

import re
from collections import defaultdict

from newsum.checks.number_words import spelled_numbers

# An hour on the 12-hour clock and on the 24-hour one: "7 pm" is "19.00", "19 h", "19 Uhr".
_PM = re.compile(r"(?<![\d.,])(\d{1,2})(?:[.:]\d\d)?\s*p\.?\s?m\b", re.IGNORECASE)
# ... and the morning's: "1am" is "01.00", "saa saba usiku".
_AM = re.compile(r"(?<![\d.,])(\d{1,2})(?:[.:]\d\d)?\s*a\.?\s?m\b", re.IGNORECASE)
_PM_RANGE = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[.:]\d\d)?\s*(?:-|–|to|and|until|till)\s*(\d{1,2})(?:[.:]\d\d)?\s*p\.?\s?m\b",
    re.IGNORECASE,
)
# ... in Arabic, by its ordinal or its figure and the time of day: "الساعة الثانية بعد الظهر"
# (2 pm, "14:00"), "السابعة مساءً", "4 عصراً".
# The Maghreb says "زوالاً" and "بعد الزوال" (after noon): "الواحدة زوالاً" is 1 pm. A range
# says it once: "بين الثالثة والسادسة مساءً" (3 to 6 pm).
_AR_AFTERNOON = ("ظهر", "مساء", "عصر", "زوال")
_AR_PM = re.compile(
    r"(?<![\d.,])(?:(\d{1,2})(?:[.:]\d\d)?|(ال\w+(?:\s+عشرة)?))\s+"
    r"(?:و(?:ال\w+(?:\s+عشرة)?|\d{1,2})\s+)?(?:و(?:النصف|الربع)\s+)?"
    r"(?:بعد الظهر|بعد الزوال|ظهر|مساء|عصر|زوال)"
)
# The words for "hour" or "o'clock" before the hour: "do godz. 22", "kl. 22", "alle ore 22",
# "saat 22", "kello 17", "kell 23", "klockan 23".
_HOUR_WORD = (
    r"godz\.?|godzin[ya]|klockan|klokka|klokken|kl\.?|klo|kello|kell|kella|ore|saat|óra|hod\.?|ura"
)
_24H = re.compile(
    r"(?<![\d.,])(1[3-9]|2[0-3])(?:[.:]\d\d|\s*(?:h\b|uhr\b|heures?\b|horas?\b|ч\b|час(?:а|ов)?\b|时|點|点)"
    # Czech, after the figure: "v 19 hodin", "po 19. hodině"; Hungarian "22 órától", "23 óráig".
    r"|\.?\s*hodin[aěy]?\b|\s*ór[aá]\w*)"
    # ... or after the word for "hour" or "o'clock" (`_HOUR_WORD`).
    rf"|(?<!\w)(?:{_HOUR_WORD})\s*(1[3-9]|2[0-3])(?![\d.,]?\d)",
    re.IGNORECASE,
)

# ... in digits or in words with the time of day: "until half past eleven at night" is
# "jusqu'à 23 h 30", "11 at night" "23 h", "в час ночи" (at one at night) "1 am", "las 11 de
# la noche" "11 pm"; "two at night" is 2 am.
_TIMES_OF_DAY = {
    "morning": ("in the morning", "du matin", "de la madrugada", "de la mañana", "утра"),
    "afternoon": ("in the afternoon", "de l'après-midi", "de la tarde", "дня"),
    "evening": ("in the evening", "du soir", "вечера"),
    "night": ("at night", "de la noche", "ночи"),
}
_TIME_OF_DAY = {phrase: kind for kind, phrases in _TIMES_OF_DAY.items() for phrase in phrases}
_SAID_WITH_TIME_OF_DAY = re.compile(
    r"(?<![\w.,])(?:(?:half|quarter)\s+past\s+|quarter\s+to\s+)?(\d{1,2}|[a-z]+|час)(?:[.:h]\d\d)?"
    r"\s*(o['’]clock|h|heures?|horas?|час(?:а|ов)?)?\s+"
    rf"({'|'.join(sorted(map(re.escape, _TIME_OF_DAY), key=len, reverse=True))})(?!\w)",
    re.IGNORECASE,
)
# ... and a range on the 24-hour clock says its hour word once: "с 17 до 20 часов", "de 17 à 20 h".
_24H_RANGE = re.compile(
    # (To a morning hour too: "23 és 5 óra között", between 11 pm and 5 am.)
    r"(?<![\d.,])(1[3-9]|2[0-3])(?:[.:]\d\d)?\s*(?:-|–|до|à|a|al|to|bis|y|et|и|hasta|és)\s*"
    r"(?:[01]?\d|2[0-3])(?:[.:]\d\d)?\s*(?:h\b|uhr\b|heures?\b|horas?\b|ч\b|час(?:а|ов)?\b|ór[aá]\w*|时|點|点)"
    # ... or after it: "kello 17–20", "kl. 17-20", and from a morning hour: "od godz. 9 do 19"
    # (from 9am to 7pm), "kl. 10–18".
    rf"|(?<!\w)(?:{_HOUR_WORD})\s*(?:[01]?\d|2[0-3])"
    r"(?:[.:]\d\d)?\s*(?:[-–]|do|till|til|bis|à|a|al|alle|och|og|to|až|és)\s*(1[3-9]|2[0-3])"
    r"(?![\d.,]?\d)",
    re.IGNORECASE,
)


# Japanese, Korean and Chinese say the part of the day first: "午後10時", "오후 10시",
# "晚上10点" and "晚10点" are 22:00, "夜里1点" and "새벽 2시" the small hours. A lone "晚" or "早"
# after "最" is "at the latest" or "earliest", no part of the day.
_CJK_HALF_DAY = re.compile(
    r"(午前|午後|오전|오후|새벽|아침|저녁|밤|上午|早上|早晨|凌晨|中午|下午|傍晚|晚上|夜里|夜间|夕方|朝|夜"
    r"|(?<!最)[早晚])\s*(\d{1,2})\s*[時时시点點]"
)
_CJK_PART_OF_DAY = {
    **dict.fromkeys(
        ("午前", "오전", "새벽", "아침", "上午", "早上", "早晨", "凌晨", "朝", "早"), "morning"
    ),
    **dict.fromkeys(("午後", "오후", "中午", "下午", "傍晚", "夕方", "저녁"), "afternoon"),
    **dict.fromkeys(("밤", "晚上", "夜里", "夜间", "夜", "晚"), "night"),
}

# Swahili counts the hours from 6 (saa moja, the first hour, is 7 o'clock) and says the time of
# day after them: "saa nne usiku" is 10 pm, "saa saba usiku" 1 am, "saa tisa alfajiri" 3 am.
_SW_HOUR = re.compile(
    r"(?<!\w)saa\s+(\d{1,2}|kumi\s+na\s+(?:moja|mbili)|[a-z]+)(?:\s+na\s+(?:nusu|robo))?"
    r"\s+(asubuhi|mchana|alasiri|jioni|usiku|alfajiri)(?!\w)",
    re.IGNORECASE,
)


def _swahili_hour(count: int, time_of_day: str) -> int | None:
    """The hour on the 24-hour clock of the Swahili `count` (1–12) said with its time of day."""
    if not 1 <= count <= 12:
        return None
    hour = count + 6 if count <= 6 else count - 6  # on the 12-hour clock: saa saba is 1
    if time_of_day in ("asubuhi", "alfajiri"):  # the morning and the dawn
        return hour % 12
    if time_of_day == "usiku":  # the night runs from 7 pm (saa moja) to the dawn
        return hour + 12 if count <= 5 else hour % 12
    return hour % 12 + 12  # mchana, alasiri, jioni: from noon to 7 pm


def _hour_said(said: str) -> set[str]:
    """The hour of a word or figure said before a time of day: "час" and "una" are 1."""
    if said.isdigit():
        return {said}
    if said in ("час", "una"):
        return {"1"}
    return set(spelled_numbers(said, "en", approximate=False))


def _on_24_hours(hour: int, kind: str) -> int | None:
    """The hour on the 24-hour clock of an hour (1–12) said with its time of day."""
    if not 1 <= hour <= 12:
        return None
    if kind == "morning":
        return hour % 12
    if kind == "night" and (hour < 6 or hour == 12):  # the night goes on past midnight
        return hour % 12
    return hour if hour == 12 else hour + 12


def hours_in(plain: str) -> dict[str, set[str]]:
    """The hours `plain` (in ASCII digits) gives on a 12-hour clock or in words, as "hour N" on
    the 24-hour one, each keyed by the figure the text writes ("7" of "7 pm": "hour 19"; "9" of
    "from 9 am to 9 pm": "hour 9" and "hour 21")."""
    found: dict[str, set[str]] = defaultdict(set)
    for match in _PM.finditer(plain):
        if 1 <= (hour := int(match.group(1))) < 12:
            found[match.group(1)].add(f"hour {hour + 12}")
    for match in _AM.finditer(plain):
        if 1 <= (hour := int(match.group(1))) <= 12:
            found[match.group(1)].add(f"hour {hour % 12}")
    for match in _SAID_WITH_TIME_OF_DAY.finditer(plain):
        said, phrase = match.group(1).lower(), match.group(3).lower()
        if phrase == "дня" and not match.group(2) and said != "час":
            continue  # "через 3 дня" is in three days; "в 3 часа дня", 3 pm
        kind = _TIME_OF_DAY[phrase]
        for number in _hour_said(said):
            if (on_clock := _on_24_hours(int(number), kind)) is not None:
                found[number].add(f"hour {on_clock}")
    # A range says its "pm" once: "5 to 7 pm" is "17 h à 19 h".
    for match in _PM_RANGE.finditer(plain):
        start, end = int(match.group(1)), int(match.group(2))
        if 1 <= start < end < 12:
            found[match.group(1)].add(f"hour {start + 12}")
    for match in [*_24H.finditer(plain), *_24H_RANGE.finditer(plain)]:
        said = match.group(1) or match.group(2)
        found[said].add(f"hour {said}")
    if any(word in plain for word in _AR_AFTERNOON):
        for match in _AR_PM.finditer(plain):
            for number, afternoon in _arabic_afternoon(match).items():
                found[number].add(afternoon)
    for match in _CJK_HALF_DAY.finditer(plain):
        hour_24 = _on_24_hours(int(match.group(2)), _CJK_PART_OF_DAY[match.group(1)])
        if hour_24 is not None:
            found[match.group(2)].add(f"hour {hour_24}")
    if "saa" in plain.lower():
        for match in _SW_HOUR.finditer(plain):
            said = match.group(1).lower()
            counts = {said} if said.isdigit() else spelled_numbers(said, "sw", approximate=False)
            if "na" in said.split():  # "kumi na moja" is 11, not 10 and 1
                counts = {str(10 + sum(int(c) for c in counts if int(c) < 10))}
            for count in counts:
                if (on_clock := _swahili_hour(int(count), match.group(2).lower())) is not None:
                    found[count].add(f"hour {on_clock}")
    return dict(found)


# "بين الثالثة والسادسة مساءً": a range's second end, after its "و".
_AR_SECOND_END = re.compile(r"\S+(?:\s+عشرة)?\s+و(ال\w+(?:\s+عشرة)?|\d{1,2})(?=\s)")


def _arabic_afternoon(match: re.Match[str]) -> dict[str, str]:
    """The hours of an Arabic time of the afternoon or evening, both ends of a range."""
    said = [match.group(1)] if match.group(1) else []
    words = match.group(2) or ""
    second = _AR_SECOND_END.match(match.group(0))
    numbers: set[str] = set(said)
    for word in [words, second.group(1) if second else ""]:
        if word.isdigit():
            numbers.add(word)
        elif word:
            numbers |= spelled_numbers(word, "ar", approximate=False)
    return {n: f"hour {int(n) + 12}" for n in numbers if 1 <= int(n) < 12}
