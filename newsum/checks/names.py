"""Names and places: found in a summary and in the source (in any script); whether a
translation keeps them is checks/translation_names.py.

Two ways to recognise a name written in another script: the exonym table of the names that
matter (resources/exonyms.yaml), and the consonant skeleton of its sounds (checks/spelling.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from newsum.checks.numbers import _RECENT_TEXTS
from newsum.checks.scripts import ARABIC, HAN, HANGUL, HEBREW, KANA, UNSPACED_SCRIPT
from newsum.checks.spelling import (
    LATIN_TEXT,
    capitalised_skeletons,
    cjk_spans,
    latin_in,
    long_skeletons,
    nearly_within,
    skeleton,
    word_skeletons,
)
from newsum.lexicon import (
    country_names,
    exonyms,
    language_names,
    place_names,
    resource_data,
    same_places,
)
from newsum.text import split_sentences

# A name may hold lower-case particles and start with an article ("La Voix du Caucase",
# "Abu al-Walid"): one name, not its capitalised words apart ("Voix" is no name to follow).
_PARTICLE = r"(?:du|de|des|del|della|la|le|al|el|von|van|der|den|di|da|dos|do|bin|ibn)"
_CAPITALISED = re.compile(
    rf"(?<![\w.])((?:(?:La|Le|Les|El|Al|Die|Der|Das|De|Di|Da)\s)?[A-Z][a-z]{{2,}}"
    rf"(?:(?:[- ]|[- ]{_PARTICLE}[- ])[A-Z][a-z]+)*)"
)


def _words(key: str) -> frozenset[str]:
    """A word list of resources/name_words.yaml (the words of English names)."""
    return frozenset(str(resource_data("name_words.yaml")[key]).split())


# Capitalised words that start a sentence or name no one; titles and institutions' words; the
# heads of names translators translate (resources/name_words.yaml).
STOP_CAPITALISED = _words("sentence_words")
GENERIC_ROLES = _words("roles")
_INSTITUTION_HEADS = _words("institution_heads")
# Zipf frequency (wordfreq: log10 of uses per billion words) from which an English word is an
# everyday word: "house" 5.7, "independence" 4.6, "welsh" 4.2; "chester" 3.8, "koscielny" 2.6.
_EVERYDAY_ZIPF = 4.0
_DEMONYM = re.compile(r"(?<=\w{3})(?:ian|ean|ish|ese|an)s?$")
_ARABIC_OR_HAN = re.compile(f"[{ARABIC}{HAN}]")


@cache
def _exonym_patterns() -> dict[str, re.Pattern[str]]:
    patterns: dict[str, re.Pattern[str]] = {}
    for name, forms in exonyms().items():
        alternatives = []
        for form in sorted(forms, key=len, reverse=True):
            escaped = re.escape(form)
            if _ARABIC_OR_HAN.search(form):
                alternatives.append(escaped)  # glued prefixes (ال, و) and no spaces in Chinese
            elif len(form) <= 3:
                alternatives.append(rf"(?<!\w){escaped}(?!\w)")  # "un", "eu": whole words only
            else:
                alternatives.append(rf"(?<!\w){escaped}")
        patterns[name] = re.compile("|".join(alternatives), re.IGNORECASE)
    return patterns


@lru_cache(maxsize=4096)
def exonym_of(name: str) -> str | None:
    """The table's entry a name belongs to ("Haut-Karabakh" → "Nagorno-Karabakh")."""
    lowered = name.lower()
    for entry, pattern in _exonym_patterns().items():
        if pattern.fullmatch(lowered) or (
            (found := pattern.match(lowered))
            and (not lowered.isascii() or _ENGLISH_ENDING.match(lowered, found.end()))
        ):
            return entry
    return None


# What an English name may add to a listed form: "Armenians", "Iranian", "Azerbaijani", "Russia's";
# "Francesco" is no France.
_ENGLISH_ENDING = re.compile(r"(?:['’]s|s|i|is|n|ns|ian|ians|ean|eans|ese|ish|an|ans)?(?![a-z])")


@lru_cache(maxsize=_RECENT_TEXTS * 4)
def mentions(text: str, name: str, same_language: bool = False) -> bool:
    """Whether `text` names `name` (as an English text writes it). `same_language`: the text is
    English too, so every word of the name must be there ("General Assembly" included);
    otherwise titles are translated and only the distinctive words are looked for, in any script."""
    entry = exonym_of(name) or exonym_of(re.split(r"[- ]", name)[-1])
    words = name_words(name)
    distinctive = [p for p in words if p not in GENERIC_ROLES]
    if _named_as_a_place(text, name, entry, distinctive) or _written_as_is(
        text, words, distinctive
    ):
        return True
    if same_language or (entry is not None and UNSPACED_SCRIPT.search(text)):
        # A listed name in none of its listed forms may still be transliterated (Spanish
        # "Jankendi", Turkish "Laçin"), except in Chinese, where a skeleton of two consonants
        # matches too much: there the table's forms are the test.
        return False
    if entry is not None:
        # A listed name in none of its listed forms: only a capitalised word with its exact
        # skeleton will do ("Laçin" is Lachin, "Jankendi" Khankendi; "groupe" and "carburant"
        # are no Karabakh). Caseless scripts (Arabic) are left to the table's forms.
        return bool(distinctive) and skeleton(distinctive[-1]) in capitalised_skeletons(text)
    return _transliterated(text, distinctive)


def _named_as_a_place(text: str, name: str, entry: str | None, distinctive: list[str]) -> bool:
    """In one of the exonym table's forms, or as CLDR names the country or city."""
    if entry is not None and entry in entries_in(text):
        return True
    if (country := country_pattern(name)) and country.search(text):
        return True
    # "Welsh Government" as "gouvernement gallois".
    return (
        entry is None
        and len(distinctive) == 1
        and distinctive[0] != name
        and (country := country_pattern(distinctive[0])) is not None
        and country.search(text) is not None
    )


def _written_as_is(text: str, words: list[str], distinctive: list[str]) -> bool:
    """Every word of the name as written, or a person's surname alone ("Ms Baynes")."""
    lowered = text.lower()
    if all(p.lower()[:5] in lowered for p in words):
        return True
    # ("Premier League" has no surname: "the league" is not it.)
    surname = (
        len(words) > 1
        and distinctive
        and distinctive[-1] == words[-1]
        and words[-1] not in _INSTITUTION_HEADS
        and words[-1] not in _BODIES
    )
    return bool(surname) and words[-1].lower()[:5] in lowered


def _transliterated(text: str, distinctive: list[str]) -> bool:
    """The name's sounds in another script or spelling, compared by consonant skeletons."""
    # A person is followed by the surname: translations often drop a first name. A nationality
    # keeps only its stem ("Syrian" → "Syri": Сирийская, sirio, syrien).
    last = _DEMONYM.sub("", distinctive[-1]) if distinctive else ""
    # Each word wanted is a set of skeletons, one per spelling convention; any one will do.
    wanted = [w for w in [long_skeletons(last)] if w] if last else []
    if last and not wanted:
        # A last word with one consonant left ("Shusha": "s"): the name's other words, where two
        # or more have enough ("Ahmadbeyli-Fuzuli-Shusha"; not "Fort Hood", all "Fort").
        others = [w for w in (long_skeletons(p) for p in distinctive) if w]
        wanted = others if len(others) >= 2 else []
    if not wanted:
        # Nothing distinctive left to look for in another script ("Hood" is a "d"); in Latin
        # script a name stays as it is written ("Fort Hood" in French too).
        return (bool(distinctive) and LATIN_TEXT.match(text) is None) or latin_in(last, text)
    if UNSPACED_SCRIPT.search(text):  # a run of Chinese characters holds several words
        # Chinese drops consonants ("Zakharova" → 扎哈罗娃, "slf"): all but one, in order.
        spans = cjk_spans(text)
        return all(
            any(len(c) <= len(w) and nearly_within(w, c) for c in spans for w in forms)
            for forms in wanted
        )
    found = word_skeletons(text)
    # A transliteration may add or lose a final consonant: compare the first three.
    return all(
        any(s.startswith(w[:3]) or (len(s) >= 3 and w.startswith(s)) for s in found for w in forms)
        for forms in wanted
    )


def name_words(name: str) -> list[str]:
    """The words of a name, lower-case particles left out ("La Voix du Caucase")."""
    return [p for p in re.split(r"[- ]", name) if p and not p.islower()]


_NON_SPACED_FORM = re.compile(f"[{HEBREW}{ARABIC}{KANA}{HAN}{HANGUL}]")
_STEM_VOWEL = re.compile(r"(?<=\w{4})[aeiouyаеёиоуыэюяьй]$")


@lru_cache(maxsize=4096)
def country_pattern(name: str) -> re.Pattern[str] | None:
    """The country or city a name or nationality adjective stands for ("Germany", "German",
    "Beijing"), as a pattern of its names in the languages covered; None when it is neither."""
    countries = country_names()
    forms = place_names().get(name)
    language = language_names().get(name, ()) if " " not in name else ()
    if forms is None and " " not in name and (_DEMONYM.search(name) or name.endswith("i")):
        # "Azerbaijani", "German", "Syrian": the country whose name the adjective starts with.
        best = max(
            (c for c in countries if _shared(c, name) >= max(4, len(c) - 2)),
            key=lambda c: _shared(c, name),
            default=None,
        )
        forms = countries[best] if best else None
    # "German" is also the language's name, which is how French or Russian write the adjective.
    forms = (*(forms or ()), *(_adjective_forms(language)))
    if not forms:
        return None
    alternatives = []
    for form in sorted(set(forms), key=len, reverse=True):
        if _NON_SPACED_FORM.search(form):
            # Arabic glues articles and prepositions to a name and ends an adjective in ي/ية:
            # "ألمانيا" in "بألمانيا", its stem in "الألمانية". Chinese and the like: anywhere.
            stem = form[:-1] if form.endswith(("ا", "ة")) and len(form) > 4 else form
            alternatives.append(re.escape(stem))
        else:
            # Inflected languages change the end: "Германия", "Германии"; "Alemania", "alemanes";
            # of every word: "Новая Зеландия", "с Новой Зеландией".
            *heads, tail = form.split(" ")
            # A long name's adjective may change its last consonant too: Egipto, egipcio.
            stems = [re.escape(w[: max(3, len(w) - 2)]) + r"\w*\s+" for w in heads]
            stem = tail[: len(tail) - 2] if len(tail) >= 6 else _STEM_VOWEL.sub("", tail)
            alternatives.append(rf"(?<!\w){''.join(stems)}{re.escape(stem)}")
    # CLDR writes the typographic apostrophe (côte d’ivoire); texts often the straight one. It
    # writes Hindi's foreign sounds with a nukta (फ़्रांस); texts often leave it out (फ्रांस).
    pattern = "|".join(alternatives).replace("’", "['’]").replace("\u093c", "\u093c?")
    return re.compile(pattern, re.IGNORECASE)


_ADJECTIVE_END = re.compile(r"(?<=\w{4})(?:ий|ый|ой|ая|ое|ие|ые)$")
_LANGUAGE_SUFFIX = re.compile(r"[语語文]$")


def _adjective_forms(language: tuple[str, ...]) -> list[str]:
    """A language's names as stems of its nationality adjective: немецкий → немецк (немецкого),
    alemán → aleman (alemana), الألمانية → ألماني, 威尔士语 → 威尔士 (a one-character stem, 德,
    is too short to tell)."""
    forms = []
    for form in language:
        form = _ADJECTIVE_END.sub("", form)
        if form.startswith("ال"):
            form = form[2:]
        form = _LANGUAGE_SUFFIX.sub("", form)
        if _NON_SPACED_FORM.search(form) and UNSPACED_SCRIPT.search(form) and len(form) < 2:
            continue
        forms.append(form)
        plain = "".join(
            c for c in unicodedata.normalize("NFD", form) if not unicodedata.combining(c)
        )
        if plain != form and plain.isascii():
            forms.append(plain)
    return forms


def _shared(a: str, b: str) -> int:
    """How many first letters two words share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def names_in(text: str) -> list[str]:
    """Capitalised names in an English (Latin-script) text, the first word of a sentence left
    out unless it is a known name, roles and common sentence starters dropped."""
    found: dict[str, None] = {}
    for sentence in split_sentences(text):
        first, _, rest = sentence.partition(" ")
        head = first.strip("“\"'(").rstrip(",.;:'’s")
        if head and (exonym_of(head) is not None or head in place_names()):
            found[head] = None
        for name in _CAPITALISED.findall(rest):
            if name.split()[0].split("-")[0] in STOP_CAPITALISED:
                continue
            found[name] = None
    return list(found)


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
        return words[0] in _INSTITUTION_HEADS or words[0] in GENERIC_ROLES
    if len(words) < 2:
        return False
    if not headless and not any(w in _INSTITUTION_HEADS or w in GENERIC_ROLES for w in words):
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
    if exonym_of(name) or name in place_names() or not any(w in _BODIES for w in words):
        return name
    from wordfreq import zipf_frequency

    kept = [
        w
        for w in words
        if w not in GENERIC_ROLES
        and w not in _BODIES
        and (zipf_frequency(w.lower(), "en") < _DICTIONARY_ZIPF or country_pattern(w))
    ]
    return " ".join(kept) or None


# The heads of a body's, a company's, a group's, a festival's or a street's name.
_BODIES = _INSTITUTION_HEADS | _words("bodies")
# A body's name goes on after "of" ("National Institute of Origin and Quality", "Federation of
# Residents' Associations"): its words there are translated like its head.
_BODY_TAIL = re.compile(
    rf"\b(?:{'|'.join(sorted(_BODIES))})\s+(?:of|for|on)\s+(?:the\s+)?"
    r"((?:[A-Z][\w’'-]*(?:\s+|$)(?:(?:and|&)\s+)?)+)"
)


@lru_cache(maxsize=_RECENT_TEXTS)
def body_name_tails(text: str) -> frozenset[str]:
    """The everyday words of the part of a body's name after "of" (a translation translates
    them: "Origin", "Quality"); its proper nouns and countries are not among them."""
    from wordfreq import zipf_frequency

    return frozenset(
        word.rstrip("’'")
        for match in _BODY_TAIL.finditer(text)
        for word in match.group(1).split()
        if word[0].isupper()
        and zipf_frequency(word.rstrip("’'").lower(), "en") >= _DICTIONARY_ZIPF
        and not country_pattern(word.rstrip("’'"))
    )


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


def entities_not_in_source(
    output: str,
    source: str,
    same_language: bool = True,
    outlet: str = "",
) -> list[str]:
    """Names in the output (English) that the source (any language) never mentions; in a
    source of another language, names it would translate are not looked for. Titles of works
    are translated too; the outlet (`outlet`: its name and address) is named by the metadata
    ("BBC Mundo", "Ararat Times")."""
    tails = frozenset() if same_language else body_name_tails(output)
    return sorted(
        {
            n
            for n in names_in(QUOTED_TITLE.sub(" ", output))
            if (wanted := _looked_for(n, same_language)) is not None
            and wanted not in tails
            and not grounded(source, wanted, same_language)
            and not (outlet and mentions(outlet, n))
        }
    )


def _looked_for(name: str, same_language: bool) -> str | None:
    """What of a summary's name its article must have: all of it in the same language; in
    another, what a translation keeps of it (None: nothing, it is all translated)."""
    if same_language:
        return name
    if translated_name(name, headless=True):
        return None
    return kept_in_translation(name)


def grounded(source: str, name: str, same_language: bool) -> bool:
    """Whether the source names `name`, or the same place by its other name (Artsakh)."""
    entry = exonym_of(name)
    names = (name, *same_places().get(entry, ())) if entry else (name,)
    return any(mentions(source, n, same_language) for n in names)


@lru_cache(maxsize=_RECENT_TEXTS)
def entries_in(text: str) -> frozenset[str]:
    """The table's entries a text names, in any of their forms."""
    lowered = text.lower()
    # A substring test first (fast): the pattern only decides word starts for what is there.
    found = {
        entry
        for entry, pattern in _exonym_patterns().items()
        if any(form in lowered for form in exonyms()[entry])
        and any(_names_it(m.group(), text, m.end(), entry) for m in pattern.finditer(text))
    }
    # "US", "EU", "UN": upper case only ("us", "eu", "un" are words of English, Portuguese, French).
    found.update(entry for short, entry in _abbreviations() if short.search(text))
    return frozenset(found)


def _names_it(found: str, text: str, end: int, entry: str) -> bool:
    """Whether a form found names the entry. In Latin script a place's own name is written with
    a capital: lower-case and a whole word, it is a word of the language (Spanish "se irán",
    English "turkey"); adjectives ("arménienne", "iraní", "ruso") still count."""
    if not found.islower() or not _folded(found).isascii():
        return True
    whole_word = end == len(text) or not text[end].isalnum()
    return not whole_word or _folded(found) != _folded(entry)


def _folded(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    table: dict[str, str] = resource_data("exonyms.yaml").get("abbreviations", {})
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(short)}(?!\w)"), entry) for short, entry in table.items()
    )
