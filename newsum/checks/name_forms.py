"""What of an English name a text in another language keeps: a name of everyday words with an
institution's head is translated whole ("White House": "Casa Blanca"); a body's name keeps its
proper nouns and its country ("Kordofan Doctors Network": "Réseau des médecins du Kordofan");
the words after "of" in a body's name and a quoted title are translated.

Used where a summary's names are looked for in an article of another language
(checks/entities.py) and in a translation (checks/translation_names.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.names import (
    BODIES,
    GENERIC_ROLES,
    INSTITUTION_HEADS,
    body_head,
    country_pattern,
    exonym_of,
    name_words,
)
from newsum.lexicon import place_names

# Zipf frequency (wordfreq: log10 of uses per billion words) from which an English word is an
# everyday word: "house" 5.7, "independence" 4.6, "welsh" 4.2; "chester" 3.8, "koscielny" 2.6.
_EVERYDAY_ZIPF = 4.0


@lru_cache(maxsize=4096)
def translated_name(name: str, headless: bool = False) -> bool:
    """A name of everyday English words with an institution's or a document's head ("White
    House", "Energy Independence Executive Order"): another language translates it ("Casa
    Blanca", "Белый дом"), so its words are not followed across languages. A listed place or
    a name with one uncommon word ("Hull City", "Donald Trump" has no head) is followed.

    `headless`: also a name of everyday words without a head ("Graduate Recruiters", "Modern
    Family", "North-West Frontier Province") and a lone head ("the Institute"). That is how an
    English summary renders a name from an article in another language, where the English
    words cannot be looked for."""
    words = name_words(name)
    if exonym_of(name) or name in place_names():
        return False
    if len(words) == 1 and headless:
        return words[0] in INSTITUTION_HEADS or words[0] in GENERIC_ROLES
    if len(words) < 2:
        return False
    if not headless and not any(w in INSTITUTION_HEADS or w in GENERIC_ROLES for w in words):
        return False
    from wordfreq import zipf_frequency  # its English list loads once (~0.4 s), on first use

    return all(zipf_frequency(w.lower(), "en") >= _EVERYDAY_ZIPF for w in words)


@lru_cache(maxsize=4096)
def kept_in_translation(name: str) -> str | None:
    """The words of a name that a translation keeps as they are, or None when it translates
    them all. A body's name translates its English words and keeps its proper nouns and its
    country ("Kordofan Doctors Network": "Réseau des médecins du Kordofan"; "Colombian Skating
    Federation": "Fédération colombienne de patinage"). People, places and titles are followed
    as written ("Fort Hood", "President Bush")."""
    words = name_words(name)
    if exonym_of(name) or name in place_names():
        return name
    # A listed place with its quarter ("West Alexandria"): the direction is worded the
    # language's own way ("Alejandría Oeste", "Западной Александрии"), the place is kept.
    if (quarter := _QUARTER.fullmatch(name)) and (
        quarter[1] in place_names() or exonym_of(quarter[1]) == quarter[1]
    ):
        return quarter[1]
    if not any(body_head(w) for w in words):
        return name
    from wordfreq import zipf_frequency

    kept = [
        w
        for w in words
        if w not in GENERIC_ROLES
        and not body_head(w)
        and (zipf_frequency(w.lower(), "en") < _DICTIONARY_ZIPF or country_pattern(w))
    ]
    return " ".join(kept) or None


_QUARTER = re.compile(
    r"(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Upper|Lower)[- ](.+)"
)


# A body's name goes on after "of" ("National Institute of Origin and Quality", "Federation of
# Residents' Associations"): its words there are translated like its head.
_BODY_TAIL = re.compile(
    rf"\b(?:{'|'.join(sorted(BODIES))})\s+(?:of|for|on)\s+(?:the\s+)?"
    r"((?:[A-Z][\w’'-]*(?:\s+|$|(?=[,;:.)]))(?:(?:and|&)\s+)?)+)"
)


@lru_cache(maxsize=RECENT_TEXTS)
def body_name_tails(text: str) -> frozenset[str]:
    """The everyday words of the part of a body's name after "of" (a translation translates
    them: "Origin", "Quality"); its proper nouns and countries are not among them. A run of
    common words there is translated as a whole too ("Association of Artisan Bakers":
    "Asociación de Panaderos Artesanos")."""
    from wordfreq import zipf_frequency

    tails: set[str] = set()
    for match in _BODY_TAIL.finditer(text):
        words = [w.rstrip("’'") for w in match.group(1).split() if w[0].isupper()]
        common = [not country_pattern(w) and zipf_frequency(w.lower(), "en") for w in words]
        tails.update(w for w, z in zip(words, common, strict=True) if z and z >= _DICTIONARY_ZIPF)
        if len(words) > 1 and all(z and z >= _COMMON_ZIPF for z in common):
            tails.add(" ".join(words))
            # ... and each part "and" joins ("Public Works and Transport": "Public Works").
            for part in re.split(r"\s+(?:and|&)\s+", match.group(1).strip()):
                tails.add(" ".join(w.rstrip("’'") for w in part.split() if w[0].isupper()))
    return frozenset(tails)


# Common enough that a run of such words in a body's name is translated ("artisan" 3.3,
# "bakers" 3.2), rarer than place and family names are not ("Leiden" 2.9).
_COMMON_ZIPF = 3.0


def without_body_possessives(text: str) -> str:
    """`text` with a body's possessive joined to its head ("the Sponge Divers' Association" as
    "the Sponge Divers Association"), so the name is read as one body's, whose everyday words a
    translation translates."""
    return _BODY_POSSESSIVE.sub("", text) if "s'" in text or "s’" in text else text


_BODY_POSSESSIVE = re.compile(rf"(?<=[a-z]s)['’](?=\s+(?:{'|'.join(sorted(BODIES))})\b)")


# From this Zipf frequency a word is in an English dictionary and a translator translates it
# inside a body's name ("skating" 3.8, "emergencies" 3.6); place and family names are rarer
# ("Kordofan" 2.0, "Grenoble" 2.9).
_DICTIONARY_ZIPF = 3.5


# A quoted title of a work ("Behind the Candelabra", "Modern Family"): translators translate it
# (« Ma vie avec Liberace »), so its words are no names to follow. Every word of four letters or
# more is capitalised; quoted speech has lower-case words. Single quotes too ('Sixth of the Sixth
# Month'), where a quote opens after a space and is no apostrophe.
QUOTED_TITLE = re.compile(
    r"(?:[\"“«‘]|(?<!\S)')((?:(?:[A-Z][\w'’-]*|\w{1,3}\b|[-:?!,])\s*){1,14})[\"”»’']"
)
