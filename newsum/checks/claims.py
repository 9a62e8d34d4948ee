"""Claims against the article: unattributed, unsupported or given to the wrong party; who the
outlet is. A claim stated in the narrator's voice is checks/stated.py."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from newsum.checks.dates import numbers_outside_dates
from newsum.checks.names import GENERIC_ROLES, grounded, mentions, name_words, names_in
from newsum.checks.numbers import numbers_in
from newsum.checks.surface import has_attribution
from newsum.lexicon import lists_attribution
from newsum.summarize import ArticleSummary
from newsum.text import WORD, split_sentences

GENERIC_SOURCES = {
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


def content_words(text: str) -> set[str]:
    """Five-letter stems of the words of four letters or more ("supports", "support" alike)."""
    return {w[:5] for w in WORD.findall(text.lower()) if len(w) >= 4 and not w.isdigit()}


def _party_names(source: str) -> list[str]:
    """The names that identify a claim's source ("Armenia's Foreign Ministry" → Armenia)."""
    names = []
    for name in names_in(f"X {source}"):  # not a sentence start: every capitalised word counts
        parts = [p for p in name_words(name) if p not in GENERIC_ROLES]
        if parts:
            names.append("-".join(parts) if "-" in name else " ".join(parts))
    return names


def _role_words(source: str) -> list[str]:
    """The words of a claim's source that are not its names ("defence", "ministry", "ombudsman")."""
    names = {w.lower() for name in _party_names(source) for w in WORD.findall(name)}
    words = {w.lower() for w in WORD.findall(source) if len(w) >= 5}
    return sorted(w for w in words if w not in names and not w.startswith(tuple(names)))


# A speaker the article refers to by what it is, named before: "The company says", "the users'
# group said", "a spokesman said". Like a role, it is the claim's party unless another party is
# named beside it.
_UNNAMED_SPEAKER = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w'’-]*\s+){0,3}(?:says|said|claims|claimed|argues|argued|insists|"
    r"insisted|maintains|maintained|denies|denied|rejects|rejected|disputes|disputed)\b"
)
# Or by a pronoun ("She said pupils would benefit"): the party must be named just before.
_PRONOUN_WINDOW = 4
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:says|said|added|argued|insisted|warned|told)\b"
)


def _credited(
    sentences: list[str],
    index: int,
    parties: list[str],
    roles: list[str],
    others: list[str],
    same: bool,
    lang: str | None = None,
) -> bool:
    """Whether the article gives sentence `index` to the claim's party: named in it; or
    referred to by its role ("the ministry said"), named shortly before; or by its role alone
    when no other party is named in the sentence. With no names or roles to go by, and no
    other party in sight, the claim is given the benefit of the doubt."""
    sentence = sentences[index]
    window = " ".join(sentences[max(0, index - _WINDOW) : index + 1])
    if any(grounded(sentence, name, same) for name in parties):
        return True
    other_here = any(grounded(sentence, name, same) for name in others)
    if not same:  # roles are in another language: names only
        # Across languages only another claimant saying it (named, with a verb of saying where
        # the language has a list) tells: anybody else named may be what the claim is about.
        return not parties or not any(
            _said_by_other(s, others, same, lang)
            for s in sentences[max(0, index - _WINDOW) : index + 1]
        )
    role_here = any(role in sentence.lower() for role in roles) or _UNNAMED_SPEAKER.search(sentence)
    if role_here:
        return any(mentions(window, name, same) for name in parties) or not other_here
    if not parties:  # no name to check the article against
        return True
    if _PRONOUN_SPEAKER.search(sentence):
        # A quotation of several sentences may stand between the name and the pronoun.
        before = " ".join(sentences[max(0, index - _PRONOUN_WINDOW) : index + 1])
        return any(mentions(before, name, same) for name in parties)
    if not other_here and not names_in(f"X {sentence}"):  # "It said ...": who said it before
        return any(mentions(window, name, same) for name in parties)
    return not other_here and not has_attribution(sentence, "en")


@lru_cache(maxsize=1024)
def outlet_labels(outlet: str) -> frozenset[str]:
    """What an article's publisher is called, squashed to ASCII letters: the acronyms and the
    whole name of its source field ("BBC", "ararattimes") and the name in its web address
    ("sueddeutsche" of www.sueddeutsche.de, "lemonde")."""
    labels = {_squash(w) for w in re.findall(r"\b[A-Z]{2,}\b", outlet)}
    for host in re.findall(r"https?://([^/\s]+)", outlet):
        parts = [p for p in host.lower().split(".") if p not in _HOST_WORDS]
        labels.update(_squash(p) for p in parts[:-1] or parts)
    plain = re.sub(r"https?://\S+", " ", outlet).strip()
    if plain and len(plain) <= 30:
        labels.add(_squash(plain))
    return frozenset(label for label in labels if len(label) >= 3)


_HOST_WORDS = {"www", "m", "amp", "news", "com", "co", "org", "net"}


def _squash(text: str) -> str:
    """ASCII letters and digits only; German ü written ue in an address ("sueddeutsche")."""
    squashed = re.sub(r"[^a-z0-9]", "", anyascii(text).lower())
    return squashed.replace("ue", "u").replace("oe", "o").replace("ae", "a")


def outlet_voice(claim_source: str, labels: frozenset[str]) -> bool:
    """A claim the article's publisher makes ("BBC Afrique", "Süddeutsche Zeitung commentary",
    "Nick Bryant, BBC correspondent"): the article rarely names itself."""
    squashed = _squash(claim_source)
    return any(label in squashed for label in labels)


def claim_problems(
    summary: ArticleSummary,
    source: str,
    same_language: bool = True,
    outlet: str = "",
    lang: str | None = None,
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
    labels = outlet_labels(outlet)
    for claim in summary.claims:
        if claim.source.strip().lower() in GENERIC_SOURCES:
            problems["unattributed"].append(claim.claim[:80])
            continue
        if not sentences:
            continue
        parties = _party_names(claim.source)
        # Whom the claim is about is no other speaker of it.
        subjects = claim.claim.lower()
        # (Also a party named after it: the "Save Glenaird" campaign in a claim about Glenaird.)
        others = [
            n
            for n in everyone
            if n not in parties
            and not any(n in p for p in parties)
            and n.lower() not in subjects
            and re.split(r"[- ]", n)[-1].lower() not in subjects
        ]
        supporting = (
            _by_words(claim.claim, sentences) if same_language else _by_anchors(claim, sentences)
        )
        if supporting is None:
            continue  # nothing to locate it by
        if not supporting:
            if same_language:
                problems["not_in_source"].append(claim.claim[:80])
            continue
        if outlet_voice(claim.source, labels):
            # The outlet's own reporting: wrong only where the article gives it to somebody else.
            if all(_said_by_other(sentences[i], others, same_language, lang) for i in supporting):
                problems["mismatch"].append(f"{claim.source}: {claim.claim[:60]}")
            continue
        roles = _role_words(claim.source)
        if not any(
            _credited(sentences, i, parties, roles, others, same_language, lang) for i in supporting
        ):
            problems["mismatch"].append(f"{claim.source}: {claim.claim[:60]}")
    return problems


def _said_by_other(
    sentence: str, speakers: list[str], same_language: bool, lang: str | None
) -> bool:
    """Whether the sentence is another speaker's: one named in it, with an attribution marker
    where the article's language has a list of them (a name alone may be what is talked about)."""
    if not any(grounded(sentence, n, same_language) for n in speakers):
        return False
    return lang is None or not lists_attribution(lang) or has_attribution(sentence, lang)


def _by_words(claim: str, sentences: list[str]) -> list[int] | None:
    words = content_words(claim)
    if not words:
        return None
    overlaps = [len(words & content_words(s)) / len(words) for s in sentences]
    # A claim's figures tell its sentence where its words are everyday ones ("the branches
    # would open for up to 60 hours a week instead of 28").
    if figures := numbers_outside_dates(claim):
        with_them = [i for i, s in enumerate(sentences) if figures & numbers_outside_dates(s)]
        if any(overlaps[i] >= 0.3 for i in with_them):
            overlaps = [o if i in with_them else 0.0 for i, o in enumerate(overlaps)]
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
