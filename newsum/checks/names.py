"""Names and places: found in a summary and in the source (in any script). What of an English
name another language keeps is checks/name_forms.py; a summary's names its article lacks,
checks/entities.py; whether a translation keeps them, checks/translation_names.py.

Two ways to recognise a name written in another script: the exonym table of the names that
matter (resources/exonyms.yaml), and the consonant skeleton of its sounds (checks/spelling.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.scripts import ARABIC, ARABIC_LETTER, HAN, HANGUL, HEBREW, KANA, UNSPACED_SCRIPT
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
    demonyms,
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
# Latin letters with their accents ("Kütahya", "Jégo", "Tõrvaaugu", "Dumlupınar", "Łódź"); a
# name ends where its word does ("Dumlup" is none).
_LATIN = [chr(c) for c in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isalpha()]
_UPPER = "".join(c for c in _LATIN if c.isupper())
_LOWER = "".join(c for c in _LATIN if c.islower())
# A word may hold an apostrophe before two letters or more ("Be'er Sheva", "Ma'ale"), not the
# possessive "'s".
_APOSTROPHE_TAIL = rf"[{_LOWER}]+['’][{_LOWER}]{{2,}}"
_CAPITALISED = re.compile(
    rf"(?<![\w.])((?:(?:La|Le|Les|El|Al|Die|Der|Das|De|Di|Da)\s)?"
    rf"[{_UPPER}](?:{_APOSTROPHE_TAIL}|[{_LOWER}]{{2,}})"
    rf"(?:(?:[- ]|[- ]{_PARTICLE}[- ])[{_UPPER}](?:{_APOSTROPHE_TAIL}|[{_LOWER}]+))*)(?!\w)"
)


def _words(key: str) -> frozenset[str]:
    """A word list of resources/name_words.yaml (the words of English names)."""
    return frozenset(str(resource_data("name_words.yaml")[key]).split())


# Capitalised words that start a sentence or name no one; titles and institutions' words; the
# heads of names translators translate (resources/name_words.yaml).
STOP_CAPITALISED = _words("sentence_words")
GENERIC_ROLES = _words("roles")
INSTITUTION_HEADS = _words("institution_heads")
# The heads of a body's, a company's, a group's, a festival's or a street's name.
BODIES = INSTITUTION_HEADS | _words("bodies")
_DEMONYM = re.compile(r"(?<=\w{3})(?:ian|ean|ish|ese|an)s?$")
_GROUP_ENDING = re.compile(r"[A-Z][a-z]{3,}(?:ers|ors|men|ists|ards|ies)")


def body_head(word: str) -> bool:
    """A head of a body's or a group's name: listed in resources/name_words.yaml, or the plural
    of a dictionary noun for people or trades ("Beekeepers", "Tradesmen", "Lifeguards"), which
    a translation translates ("Apicultores de Las Hurdes")."""
    return word in BODIES or _group_of(word)


@lru_cache(maxsize=4096)
def _group_of(word: str) -> bool:
    if not _GROUP_ENDING.fullmatch(word):
        return False
    from wordfreq import zipf_frequency  # its English list loads once, on first use

    lower = word.lower()
    singular = (
        lower[:-3] + "man" if lower.endswith("men") else
        lower[:-3] + "y" if lower.endswith("ies") else lower[:-1]
    )  # fmt: skip
    # A dictionary noun, not an everyday one ("Powers", "Waters", "Peters" are surnames too) and
    # no surname used more than its singular ("Myers").
    one, many = zipf_frequency(singular, "en"), zipf_frequency(lower, "en")
    return 2.5 <= one < 4.0 and 2.0 <= many <= one + 0.2


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


@lru_cache(maxsize=RECENT_TEXTS * 4)
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
        and words[-1] not in INSTITUTION_HEADS
        and not body_head(words[-1])
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


def _adjectival(name: str) -> bool:
    """Shaped like a nationality adjective: "Syrian", "Japanese", "Azerbaijani"."""
    return bool(_DEMONYM.search(name) or name.endswith("i") or name in demonyms())


def nationality(name: str) -> bool:
    """A one-word nationality adjective of a listed country ("Egyptian", "Azerbaijani"), no
    place itself: a translation writes it as an adjective of its own ("égyptienne", "المصري",
    "азербайджанский") or names the country instead."""
    return (
        " " not in name
        and name not in place_names()
        and not exonym_of(name)
        and _adjectival(name)
        and country_pattern(name) is not None
    )


@lru_cache(maxsize=4096)
def country_of(name: str) -> str | None:
    """The country or city (its English name) that a name or a nationality adjective stands
    for: "Beijing", "Syrian" → Syria, "Swiss" → Switzerland; None when it is neither."""
    places = place_names()
    if name in places:
        return name
    if (country := demonyms().get(name)) in places:
        return country
    if " " in name or not _adjectival(name):
        return None
    # "Azerbaijani", "German", "Syrian": the country whose name the adjective starts with.
    return max(
        (c for c in country_names() if _shared(c, name) >= max(4, len(c) - 2)),
        key=lambda c: _shared(c, name),
        default=None,
    )


@lru_cache(maxsize=4096)
def country_pattern(name: str) -> re.Pattern[str] | None:
    """The country or city a name or nationality adjective stands for ("Germany", "German",
    "Beijing"), as a pattern of its names in the languages covered; None when it is neither."""
    place = country_of(name)
    forms = place_names()[place] if place else None
    language = language_names().get(name, ()) if " " not in name else ()
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


def grounded(source: str, name: str, same_language: bool) -> bool:
    """Whether the source names `name`, or the same place by its other name (Artsakh)."""
    entry = exonym_of(name)
    names = (name, *same_places().get(entry, ())) if entry else (name,)
    return any(mentions(source, n, same_language) for n in names)


@lru_cache(maxsize=RECENT_TEXTS)
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
    English "turkey"); adjectives ("arménienne", "iraní", "ruso") still count. An Arabic form
    goes on only with an ending ("التركية"), not inside another word ("التركيب", the fitting)."""
    if ARABIC_LETTER.match(found[-1:]):
        return end == len(text) or not text[end].isalpha() or text[end] in _ENDINGS
    if not found.islower() or not folded(found).isascii():
        return True
    whole_word = end == len(text) or not text[end].isalnum()
    return not whole_word or folded(found) != folded(entry)


_ENDINGS = "ةاىينوه"


def folded(text: str) -> str:
    """Lower case without accents: "Mijéyeva" is "mijeyeva"."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    table: dict[str, str] = resource_data("exonyms.yaml").get("abbreviations", {})
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(short)}(?!\w)"), entry) for short, entry in table.items()
    )
