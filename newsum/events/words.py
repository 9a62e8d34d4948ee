"""Event grouping's tokens: words in ASCII whatever their script, and the function words to skip.

Words are transliterated to ASCII ("Карабах", "Ղարաբաղ" and "Karabağ" share character 4-grams
with "Karabakh"), so names match across scripts when a summary echoes its source's language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

import yaml
from anyascii import anyascii

from newsum.tokens import is_dense

TokenKind = Literal["word", "name", "dense"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class _Translate(dict[int, str]):
    """A str.translate table filled on first sight of each character: a word character (letter,
    mark, digit) stays, one of a script written without spaces stands alone, anything else
    becomes a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = " "
        if unicodedata.category(ch)[0] in "LMN":
            value = f" {ch} " if is_dense(ch) else ch
        self[code] = value
        return value


_TRANSLATE = _Translate()


def _raw_words(text: str) -> list[str]:
    # newsum.tokens.split_words(text, fold=False) in one C-level pass instead of a Python step
    # per character (tests/test_events.py checks they agree).
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATE).split()


@lru_cache(maxsize=1 << 16)
def _token(raw: str) -> tuple[str, TokenKind] | None:
    # Cached: transliteration is the costly step and a corpus repeats its words.
    word = _NOT_ALNUM.sub("", anyascii(raw).lower())
    if not word:
        return None
    first = raw[0]
    uncased = first.isalpha() and first.lower() == first.upper()
    return word, "name" if first.isupper() or uncased else "word"


@cache
def _dense_char(raw: str) -> bool:
    return len(raw) == 1 and is_dense(raw)


def tokens(text: str) -> list[tuple[str, TokenKind]]:
    """Tokens in ASCII (transliterated, lower-cased), each a plain word, a name-like word
    (capitalised, or in a script without case such as Arabic) or a pair of characters of a script
    written without spaces (Chinese, Japanese, Thai)."""
    out: list[tuple[str, TokenKind]] = []
    previous_dense = ""
    for raw in _raw_words(text):
        if _dense_char(raw):
            if previous_dense:
                out.append((previous_dense + raw, "dense"))
            previous_dense = raw
            continue
        previous_dense = ""
        token = _token(raw)
        if token is not None:
            out.append(token)
    return out


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    text = resources.files("newsum").joinpath("resources/stopwords.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    table: dict[str, list[str]] = {"*": data["always"], **data["stopwords"]}
    return {
        lang: frozenset(token for word in words for token, _ in tokens(str(word)))
        for lang, words in table.items()
    }


@lru_cache(maxsize=256)
def stopwords(lang: str | None) -> frozenset[str]:
    """The language's function words plus English ones; every list when the language is unknown.

    Per language, because one language's function word is another's content word (de "war").
    """
    table = _stopwords()
    if lang is None or lang not in table:
        return frozenset().union(*table.values())
    return table[lang] | table["en"] | table["*"]
