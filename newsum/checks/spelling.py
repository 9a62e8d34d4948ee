"""A name in any script, compared by its sounds: the consonant skeleton of its ASCII
transliteration (anyascii), which survives most transliterations ("Peskov", "Песков", "بيسكوف"
and "佩斯科夫" all give "bskf"), and the spellings other conventions give the same sounds
(French "ch" for "sh", Russian "г" for "h", Arabic "و" for "w")."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import regex
from anyascii import anyascii

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.scripts import ARABIC_LETTER, DEVANAGARI, UNSPACED_SCRIPT, UNSPACED_SCRIPT_RUN

_SKELETON = str.maketrans(
    {
        "p": "b",
        "v": "f",
        "w": "f",
        "q": "k",
        "c": "k",
        "g": "k",
        "z": "s",
        "x": "ks",
        "j": "d",
        "r": "l",  # Chinese writes r as l
    }
)
_DROPPED = re.compile(r"[^bdfhklmnrst]")  # vowels, y, and what transliteration varies most


# Arabic writes long vowels with و, ي, ا (and hamza seats): anyascii makes them w, y, a, which
# would read as consonants ("أردوغان" → 'rdwgh'n); dropped before transliterating.
_ARABIC_VOWEL_LETTERS = str.maketrans(dict.fromkeys("اويىأإآءؤئ", None))


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """Consonants of the ASCII transliteration, similar sounds merged, doubles collapsed."""
    # "kh" and "h" alike: Хомс is "Khoms", and the h of Homs is written by nobody else.
    lowered = _ascii(text.translate(_ARABIC_VOWEL_LETTERS)).lower().replace("kh", "h")
    if not UNSPACED_SCRIPT.search(text):
        # Russian ж is "zh" in English ("Dzhanyatag"), "j" in French and ج in Arabic: one sound.
        # (Not in Chinese, whose pinyin "zh" transliterates an s or a z: 扎哈罗娃, Zakharova.)
        lowered = lowered.replace("dzh", "j").replace("zh", "j")
    ascii_text = lowered.translate(_SKELETON).replace("sh", "s")
    consonants = _DROPPED.sub("", ascii_text.replace("h", ""))
    return re.sub(r"(.)\1+", r"\1", consonants)


_DEVANAGARI = re.compile(f"[{DEVANAGARI}]")
_INDIC = re.compile("[\u0980-\u0dff]")  # Bengali to Malayalam
_HEBREW = re.compile("[\u05d0-\u05ea]")
# The nasal mark before a consonant (anusvara, bindi, tippi) of each Indian script: an n.
_ANUSVARA = str.maketrans(
    dict.fromkeys("\u0902\u0982\u0a02\u0a70\u0a82\u0b02\u0c02\u0c82\u0d02", "n")
)


def _ascii(text: str) -> str:
    """anyascii, except that an Arabic letter stays one sound: ك then ه is "k|h", not the "kh"
    of خ (يوكوهاما is Yokohama). The bar goes with the other non-consonants."""
    if not ARABIC_LETTER.search(text):
        return anyascii(text)
    return "".join(f"{anyascii(c)}|" if ARABIC_LETTER.match(c) else anyascii(c) for c in text)


# How Latin-script languages write the same sounds apart: French "ch"/"tch" and German "sch" for
# the English "sh" (Choucha, Kouchtch for Shusha, Kushch; "shch" is щ), English soft c for s
# (Leicester: Лестер; Facebook: فيسبوك). A name and a word match when any spelling does.
_SH_SPELLINGS = re.compile(r"shch|tch|tsch|sch|ch")
_SOFT_C = re.compile(r"c(?=[eiy])")
# Arabic writes a foreign z as ض, ذ or ظ as well as ز (فضولي, Fuzuli).
_ARABIC_Z = str.maketrans(dict.fromkeys("ضذظ", "ز"))
_VOWEL_C = re.compile(r"(?<=[aeiouı])c(?=[aeiouı])")
_LONE_H = re.compile(r"(?<![cgkpstz])h")  # an h of its own, not of sh, ch, kh, th…


def _spellings(word: str) -> frozenset[str]:
    """The word as written, and as other spelling conventions would write its sounds."""
    forms = {word}
    if _DEVANAGARI.search(word):
        # Hindi writes a foreign f as फ़ or फ (anyascii: "ph"), and a nasal before a consonant
        # as ं (anyascii: "m"): फ़्रांस is France.
        forms.add(word.replace("फ़", "f").replace("फ", "f").translate(_ANUSVARA))
    elif _INDIC.search(word):
        # So do the other Indian scripts: ಬೆಂಗಳೂರು is Bengaluru, బంగ్లాదేశ్ Bangladesh.
        forms.add(word.translate(_ANUSVARA))
        if "জ" in word:  # Bengali writes the z of Arabic names as জ (j): মজিদ is Mazid
            forms.add(word.translate(_ANUSVARA).replace("জ", "z"))
    elif _HEBREW.search(word):
        # Hebrew writes o and u as ו and b or v as ב (anyascii: "v" for both): ברקוביץ is
        # Berkovitz, גבאי Gabay, הוגן Hogen.
        vowelless = word.replace("ו", "")
        forms.add(vowelless)
        forms.add(vowelless.replace("ב", "b"))
        forms.add(vowelless[:1].replace("ב", "b") + vowelless[1:])
    elif ARABIC_LETTER.search(word):
        forms.add(word.translate(_ARABIC_Z))
        # و is a long vowel or a w (تويتر, Twitter; واتسون, Watson): both readings.
        forms.add(word.replace("و", "w"))
        if "ج" in word:  # Egyptian ج is a g: الجندي, al-Gindy
            forms.add(word.replace("ج", "g"))
    elif (lowered := _unaccented(word)).isascii():  # Latin script ("Souchanskaïa" too)
        forms.add(_SOFT_C.sub("s", lowered))
        if "ch" in lowered:
            forms.add(_SH_SPELLINGS.sub("sh", lowered))
        # Russian writes an English w as у (Уотсон) and an h as г (Гаджиев for Hajiyev);
        # French and Italian gn is an n ("Mignoni": Миньони).
        forms.add(lowered.replace("w", ""))
        if "h" in lowered:
            forms.add(_LONE_H.sub("g", lowered))
        forms.add(lowered.replace("gn", "n"))
        if lowered.endswith(("s", "t")) and len(lowered) > 4:
            forms.add(lowered[:-1])  # French leaves a final s or t unsaid: Serres, سير; Droit, Дроа
        # Turkish and Azerbaijani c is the j of "jam" (Ecevit: Эджевит); Spanish writes an
        # English j as y (Sinjar: Sinyar).
        if "c" in lowered:
            forms.add(_VOWEL_C.sub("j", lowered))
        if "j" in lowered:
            forms.add(lowered.replace("j", "y"))
    return frozenset(forms)


def _unaccented(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


def spelling_skeletons(word: str) -> frozenset[str]:
    """The skeletons of the word as each spelling convention would write its sounds."""
    return frozenset(skeleton(form) for form in _spellings(word))


# A word with its combining marks: Devanagari writes vowels as marks ("नासिक" is one word, not
# न, स, क), and so do Arabic's optional vowels; `\w` alone cuts at each of them.
_WORDS = regex.compile(r"[\w\p{M}]+")


@lru_cache(maxsize=RECENT_TEXTS)
def word_skeletons(text: str) -> frozenset[str]:
    """The skeleton of every word and of every two adjacent words (names written as one word
    in Chinese or split in two elsewhere)."""
    words = _WORDS.findall(text)
    # Arabic glues the article and some prepositions to a name: الخالدية is al-Khalidiya.
    words += [w[2:] for w in words if w.startswith("ال")]
    words += [w[1:] for w in words if w[:1] in "وبلفك" and len(w) > 3]
    # Chinese and Japanese: each run of characters is a "word"; anyascii splits syllables.
    words += [w.replace("j", "h").replace("J", "H") for w in words if "j" in w or "J" in w]
    skeletons = {s for w in words for s in spelling_skeletons(w)}
    skeletons |= {skeleton(a + b) for a, b in itertools.pairwise(words)}
    return frozenset(s for s in skeletons if s)


def long_skeletons(word: str) -> frozenset[str]:
    """The word's skeletons with two consonants or more (one is too little to tell a name)."""
    return frozenset(w for w in spelling_skeletons(word) if len(w) >= 2)


LATIN_TEXT = re.compile(r"(?=(?:\W*[A-Za-zÀ-ɏ]){20})")


def latin_in(word: str, text: str) -> bool:
    if not word:
        return True
    wanted, heard = _latin_sounds(word)[:4], _latin_sounds(text)
    # Spanish writes kh as j, others as h: Al Khor is "Al Jor".
    return any(w in heard for w in {wanted, wanted.replace("kh", "j"), wanted.replace("kh", "h")})


def _latin_sounds(text: str) -> str:
    """Lower-case ASCII with French and German spellings of sh and u made English ("Choucha"
    reads "shusha"), y as i (the Biya is "la Biïa"), double letters single (Spanish writes
    Amman "Amán")."""
    plain = _SH_SPELLINGS.sub("sh", anyascii(text).lower()).replace("ou", "u").replace("y", "i")
    return _DOUBLE.sub(r"\1", plain)


_DOUBLE = re.compile(r"([a-z])\1")


@lru_cache(maxsize=RECENT_TEXTS)
def capitalised_skeletons(text: str) -> frozenset[str]:
    words = [w for w in _WORDS.findall(text) if w[0].isupper()]
    # Spanish writes kh as j ("Jankendi", "Jamenei"): the j may be the kh the skeleton drops.
    words += [w.replace("j", "h").replace("J", "H") for w in words if "j" in w or "J" in w]
    return frozenset(skeleton(w) for w in words)


@lru_cache(maxsize=RECENT_TEXTS)
def cjk_spans(text: str) -> frozenset[str]:
    """Skeletons of every 2 to 5 consecutive Chinese characters (a transliterated name's length)."""
    spans: set[str] = set()
    for run in UNSPACED_SCRIPT_RUN.findall(text):
        for size in range(2, 6):
            spans.update(skeleton(run[i : i + size]) for i in range(len(run) - size + 1))
    return frozenset(spans)


def nearly_within(wanted: str, text: str) -> bool:
    """`wanted`'s letters in order within `text`, one of them allowed to be missing."""
    for skip in range(len(wanted) if len(wanted) > 2 else 0, -1, -1):
        letters = wanted[:skip] + wanted[skip + 1 :] if skip < len(wanted) else wanted
        found = iter(text)
        if all(ch in found for ch in letters):
            return True
    return False
