"""Grounding a summary in its article: its figures, percentages and dates must be the article's
(or, for dates, the publication date the model was shown)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsum.checks.dates import dates_in, without_dates
from newsum.checks.figure_forms import chinese_tenths, discount_shares
from newsum.checks.number_words import spellable, spelled_numbers, unspelled
from newsum.checks.numbers import (
    NUMBER,
    ascii_digits,
    canonical_number,
    clock_read_apart,
    numbers_in,
)
from newsum.checks.result import CheckResult
from newsum.checks.same_figure import amounts_at_another_scale, same_figure_rescaled
from newsum.lexicon import month_names
from newsum.summarize import ArticleSummary

# A share: after its figure in most languages ("15%", "15 per cent", "15 процентов"), before it
# in Turkish and Chinese ("yüzde 15", "百分之15").
_PERCENT = re.compile(
    r"[%٪％]|(?<!\w)(?:per\s?cent|percent|pour\s?cent|por\s?cien|por\s?cento|per\s?cento|prozent"
    r"|процент|відсот|प्रतिशत|بالمئة|بالمائة|في المئة|في المائة|فى المائة|faiz)"
    r"|(?P<before>(?<!\w)yüzde|百分之)",
    re.IGNORECASE,
)
_LAST_NUMBER = re.compile(rf"({NUMBER.pattern})\s*$")


def percentages_in(text: str, near: bool = False) -> set[str]:
    """The figures a text gives as percentages: the figure next to the sign or word; with
    `near`, also any figure just before it, in digits or words ("between 10 and 15%", "cinq
    pour cent"), as an article is read."""
    found: set[str] = set()
    plain = chinese_tenths(ascii_digits(text))
    for match in _PERCENT.finditer(plain):
        if match.group("before"):
            after = NUMBER.match(plain[match.end() : match.end() + 12].lstrip())
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
    if not missing:
        return []
    # The day of a date the source gives in its own way: "1 July" is "غرّة جويلية".
    days = {str(day) for _, day in dates_in(output) & dates_in(source)}
    return sorted(
        n
        for n in missing
        - spelled_numbers(source)
        - discount_shares(source)
        - days
        - _mornings_after(output, source)
        if not clock_read_apart(n, output, source) and not _year_of_another_calendar(n, source)
    )


# A night named by the two days it joins: "в ночь с 24 на 25 января", "dans la nuit du 24 au
# 25", "la noche del 24 al 25", "in der Nacht vom 24. auf den 25." (the night of the 24th).
_NIGHT_OF_TWO_DAYS = re.compile(
    r"(?<!\w)(?:night|nuit|noche|nacht|ночь|ночи|ніч|ночі|notte|noite)\s+(?:\w+\s+)?(\d{1,2})\.?"
    r"\s+(?:\w+\s+){1,2}?(\d{1,2})(?!\d)",
    re.IGNORECASE,
)


def _mornings_after(output: str, source: str) -> set[str]:
    """The second day of a night the output names by its two days, where the source gives the
    first: a translator may say "the night of the 24th" so."""
    known = numbers_in(source)
    return {
        match.group(2)
        for match in _NIGHT_OF_TWO_DAYS.finditer(ascii_digits(output))
        if int(match.group(2)) == int(match.group(1)) + 1 and match.group(1) in known
    }


def _year_of_another_calendar(number: str, source: str) -> bool:
    """Whether a Common Era year is one the source gives in its own calendar: the Solar Hijri
    year 1400 is 2021–22 (Iran, Afghanistan), the Buddhist Era's 2569 is 2026 (Thailand)."""
    if not (number.isdigit() and 1900 <= (year := int(number)) <= 2100):
        return False
    theirs = {int(n) for n in numbers_in(source) if n.isdigit() and len(n) == 4}
    return bool({year - 621, year - 622, year + 543} & theirs)


def _shares_not_in_source(text: str, source: str) -> list[str]:
    """The summary's percentages that the article does not give as percentages (an article
    whose percentages the checks cannot read is not judged)."""
    wanted = percentages_in(text)
    known = percentages_in(source, near=True) | discount_shares(source) if wanted else set()
    return sorted(f"{n}%" for n in wanted - known) if known else []


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})")


def dates_not_in_source(text: str, source: str, metadata: str) -> list[str]:
    """The summary's dates (month-day) that the article does not give. A model resolves "on
    Thursday" with the publication date it is shown (`metadata`), so a date within a week of
    it is the article's too; an article whose dates the checks cannot read is not judged."""
    wanted = dates_in(text)
    known = dates_in(source) if wanted else frozenset()
    if not known:
        return []
    for published in _ISO_DATE.finditer(metadata):
        try:
            day = date(*(int(part) for part in published.groups()))
        except ValueError:  # an address's digits, not a date
            continue
        known = known | {(d.month, d.day) for d in (day + timedelta(k) for k in range(-7, 8))}
    return [
        f"{m:02d}-{d:02d}" for m, d in sorted(wanted - known) if not _spelled_date(source, m, d)
    ]


def _spelled_date(source: str, month: int, day: int) -> bool:
    """Whether the article writes the date with its day in words ("तीन नवंबर", "the third of
    November")."""
    lowered = source.lower()
    for name in (n for n, number in month_names().items() if number == month):
        for match in re.finditer(re.escape(name), lowered):
            before = lowered[max(0, match.start() - 24) : match.start()]
            if str(day) in spelled_numbers(before):
                return True
    return False


_CLOCK = re.compile(r"\s*(?:[01]?\d|2[0-3])[.:][0-5]\d\s*")


def check_figures(
    result: CheckResult,
    summary: ArticleSummary,
    grounding: str,
    source_lang: str | None,
    target_lang: str,
) -> None:
    """The structured figures and the figures spelled out in words must be in the article."""
    for figure in summary.figures:
        value = figure.value
        # A date the article gives is the article's, however it writes the day ("1 December" is
        # "غرة ديسمبر", the first of December): only its year is left to ground.
        if (when := dates_in(value)) and when <= dates_in(grounding):
            value = without_dates(value)
        # A bare "7.42" may be the time the article gives "alle 7.42": read so, if not a decimal.
        values = [value, f"at {value}"] if _CLOCK.fullmatch(value) else [value]
        invented = min(
            (
                [
                    n
                    for n in ungrounded_numbers(value, grounding)
                    if not same_figure_rescaled(n, value, grounding)
                ]
                for value in values
            ),
            key=len,
        )
        if invented:
            result.numbers_grounded = False
            result.flag(
                "numbers_ungrounded",
                sorted({*result.details.get("numbers_ungrounded", []), *invented}),
            )
    if rescaled := amounts_at_another_scale(summary.summary, grounding):
        # A figure the article has at another magnitude ("Rs 15 lakh" as "Rs 15 crore").
        result.numbers_grounded = False
        result.flag(
            "numbers_ungrounded",
            sorted({*result.details.get("numbers_ungrounded", []), *rescaled}),
        )
    if shares := _shares_not_in_source(summary.summary, grounding):
        # A share the article has as another figure ("15%" where it says 5% and "15 days").
        result.numbers_grounded = False
        result.flag(
            "numbers_ungrounded", sorted({*result.details.get("numbers_ungrounded", []), *shares})
        )
    if spelled := _ungrounded_spelled(summary.summary, target_lang, grounding, source_lang):
        result.numbers_grounded = False
        result.flag(
            "numbers_ungrounded",
            sorted({*result.details.get("numbers_ungrounded", []), *spelled}),
        )


# Figures a summary spells out that need no grounding: "one" is also an article, "two" says
# "both" ("the two sides").
_SPELLED_FREE = {"1", "2"}


def _ungrounded_spelled(text: str, lang: str, grounding: str, source_lang: str | None) -> list[str]:
    """Figures the summary spells out ("seven nuclear tests") that its article has neither in
    digits nor in words; judged only where the article's language has number words listed
    (resources/numbers.yaml), Japanese reading as Chinese numerals."""
    source_words = "zh" if source_lang == "ja" else source_lang
    if source_words is None or not spellable(source_words):
        return []
    spelled = (
        spelled_numbers(text, lang, approximate=False) - _SPELLED_FREE - unspelled(source_words)
    )
    if not spelled:
        return []
    known = numbers_in(grounding) | spelled_numbers(grounding)
    return sorted(n for n in spelled - known if not same_figure_rescaled(n, text, grounding))
