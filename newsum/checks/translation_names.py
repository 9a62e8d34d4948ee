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
    without_body_possessives,
)
from newsum.checks.names import (
    country_pattern,
    entries_in,
    exonym_of,
    folded,
    mentions,
    names_in,
    nationality,
)
from newsum.checks.scripts import ARABIC, CYRILLIC, UNSPACED_SCRIPT
from newsum.checks.spelling import spelling_skeletons, word_skeletons
from newsum.lexicon import exonyms, home_languages
from newsum.text import split_sentences


def names_missing_in_translation(
    summary_text: str, translation: str, target_lang: str | None = None
) -> list[str]:
    """The summary's names that the translation neither keeps, nor writes in a listed form, nor
    transliterates recognisably: a dropped or changed name or place. In Chinese, and in Cyrillic
    and Arabic, only the listed names and the countries and cities CLDR names are followed:
    Chinese transliterations lose too many consonants to be told apart, and Russian and Arabic
    ones follow conventions a consonant skeleton does not know (on the checks benchmark's eight
    first measurements, followed by their sounds they caught 16 changed names and were raised
    on 63 of 124 good translations; listed only, Chinese: 4 and 1). In Latin script a name is
    also looked for where the summary gives it (`_missing_where_said`): on the 207 splits to
    final204 that caught 29 more changed names and 7 dropped attributions, and flagged 5 more
    of 9,924 good rows."""
    # Words a translation may word its own way or leave out: those after "of" in a body's name,
    # and the country of the translation's own language ("France's INAO" is "l'INAO" in French).
    unsaid = body_name_tails(summary_text)
    if target_lang:
        unsaid |= {n for n in names_in(summary_text) if target_lang in home_languages(n)}
    read = _CURRENCY_COUNTRY.sub(" ", QUOTED_TITLE.sub(" ", without_body_possessives(summary_text)))
    names = [
        kept
        for n in names_in(read)
        if not translated_name(n)
        and not nationality(n)
        and (kept := kept_in_translation(n))
        and kept not in unsaid
    ]
    if UNSPACED_SCRIPT.search(translation) or _CYRILLIC_OR_ARABIC.search(translation):
        names = [
            n
            for n in names
            if exonym_of(n) or exonym_of(re.split(r"[- ]", n)[-1]) or country_pattern(n)
        ]
        return sorted({name for name in names if not mentions(translation, name)})
    missing = {name for name in names if not mentions(translation, name)}
    return sorted(missing | _missing_where_said(summary_text, translation, names))


def _missing_where_said(summary_text: str, translation: str, names: list[str]) -> set[str]:
    """Names of rare words that a Latin-script translation does not write where the summary
    does: in the same sentence or one beside it. A name the summary gives twice may be kept once
    and changed the other time, and a name's letters found anywhere in a whole translation
    ("Yuecheng" in some other word's sounds) say little. Read only when the translation has as
    many sentences as the summary; names with an everyday word ("Paragliding Club") are left
    out, as translators translate those."""
    ours = split_sentences(summary_text)
    theirs = split_sentences(translation)
    if len(ours) != len(theirs):
        return set()
    proper = {name: words for name in names if (words := _rare_words(name))}
    missing: set[str] = set()
    for i, sentence in enumerate(ours):
        beside = " ".join(theirs[max(0, i - 1) : i + 2])
        for name, words in proper.items():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sentence) and not any(
                mentions(beside, word) for word in words
            ):
                missing.add(name)
    return missing


def _rare_words(name: str) -> list[str]:
    """The name's words if every one is rarer in English than everyday words; else none."""
    from wordfreq import zipf_frequency

    words = [w for w in re.split(r"[- ]", name) if w and not w.islower()]
    rare = [w for w in words if len(w) > 2 and zipf_frequency(w.lower(), "en") < _EVERYDAY_ZIPF]
    return rare if len(rare) == len(words) else []


# From this Zipf frequency an English word is an everyday one a translator may translate
# ("Regency", 3.3, and "Manger", 3.0, are below it: translated, they are flagged).
_EVERYDAY_ZIPF = 3.5


# A currency's country is an adjective in translation: "a stronger New Zealand dollar" is
# "новозеландского доллара", "dólar neozelandés".
_CURRENCY_COUNTRY = re.compile(
    r"\b(?:[A-Z][\w-]+\s){1,2}(?=(?:dollars?|pounds?|francs?|pesos?|rupees?|shillings?|kron[aeo]r?"
    r"|rand|dinars?|riyals?|rials?)\b)"
)


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


def names_new_in_translation(
    summary_text: str, translation: str, target_lang: str, source: str = ""
) -> list[str]:
    """Names a Latin-script translation writes that nothing in the summary sounds like: a name
    changed into another where the summary's name is still there elsewhere ("Ponferrada" twice,
    once turned into "Luarca"). A candidate is a capitalised word inside a sentence that is no
    word of the translation's language, no acronym, and whose sounds (in any spelling
    convention: "Loukachenko", "Jankendi", "Mijéyeva") are no name of the summary's (nor,
    whole and of three consonants or more, any other word of it), nor a word of the
    article's (`source`: a translator may keep a body's name as the article wrote it,
    "Consellería", "Diputación", "Biergarten"). Scripts
    without capitals, and Cyrillic, whose transliterations a skeleton does not follow, are
    left to the listed names."""
    if UNSPACED_SCRIPT.search(translation) or _CYRILLIC_OR_ARABIC.search(translation):
        return []
    from wordfreq import zipf_frequency

    # What a new name may sound like is a name of the summary's; any other word of it only
    # with a skeleton of three consonants or more, whole ("Huimin" is no "man").
    heard = word_skeletons(" ".join(_SUMMARY_NAME_WORD.findall(summary_text)))
    heard_words = frozenset(s for s in word_skeletons(summary_text) if len(s) >= 3)
    named = entries_in(summary_text)
    new: set[str] = set()
    for sentence in split_sentences(translation):
        for match in _INNER_CAPITALISED.finditer(sentence):
            word = match.group(1)
            parts = word.split("-")
            if (
                word.isupper()
                or any(len(part) < 3 or not part.isalpha() for part in parts)
                or zipf_frequency(word.lower(), target_lang) >= _WORD_OF_THE_LANGUAGE_ZIPF
                # Each part of a compound on its own: "Kordofan-Septentrional" (North Kordofan).
                or all(
                    _sounds_like(part, heard)
                    or _sounds_like(part, heard_words, whole=True)
                    or zipf_frequency(part.lower(), target_lang) >= _WORD_OF_THE_LANGUAGE_ZIPF
                    for part in parts
                )
                # Written as the summary writes it: a word too short to have a skeleton ("Khao").
                or re.search(rf"(?<!\w){re.escape(word)}(?!\w)", summary_text)
                or ((places := entries_in(word)) and places <= named)
                or _translated_members(sentence, match.start(1), word, target_lang)
                or (source and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", source))
            ):
                continue
            new.add(word)
    return sorted(new)


_SUMMARY_NAME_WORD = re.compile(r"(?<!\w)[A-ZÀ-Þ][\w'’-]*")
# A capitalised word after the first of its sentence, after an elided article ("d'Amman").
_INNER_CAPITALISED = re.compile(r"(?<=[\s(«“\"'’])([A-ZÀ-Þ][a-zß-ÿA-ZÀ-Þ-]{3,})(?![\w'’])")
# From this Zipf frequency a capitalised word is a word of the language in a body's translated
# name ("Asociación de Olivicultores"), or a name too common to tell from one.
_WORD_OF_THE_LANGUAGE_ZIPF = 2.5


# The people a body is of, translated: "Asociación de Hortelanos" (the Gardeners' Association),
# "Asociación de Salineros", "Association des Viticulteurs": a plural of a trade or of people
# after a capitalised head and "de", a word of the language if a rare one.
_MEMBERS_AFTER = re.compile(
    r"[A-ZÀ-Þ][\w'’-]+\s+(?:de|des|del|de los|de las|dos|das|di|dei|degli|delle)\s+$"
)
_PEOPLE_PLURAL = re.compile(
    r"\w+(?:eros|eras|ores|oras|anos|anas|istas|antes|entes|eiros|eiras|eurs|euses|iers|ières"
    r"|istes|ants|ori|ieri|isti|anti)",
    re.IGNORECASE,
)
_RARE_WORD_ZIPF = 1.5


def _translated_members(sentence: str, start: int, word: str, lang: str) -> bool:
    if not (
        _PEOPLE_PLURAL.fullmatch(word)
        and _MEMBERS_AFTER.search(sentence[max(0, start - 40) : start])
    ):
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), lang) >= _RARE_WORD_ZIPF


def _sounds_like(word: str, heard: frozenset[str], whole: bool = False) -> bool:
    plain = folded(word)
    # Spanish writes kh as j ("Mijéyeva" for Mikheyeva): the skeleton drops the h of kh. Arabic
    # ذ and ظ are "dh" or "z" ("Kadhim", "Kazim").
    forms = (
        spelling_skeletons(plain)
        | spelling_skeletons(plain.replace("j", "h"))
        | spelling_skeletons(plain.replace("z", "dh"))
    )
    return any(
        form in heard
        or (
            not whole
            and len(form) >= 3
            and any(s.startswith(form) or form.startswith(s) for s in heard if len(s) >= 3)
        )
        for form in forms
    )
