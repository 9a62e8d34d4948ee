"""Word tokens for any script, shared by event grouping and the evaluation's ROUGE.

Python's `\\w` leaves out combining marks, so it cuts Hindi, Bengali or Thai words apart at every
vowel sign ("राष्ट्रपति" would be four tokens). Here a word is a run of letters, marks and digits.
Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) give
one token per character, the usual unit for ROUGE on those languages.
"""

from __future__ import annotations

import unicodedata

# Blocks of scripts written without spaces between words.
_DENSE_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x2FA1F),  # CJK extensions B-F and supplement
)


def is_dense(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _DENSE_BLOCKS)


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def split_words(text: str, *, fold: bool = True) -> list[str]:
    """NFKC-normalised word tokens (case-folded unless fold=False); dense scripts per character.

    A mark or letter of a dense script ends the current word, so "GDP增长" is ["gdp", "增", "长"].
    """
    text = unicodedata.normalize("NFKC", text)
    if fold:
        text = text.casefold()
    out: list[str] = []
    current: list[str] = []
    for ch in text:
        if is_dense(ch):
            if current:
                out.append("".join(current))
                current = []
            if _is_word_char(ch):
                out.append(ch)
        elif _is_word_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out
