"""Who said it, and what they did: a translation keeps the summary's attribution verbs and
their polarity ("said" is not "denied", "agreed" is not "refused").

Counted with the per-language lists in resources/attribution.yaml. A translation may change a
verb's wording freely within a kind; losing a kind, or having fewer neutral attributions ("said",
"according to") than the summary, is what a reviewer is asked to look at.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from newsum.lexicon import attribution_verbs

_UNSPACED = {"zh", "ja"}
_ARABIC_PROCLITICS = "(?:[وفبلك]{1,2})?"


@cache
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    verbs = attribution_verbs(lang)
    if not verbs:
        return None
    kind_of = {form: kind for kind, forms in verbs.items() for form in forms}
    alternatives = "|".join(re.escape(f) for f in sorted(kind_of, key=len, reverse=True))
    if lang in _UNSPACED:
        return re.compile(f"({alternatives})"), kind_of
    prefix = _ARABIC_PROCLITICS if lang == "ar" else ""
    return re.compile(rf"(?<!\w){prefix}({alternatives})"), kind_of


def attribution_kinds(text: str, lang: str) -> Counter[str] | None:
    """How many attribution verbs of each kind the text holds; None when `lang` has no list."""
    compiled = _pattern(lang)
    if compiled is None:
        return None
    pattern, kind_of = compiled
    return Counter(kind_of[m] for m in pattern.findall(text.lower()))


def attribution_changes(
    summary_text: str, summary_lang: str, translation: str, target_lang: str
) -> dict[str, object]:
    """What the translation lost or turned around: {"dropped": [...], "flipped": {...}}."""
    before = attribution_kinds(summary_text, summary_lang)
    after = attribution_kinds(translation, target_lang)
    if before is None or after is None:
        return {}
    lost = sorted(k for k in before if k != "say" and after[k] == 0)
    gained = sorted(k for k in after if k != "say" and before[k] == 0)
    changes: dict[str, object] = {}
    if gained:  # "said" became "denied", "agreed" became "refused": a kind the summary lacks
        changes["flipped"] = {"summary": lost, "translation": gained}
    elif lost:
        changes["dropped"] = lost
    # Neutral attributions: one less "said" turns a side's claim into the narrator's. A
    # translation may add some ("据…称" counts twice), never lose one.
    if after["say"] + sum(after[k] for k in gained) < before["say"]:
        changes["said_fewer"] = {"summary": before["say"], "translation": after["say"]}
    return changes
