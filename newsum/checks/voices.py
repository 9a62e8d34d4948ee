"""A voice lost in one translation, told by its sibling translations: a summary sentence that
gives two parties' words ("X said A, and Y said B") still has an attribution when one of them
is dropped, so the sentence-by-sentence test of checks/attribution.py cannot see it.

Each translation of the summary is compared with the others, sentence by sentence where their
sentences align with the summary's. A sentence has lost a voice in one language when it has
fewer attribution verbs (resources/attribution.yaml) than the summary's sentence has "said"
verbs, every other aligned translation keeps as many, and the sentence is short: its length
against the rest of its translation is under what the other translations give it. A dropped
"Sergei Mokhov, the company's manager, said" takes its words with it; a translator who says
"said" once for two parties takes next to nothing.

Measured on the checks benchmark's 231 splits (dev to final228): the verb count alone would
have caught 196 more dropped attributions and flagged 223 more good translations (the counts
differ where translators fold two "said" into one, or the lexicon lacks a form); with the length
test at 0.9 of the siblings' median, every other sentence within a factor of two of its
siblings', and the Arabic participles "مضيفاً" and "مؤكداً" counted, 98 more dropped
attributions (105 faults of all kinds) and 19 more good translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from statistics import median

from newsum.checks.attribution import sentence_voices, sentences

# A sentence this much shorter (its length against the rest of its translation, over the
# median of the same in the other translations) has lost words, not only a verb.
SHORTER = 0.9
# The sentences of two translations are the same ones while every length (against the rest of
# its text) is within this factor of the others'.
_ALIGNED = 2.0
# Fewer aligned siblings than this say too little about what the sentence should hold.
MIN_SIBLINGS = 2


def voices_lost(
    summary_text: str, translations: Mapping[str, str], summary_lang: str = "en"
) -> dict[str, list[dict[str, float | int]]]:
    """By language: the sentences (1-based) that lost a voice the other translations keep, with
    the summary's count of "said", the translation's count of attributions and its length
    against its siblings'."""
    said = sentence_voices(summary_text, summary_lang, saying_only=True)
    if said is None or not any(said):
        return {}
    aligned: dict[str, tuple[list[int], list[float]]] = {}
    for lang, text in translations.items():
        counts = sentence_voices(text, lang)
        if counts is None or len(counts) != len(said):
            continue
        aligned[lang] = (counts, _weights(text))
    lost: dict[str, list[dict[str, float | int]]] = {}
    for lang, (counts, weights) in aligned.items():
        siblings = [other for other in aligned if other != lang]
        if len(siblings) < MIN_SIBLINGS:
            continue
        ratios = [
            weights[i] / usual if (usual := median(aligned[o][1][i] for o in siblings)) else 1.0
            for i in range(len(said))
        ]
        for i, wanted in enumerate(said):
            if counts[i] >= wanted or any(aligned[o][0][i] < wanted for o in siblings):
                continue
            # As many sentences is no proof they are the same ones: a translation that ends one
            # sentence earlier and the next later has others far off their siblings' lengths.
            apart = any(not 1 / _ALIGNED <= r <= _ALIGNED for j, r in enumerate(ratios) if j != i)
            if ratios[i] < SHORTER and not apart:
                lost.setdefault(lang, []).append(
                    {
                        "sentence": i + 1,
                        "said": wanted,
                        "kept": counts[i],
                        "length": round(ratios[i], 2),
                    }
                )
    return lost


def _weights(text: str) -> list[float]:
    """Each sentence's length against the rest of its text: how much of the translation the
    sentence is, in a measure that still moves when one sentence is most of it."""
    lengths = [len(p) for p in sentences(text)]
    total = sum(lengths)
    return [n / max(1, total - n) for n in lengths]
