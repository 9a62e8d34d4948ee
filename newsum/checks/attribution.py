"""Who said it, and what they did: a translation keeps the summary's attribution verbs and
their polarity ("said" is not "denied", "agreed" is not "refused").

Counted with the per-language lists in resources/attribution.yaml. A translation may change a
verb's wording freely within a kind; losing a kind, or having fewer neutral attributions ("said",
"according to") than the summary, is what a reviewer is asked to look at.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from newsum.checks.numbers import _RECENT_TEXTS
from newsum.lexicon import attribution_verbs
from newsum.text import split_sentences

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


@lru_cache(maxsize=_RECENT_TEXTS)
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
    """What the translation lost or turned around: "flipped" (a kind the summary lacks, such as
    a denial for "said"), "dropped" (a kind lost), "said_fewer", "unattributed_sentences"."""
    before = attribution_kinds(summary_text, summary_lang)
    after = attribution_kinds(translation, target_lang)
    if before is None or after is None:
        return {}
    lost = sorted(k for k in before if k != "say" and after[k] == 0)
    gained = sorted(
        k
        for k in after
        if k != "say" and before[k] == 0 and not (k in _BLAME_AS and before["blame"])
    )
    changes: dict[str, object] = {}
    # "said" became "denied", "agreed" became "refused": a negative kind the summary lacks, or
    # one kind traded for another. ("Agreement", "support", "opposition" are also nouns that a
    # translation may use where the summary has none: gained alone they say little.)
    if (lost and gained) or set(gained) & _NEGATIVE_KINDS:
        changes["flipped"] = {"summary": lost, "translation": gained}
    elif dropped := [k for k in lost if k not in _WEAK_KINDS]:
        changes["dropped"] = dropped
    # Neutral attributions: one less "said" turns a side's claim into the narrator's. A
    # translation may add some ("据…称" counts twice), never lose one.
    # Where the sentences align, each must keep its attribution; where they do not (Chinese
    # runs sentences together), the whole translation must have as many.
    bare = _unattributed_sentences(summary_text, summary_lang, translation, target_lang)
    if bare is not None:
        if bare:
            changes["unattributed_sentences"] = bare
    elif after["say"] + sum(after[k] for k in gained) < before["say"]:
        changes["said_fewer"] = {"summary": before["say"], "translation": after["say"]}
    return changes


# "The ceasefire agreed on Wednesday": a participle as often as an attribution, and translated
# by words that are no attribution ("conclu", "acordado"): losing it alone is not a finding.
# "Blame" is rendered as an accusation or as "attribute to": neither is a finding, its loss alone
# neither.
_WEAK_KINDS = {"agree", "blame", "refuse_or_renounce"}
_BLAME_AS = {"accuse", "blame"}
_NEGATIVE_KINDS = {"deny", "accuse", "condemn"}


def _unattributed_sentences(
    summary_text: str, summary_lang: str, translation: str, target_lang: str
) -> dict[str, int] | None:
    """When the translation has as many sentences as the summary, it must not have more
    sentences without any attribution: one more is a claim moved into the narrator's voice."""
    source_sentences, target_sentences = split_sentences(summary_text), split_sentences(translation)
    if len(source_sentences) != len(target_sentences):
        return None
    bare_before = sum(not attribution_kinds(s, summary_lang) for s in source_sentences)
    bare_after = sum(not attribution_kinds(s, target_lang) for s in target_sentences)
    if bare_after > bare_before:
        return {"summary": bare_before, "translation": bare_after}
    return {}
