"""Names across a translation: the summary's names kept, and no listed name put in their place.

Names are found and looked for as in the source (checks/names.py, checks/name_forms.py); what
differs is which of them a translation into another script can be held to.
"""

from __future__ import annotations

import re
from functools import cache

from newsum.checks.name_forms import (
    QUOTED_TITLE,
    body_name_tails,
    kept_in_translation,
    translated_name,
)
from newsum.checks.names import country_pattern, entries_in, exonym_of, mentions, names_in
from newsum.checks.scripts import ARABIC, CYRILLIC, UNSPACED_SCRIPT
from newsum.lexicon import exonyms, home_languages


def names_missing_in_translation(
    summary_text: str, translation: str, target_lang: str | None = None
) -> list[str]:
    """The summary's names that the translation neither keeps, nor writes in a listed form, nor
    transliterates recognisably: a dropped or changed name or place. In Chinese, and in Cyrillic
    and Arabic, only the listed names and the countries and cities CLDR names are followed:
    Chinese transliterations lose too many consonants to be told apart, and Russian and Arabic
    ones follow conventions a consonant skeleton does not know (on the checks benchmark's eight
    first measurements, followed by their sounds they caught 16 changed names and were raised
    on 63 of 124 good translations; listed only, Chinese: 4 and 1)."""
    # Words a translation may word its own way or leave out: those after "of" in a body's name,
    # and the country of the translation's own language ("France's INAO" is "l'INAO" in French).
    unsaid = body_name_tails(summary_text)
    if target_lang:
        unsaid |= {n for n in names_in(summary_text) if target_lang in home_languages(n)}
    names = [
        kept
        for n in names_in(QUOTED_TITLE.sub(" ", summary_text))
        if not translated_name(n) and (kept := kept_in_translation(n)) and kept not in unsaid
    ]
    if UNSPACED_SCRIPT.search(translation) or _CYRILLIC_OR_ARABIC.search(translation):
        names = [
            n
            for n in names
            if exonym_of(n) or exonym_of(re.split(r"[- ]", n)[-1]) or country_pattern(n)
        ]
    return sorted({name for name in names if not mentions(translation, name)})


_CYRILLIC_OR_ARABIC = re.compile(f"[{CYRILLIC}{ARABIC}]{{3}}")


def names_added_in_translation(summary_text: str, translation: str) -> list[str]:
    """Names of the table that the translation has and the summary does not: a name changed
    into another ("Bakú" → "Ereván", "arménienne" → "française"). Only where the summary names
    some itself: a translation that names no place of the table's in its summary may add the
    country for its readers ("la Poste" as "البريد الفرنسي": on the checks benchmark's
    twenty-four splits, this reason left 13 of the 17 good translations it was raised on, and
    no catch of a changed name)."""
    in_summary = entries_in(summary_text)
    if not in_summary:
        return []
    return sorted(
        entry
        for entry in entries_in(translation) - in_summary
        if not any(alias in in_summary for alias in _contains(entry))
    )


@cache
def _contains(entry: str) -> tuple[str, ...]:
    """Entries whose forms overlap this one's (Artsakh is listed under Nagorno-Karabakh too)."""
    forms = set(exonyms()[entry])
    return tuple(other for other, f in exonyms().items() if other != entry and forms & set(f))
