"""Word salad and invented words: how many of a text's words look like words of its language.

The model is langdetect's own character n-gram profiles (installed already, 55 languages): a
word of the language is mostly made of trigrams its profile knows; an invented word ("ilsprépar",
"operationnement") or a word of another language is not. Shuffled real words are not caught here.
Languages without a profile (Armenian, Azerbaijani, ...) are reported as not judged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from langdetect.utils.ngram import NGram

from newsum.checks.memo import RECENT_TEXTS

_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
# langdetect names its Chinese profiles by script.
_PROFILE_NAMES = {"zh": "zh-cn", "zh-hant": "zh-tw"}
_UNSPACED = {"zh", "ja"}
# A word with fewer than this share of known trigrams is implausible; a text with more than
# this share of implausible words is flagged. Real news text stays well below (measured on the
# evaluation's news articles, `make eval`: median 2-6%, at most 23% for Arabic, whose profile
# is the sparsest);
# words with their letters scrambled are 60-90% implausible. The threshold sits between.
_WORD_KNOWN = 0.5
_TEXT_IMPLAUSIBLE = 0.35
_MIN_WORDS = 8


@dataclass(frozen=True)
class Plausibility:
    judged: bool
    score: float  # share of plausible words (1.0 when not judged)
    words: int
    implausible: tuple[str, ...]
    why: str = ""


@cache
def _profile(lang: str) -> frozenset[str] | None:
    name = _PROFILE_NAMES.get(lang, lang)
    try:
        text = resources.files("langdetect").joinpath(f"profiles/{name}").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    freq: dict[str, int] = json.loads(text)["freq"]
    return frozenset(freq)


def can_judge(lang: str) -> bool:
    return _profile(lang) is not None


def _normalized(word: str) -> str:
    return "".join(NGram.normalize(ch) for ch in word)


def _known_share(word: str, grams: frozenset[str]) -> float:
    padded = f" {word} "
    trigrams = [padded[i : i + 3] for i in range(len(padded) - 2)]
    return sum(g in grams for g in trigrams) / len(trigrams)


@lru_cache(maxsize=65536)
def _plausible_word(word: str, lang: str) -> bool:
    grams = _profile(lang)
    return grams is None or _known_share(_normalized(word), grams) >= _WORD_KNOWN


@lru_cache(maxsize=RECENT_TEXTS)
def plausibility(text: str, lang: str) -> Plausibility:
    grams = _profile(lang)
    if grams is None:
        return Plausibility(False, 1.0, 0, (), f"no character model for {lang!r}")
    if lang in _UNSPACED:
        # langdetect's Chinese profile is too sparse for this: most real bigrams are unknown.
        return Plausibility(False, 1.0, 0, (), f"no word model for {lang!r} (no spaces)")
    words = [w for w in _LETTERS.findall(text) if len(w) >= 4 and not w[0].isupper()]
    if len(words) < _MIN_WORDS:
        return Plausibility(False, 1.0, len(words), (), "too short to judge")
    odd = [w for w in words if not _plausible_word(w, lang)]
    score = 1 - len(odd) / len(words)
    return Plausibility(True, score, len(words), tuple(sorted(set(odd))[:8]))


def implausible(result: Plausibility) -> bool:
    return result.judged and 1 - result.score > _TEXT_IMPLAUSIBLE
