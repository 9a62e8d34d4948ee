"""Unicode blocks of the scripts the checks tell apart, as ranges of a character class, and the
script tests more than one check module makes.

Each check builds its own class from these ranges: which scripts it takes together is part of
what it tests (a word count's CJK includes Hangul; a skeleton's unspaced script does not).
"""

from __future__ import annotations

import re

ARABIC = r"\u0600-\u06ff"  # Arabic and Persian letters, marks and digits
CYRILLIC = r"\u0400-\u04ff"
DEVANAGARI = r"\u0900-\u097f"
HANGUL = r"\uac00-\ud7af"  # Hangul syllables
HAN = r"\u4e00-\u9fff"  # CJK unified ideographs (not Extension A)
HEBREW = r"\u0590-\u05ff"
KANA = r"\u3040-\u30ff"  # hiragana and katakana

ARABIC_LETTER = re.compile(f"[{ARABIC}]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_OR_CYRILLIC_LETTER = re.compile(f"[A-Za-z\u00c0-\u024f{CYRILLIC}]")
# Chinese and Japanese, written without spaces between words.
UNSPACED_SCRIPT = re.compile(f"[{KANA}{HAN}]")
UNSPACED_SCRIPT_RUN = re.compile(f"[{KANA}{HAN}]+")


def mostly_latin_or_cyrillic(text: str) -> bool:
    """Whether at least half of a text's letters are Latin or Cyrillic."""
    letters = len(_LETTER.findall(text))
    return 2 * len(_LATIN_OR_CYRILLIC_LETTER.findall(text)) >= letters
