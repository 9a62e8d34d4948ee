"""Claims against the article: unattributed, unsupported, given to the wrong party, or a claim
the article attributes stated in the narrator's voice."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsum.checks.names import GENERIC_ROLES, mentions, names_in
from newsum.checks.numbers import numbers_in
from newsum.checks.surface import has_attribution
from newsum.summarize import ArticleSummary, split_sentences

_WORD = re.compile(r"\w+", re.UNICODE)
_GENERIC_SOURCES = {
    "",
    "unknown",
    "n/a",
    "na",
    "none",
    "article",
    "the article",
    "sources",
    "source",
    "unspecified",
    "not specified",
    "reports",
    "media",
}
# A party is looked for in the supporting sentence and the two before it: articles name a
# speaker once and go on with "the ministry said", "it added".
_WINDOW = 2


def _content_words(text: str) -> set[str]:
    """Five-letter stems of the words of four letters or more ("supports", "support" alike)."""
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) >= 4 and not w.isdigit()}


# Role words too common to identify a party on their own.
_COMMON_ROLES = set(
    "ministry government minister president official officials spokesperson spokesman "
    "authorities office group forces".split()  # noqa: SIM905
)


def _role_words(source: str) -> list[str]:
    """The distinctive lower-case words of a claim's source ("the region's ombudsman")."""
    words = [w for w in _WORD.findall(source.lower()) if len(w) >= 5]
    return [w for w in words if w not in _COMMON_ROLES and not source.count(w.capitalize())]


def _party_names(source: str) -> list[str]:
    """The names that identify a claim's source ("Armenia's Foreign Ministry" → Armenia)."""
    names = []
    for name in names_in(f"X {source}"):  # not a sentence start: every capitalised word counts
        parts = [p for p in re.split(r"[- ]", name) if p not in GENERIC_ROLES]
        if parts:
            names.append("-".join(parts) if "-" in name else " ".join(parts))
    return names


def _named_near(
    sentences: list[str],
    index: int,
    names: list[str],
    same: bool,
    roles: Sequence[str] = (),
    others: Sequence[str] = (),
) -> bool:
    window = " ".join(sentences[max(0, index - _WINDOW) : index + 1])
    if any(mentions(window, name, same) for name in names):
        return True
    # "The region's ombudsman said ...": the party by its role, when the sentence itself names
    # no other party.
    return (
        same
        and any(role in window.lower() for role in roles)
        and not any(mentions(sentences[index], other, same) for other in others)
    )


def claim_problems(
    summary: ArticleSummary, source: str, same_language: bool = True
) -> dict[str, list[str]]:
    """Unattributed claims; claims with no supporting sentence; claims given to the wrong party.

    Same language: a claim is located by its content words. Another language: by its anchors
    (figures and names other than its source's), which survive translation.
    """
    sentences = split_sentences(source)
    problems: dict[str, list[str]] = {"unattributed": [], "not_in_source": [], "mismatch": []}
    everyone = sorted(
        {n for c in summary.claims for n in _party_names(c.source)}
        | {n for p in summary.parties for n in _party_names(p.party)}
        | set(_party_names(summary.summary))
    )
    for claim in summary.claims:
        if claim.source.strip().lower() in _GENERIC_SOURCES:
            problems["unattributed"].append(claim.claim[:80])
            continue
        if not sentences:
            continue
        parties = _party_names(claim.source)
        others = [n for n in everyone if n not in parties and not any(n in p for p in parties)]
        supporting = (
            _by_words(claim.claim, sentences) if same_language else _by_anchors(claim, sentences)
        )
        if supporting is None:
            continue  # nothing to locate it by
        if not supporting:
            if same_language:
                problems["not_in_source"].append(claim.claim[:80])
            continue
        # Given to the wrong party: the article gives it to another party of the summary, and
        # never to this one, near any sentence that supports it.
        if (
            parties
            and not any(
                _named_near(sentences, i, parties, same_language, _role_words(claim.source), others)
                for i in supporting
            )
            and any(_named_near(sentences, i, others, same_language) for i in supporting)
        ):
            problems["mismatch"].append(f"{claim.source}: {claim.claim[:60]}")
    return problems


def _by_words(claim: str, sentences: list[str]) -> list[int] | None:
    words = _content_words(claim)
    if not words:
        return None
    overlaps = [len(words & _content_words(s)) / len(words) for s in sentences]
    best = max(overlaps)
    if best < 0.3:
        return []
    # Every sentence nearly as close as the best supports it (a claim an article repeats).
    return [i for i, o in enumerate(overlaps) if o >= max(0.3, best - 0.1)]


def _by_anchors(claim: object, sentences: list[str]) -> list[int] | None:
    text: str = getattr(claim, "claim", "")
    numbers = numbers_in(text)
    names = [
        n for n in names_in(f"X {text}") if n not in _party_names(getattr(claim, "source", ""))
    ]
    if not numbers and not names:
        return None
    hits = []
    for i, sentence in enumerate(sentences):
        if numbers and not numbers <= numbers_in(sentence):
            continue
        if names and not all(mentions(sentence, n) for n in names):
            continue
        hits.append(i)
    return hits or None  # anchors not found together: undecidable, not a mismatch


def claims_stated_as_fact(text: str, source: str, lang: str) -> list[str]:
    """Summary sentences that say, without attribution, what the article only reports as a
    party's claim: the sentence's content is an attributed sentence of the article, nearly word
    for word, and nothing in the summary sentence says who claims it."""
    sentences = split_sentences(source)
    found = []
    for sentence in split_sentences(text):
        if has_attribution(sentence, lang):
            continue
        words = _content_words(sentence)
        if len(words) < 4:
            continue
        for i, candidate in enumerate(sentences):
            overlap = len(words & _content_words(candidate)) / len(words)
            if overlap >= 0.6 and _reported(sentences, i, lang):
                found.append(sentence[:100])
                break
    return found


def _reported(sentences: list[str], index: int, lang: str) -> bool:
    """The article's sentence is reported speech: it attributes, or it continues a quotation."""
    return has_attribution(sentences[index], lang)
