"""Words and sentences: where the checks, the trimming of long articles and the bench cut a text."""

from __future__ import annotations

import re

# A word in any script (Chinese runs count as one word).
WORD = re.compile(r"\w+", re.UNICODE)

# A sentence ends at its punctuation, or after the quote or bracket that closes on it
# ('... feeling." Theo Phillips said'): otherwise a quoted sentence swallows the next one.
_SENTENCE = re.compile(r"(?:(?<=[.!?։。！？؟])|(?<=[.!?։。！？؟][\"'”’»)\]]))\s+|\n+")


# A full stop that ends no sentence: a title or an initial before a name ("Mr. Smith", "Robert
# E. Murray"), always; "a.m.", "U.S.", "etc." only where the next part goes on in lower case.
_TITLE_OR_INITIAL = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Mt|Gen|Col|Lt|Sgt|Prof|Jr|Sr|Rev|Gov|Sen|Rep|Eng|Engr|Capt|Maj|Supt"
    r"|Insp|Hon)|(?<![\w.])[A-Z])\.$"
)
_ABBREVIATION = re.compile(
    r"\b(?:[ap]\.m|U\.S|U\.K|U\.N|e\.g|i\.e|etc|vs|approx|No|Inc|Ltd|Corp|Co"
    # Initials: "Lusolítio, S.A. a 25-year concession", "S.p.A."
    r"|(?:[A-Za-z]\.)+[A-Za-z]"
    # Scales, currencies and words that Russian, Ukrainian, Polish and German shorten: "28 тыс.
    # человек", "9,3 тис. грн", "24 tys. osób", "ca. 300", "2 Mio. Euro".
    r"|тыс|тис|млн|млрд|трлн|руб|грн|коп|гг?|ул|им|tys|mln|mld|zł|ca|bzw|Mio|Mrd|vgl|ggf)\.$",
    re.IGNORECASE,
)
# "polling station no. 2", "art. 15", "n° 3", the American press's "Oct. 14", "Rs. 64
# million": the figure goes with what precedes it.
_NUMBER_SIGN = re.compile(
    r"\b(?:No|Nos|Nr|Art|Arts|Vol|pp?|Núm|Num|Nº|N°"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Rs|Shs?|Ksh|Tk)\.$",
    re.IGNORECASE,
)


# "…said that at about 5:40 a.m. Cambodian troops attacked": a clause that has only reached its
# time when "a.m." ends it goes on after it.
_OPEN_TIME = re.compile(
    r"\b(?:that|when|until|since|after|before|and)\s+(?:(?:at|by|from)\s+)?(?:(?:about|around|"
    r"approximately|roughly)\s+)?\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m\.$",
    re.IGNORECASE,
)
# ... but "and" in "between 8 and 9 a.m." closes a range, not a clause ("…no deliveries between 8
# and 9 a.m. Frédéric Lamy said…" is two sentences).
_TIME_RANGE = re.compile(
    r"\bbetween\s+\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.m\.\s*)?and\s+\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m\.$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    parts = [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and (
            _TITLE_OR_INITIAL.search(merged[-1])
            or (_ABBREVIATION.search(merged[-1]) and part[:1].islower())
            or (_NUMBER_SIGN.search(merged[-1]) and part[:1].isdigit())
            or (_OPEN_TIME.search(merged[-1]) and not _TIME_RANGE.search(merged[-1]))
        ):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged
