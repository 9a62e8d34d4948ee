"""Stage 5: checks a reviewer can filter on, per summary and per translation.

Each check is a plain function over (source, output) returning what it found; `check_summary` and
`check_translation` collect them into one CheckResult with review reason codes. The checks are
deliberately conservative string checks: they cannot prove a summary right, they catch the
failure modes seen in practice (invented figures, adopted framing, unattributed or misattributed
claims, loops, wrong language, a "translation" that is not one, an obeyed injection).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from newsum.language import SUPPORTED_LANGUAGES, detect_language
from newsum.lexicon import attribution_markers, loaded_term_pattern
from newsum.summarize import ArticleSummary
from newsum.text import split_sentences

# Thousands groups ("5,600", "5 600", "5.600") or a plain/decimal number.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.'’\u066c]\d{3})+(?!\d)|\d+(?:[.,\u066b]\d+)?")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|「[^」]*」|‘[^’]*’")
_WORD = re.compile(r"\w+", re.UNICODE)
_CAPITALISED = re.compile(r"(?<![\w.])([A-Z][a-z]{2,}(?:[- ][A-Z][a-z]+)*)")
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
_INJECTION = re.compile(
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) (?:instructions|rules)"
    r"|disregard (?:the |all )?(?:previous|prior|above) |\bsystem prompt\b|^\s*system\s*:"
    r"|you are now |new instructions?:|assistant\s*:",
    re.IGNORECASE | re.MULTILINE,
)
_CANARY = re.compile(
    r"(?:output|say|write|print|respond with|reply with|include|answer with|begin with|start with)"
    r"[^\"“«'\n]{0,40}[\"“«']([^\"”»'\n]{3,80})[\"”»']",
    re.IGNORECASE,
)
_STOP_CAPITALISED = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "In",
    "On",
    "At",
    "According",
    "After",
    "Before",
    "While",
    "However",
    "Meanwhile",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "He",
    "She",
    "They",
    "We",
    "Both",
}


def canonical_number(token: str) -> str:
    """'5,600', '5 600', '5.600' and '٥٦٠٠' all compare equal: digits only, ASCII."""
    digits = [str(unicodedata.digit(ch)) for ch in token if unicodedata.digit(ch, None) is not None]
    return "".join(digits).lstrip("0") or "0"


@cache
def _non_ascii_digits() -> dict[int, str]:
    """Every non-ASCII character str.isdigit() accepts, mapped to its ASCII digit (~0.1 s once)."""
    return {
        cp: str(unicodedata.digit(chr(cp)))
        for cp in range(0x80, sys.maxunicode + 1)
        if chr(cp).isdigit()
    }


# The checks of one article ask for the numbers of the same source text many times (once per
# summary, translation and figure): remember recent texts instead of rescanning them. Two
# batches of 250 articles are in flight, and an article's summary and translation checks are
# hundreds of other articles' checks apart, so the cache must hold thousands of texts to hit.
_RECENT_TEXTS = 4096


@cache
def _odd_digits() -> frozenset[str]:
    # Most non-ASCII texts hold none of them: testing for one is ~3x cheaper than translating.
    return frozenset(chr(cp) for cp in _non_ascii_digits())


@lru_cache(maxsize=_RECENT_TEXTS)
def _numbers(text: str) -> frozenset[str]:
    odd = not text.isascii() and not _odd_digits().isdisjoint(text)
    normalized = text.translate(_non_ascii_digits()) if odd else text
    return frozenset(canonical_number(match) for match in _NUMBER.findall(normalized))


def numbers_in(text: str) -> set[str]:
    return set(_numbers(text))


def ungrounded_numbers(output: str, source: str) -> list[str]:
    return sorted(numbers_in(output) - numbers_in(source))


def _has_marker(sentence: str, markers: tuple[str, ...]) -> bool:
    lowered = sentence.lower()
    return any(re.search(rf"(?<!\w){re.escape(m)}", lowered) for m in markers)


def unattributed_loaded_terms(text: str, lang: str) -> list[str]:
    """Loaded terms in the narrator's voice: not inside quotes, not in an attributed sentence."""
    pattern = loaded_term_pattern(lang)
    if pattern is None:
        return []
    markers = attribution_markers(lang)
    found: list[str] = []
    for sentence in split_sentences(text):
        outside_quotes = _QUOTED.sub(" ", sentence)
        hits = pattern.findall(outside_quotes)
        if hits and not _has_marker(outside_quotes, markers):
            found.extend(hit.lower() for hit in hits)
    return sorted(set(found))


def repeated_sentences(text: str) -> int:
    """Sentences said twice, plus 8-word runs said three times (loops without full stops)."""
    sentences = [" ".join(_WORD.findall(s.lower())) for s in split_sentences(text)]
    repeats = sum(count - 1 for count in Counter(s for s in sentences if s).values() if count > 1)
    words = _WORD.findall(text.lower())
    grams = Counter(tuple(words[i : i + 8]) for i in range(max(0, len(words) - 7)))
    return repeats + sum(1 for count in grams.values() if count >= 3)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 4 and not w.isdigit()}


def claim_problems(summary: ArticleSummary, source: str) -> dict[str, list[str]]:
    """Unattributed claims; claims with no supporting sentence; claims given to the wrong party.

    Only meaningful when the summary and the source share a language (token overlap).
    """
    sentences = split_sentences(source)
    problems: dict[str, list[str]] = {"unattributed": [], "not_in_source": [], "mismatch": []}
    for claim in summary.claims:
        if claim.source.strip().lower() in _GENERIC_SOURCES:
            problems["unattributed"].append(claim.claim[:80])
            continue
        words = _content_words(claim.claim)
        if not words or not sentences:
            continue
        overlaps = [len(words & _content_words(s)) / len(words) for s in sentences]
        best = max(range(len(sentences)), key=overlaps.__getitem__)
        if overlaps[best] < 0.3:
            problems["not_in_source"].append(claim.claim[:80])
            continue
        if not _names_party(claim.source, sentences, best):
            problems["mismatch"].append(f"{claim.source}: {claim.claim[:60]}")
    return problems


_GENERIC_ROLES = {
    "Ministry",
    "Defence",
    "Defense",
    "Foreign",
    "President",
    "Prime",
    "Minister",
    "Spokesperson",
    "Spokesman",
    "Government",
    "Office",
    "Group",
    "Officials",
}


def _names(text: str) -> set[str]:
    """Five-letter stems of the capitalised words, roles left out ("Armenia's ministry" → armen)."""
    return {w[:5].lower() for w in re.findall(r"\b[A-Z]\w+", text) if w not in _GENERIC_ROLES}


def _names_party(source: str, sentences: list[str], best: int) -> bool:
    """The claim's source is named in the supporting sentence, or in the one before it when the
    supporting sentence only refers back ("The ministry said ...")."""
    wanted = _names(source)
    if not wanted:
        return True
    sentence = sentences[best].lower()
    if all(stem in sentence for stem in wanted):
        return True
    refers_back = not _names(sentences[best].split(" ", 1)[-1])
    return refers_back and best > 0 and all(stem in sentences[best - 1].lower() for stem in wanted)


def entities_not_in_source(output: str, source: str) -> list[str]:
    """Capitalised names in the output that the source never mentions (Latin script only)."""
    lowered = source.lower()
    missing = set()
    # A sentence's first word is capitalised anyway: only names after it count.
    rest = " ".join(
        sentence.split(" ", 1)[1] for sentence in split_sentences(output) if " " in sentence
    )
    for name in _CAPITALISED.findall(rest):
        first = name.split()[0].split("-")[0]
        if first in _STOP_CAPITALISED:
            continue
        if not all(part.lower()[:5] in lowered for part in re.split(r"[- ]", name)):
            missing.add(name)
    return sorted(missing)


def injection_canaries(source: str) -> list[str]:
    """Phrases an article asks the model to output: if they show up, the injection worked."""
    return [m.strip() for m in _CANARY.findall(source)]


@dataclass
class CheckResult:
    numbers_grounded: bool
    lang_detected: str
    lang_ok: bool
    length_ok: bool
    n_words: int
    review_reasons: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def columns(self) -> dict[str, Any]:
        """The review columns of an output row (summaries, events), flat for BI tools."""
        return {
            "numbers_grounded": self.numbers_grounded,
            "lang_detected": self.lang_detected,
            "lang_ok": self.lang_ok,
            "length_ok": self.length_ok,
            "n_words": self.n_words,
            "needs_review": self.needs_review,
            "review_reasons": ",".join(self.review_reasons),
            "review_details": json.dumps(self.details, ensure_ascii=False)
            if self.details
            else None,
        }

    def flag(self, reason: str, detail: Any) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)
        self.details[reason] = detail


def _base(text: str, target_lang: str, extra_source: str) -> CheckResult:
    # A target the detector does not know cannot be checked; it is not a wrong language.
    checkable = target_lang in SUPPORTED_LANGUAGES
    # With the expected language given, a text in another script is ruled out (and a Russian or
    # Greek one confirmed) without running the statistical model: most outputs are settled so.
    detected = detect_language(text, expected=target_lang if checkable else None)
    missing = ungrounded_numbers(text, extra_source)
    result = CheckResult(
        numbers_grounded=not missing,
        lang_detected=detected.lang,
        lang_ok=detected.lang == target_lang or not checkable,
        length_ok=True,
        n_words=len(_WORD.findall(text)),
    )
    if missing:
        result.flag("numbers_ungrounded", missing)
    if not result.lang_ok:
        detail = {"expected": target_lang, "detected": detected.lang}
        if detected.reason:  # e.g. "not ru: written in Latin script"
            detail["why"] = detected.reason
        result.flag("wrong_language", detail)
    loaded = unattributed_loaded_terms(text, target_lang)
    if loaded:
        result.flag("loaded_terms_unattributed", loaded)
    if (repeats := repeated_sentences(text)) > 0:
        result.flag("repeated_sentences", repeats)
    return result


base_checks = _base  # public for the event checks (newsum/events/checks.py)


@lru_cache(maxsize=_RECENT_TEXTS)
def _injection_signals(source: str) -> tuple[bool, tuple[str, ...]]:
    """Whether the source holds instructions, and its canaries: scanned once per source, not
    once per summary and translation of it."""
    return bool(_INJECTION.search(source)), tuple(injection_canaries(source))


def _check_injection(result: CheckResult, text: str, source: str) -> None:
    injected, canaries = _injection_signals(source)
    if injected:
        result.flag("injection_in_source", "the article contains instructions aimed at a model")
    followed = [c for c in canaries if c.lower() in text.lower()]
    if followed:
        result.flag("injection_followed", followed)


def check_summary(
    summary: ArticleSummary,
    source: str,
    source_lang: str | None,
    target_lang: str,
    metadata: str = "",
) -> CheckResult:
    """`metadata`: what else the model was shown (outlet, date), so its figures are grounded."""
    text = summary.summary
    grounding = f"{source}\n{metadata}"
    result = _base(text, target_lang, grounding)
    for figure in summary.figures:
        if ungrounded_numbers(figure.value, grounding):
            result.numbers_grounded = False
            result.flag(
                "numbers_ungrounded",
                sorted(
                    {*result.details.get("numbers_ungrounded", []), *numbers_in(figure.value)}
                    - numbers_in(grounding)
                ),
            )
    source_words = len(_WORD.findall(source))
    if result.n_words < 15 or result.n_words > 250 or result.n_words > max(40, source_words):
        result.length_ok = False
        result.flag("length_out_of_range", {"words": result.n_words, "source_words": source_words})
    if source_lang == target_lang:
        problems = claim_problems(summary, source)
        if entities := entities_not_in_source(text, source):
            result.flag("entities_not_in_source", entities)
    else:
        problems = {
            "unattributed": [
                c.claim[:80] for c in summary.claims if c.source.strip().lower() in _GENERIC_SOURCES
            ]
        }
    for key, reason in (
        ("unattributed", "claims_unattributed"),
        ("not_in_source", "claim_not_in_source"),
        ("mismatch", "claim_source_mismatch"),
    ):
        if problems.get(key):
            result.flag(reason, problems[key])
    if text.strip() and not _ENDS_SENTENCE.search(text):
        # A summary that stops mid-sentence was cut at a length cap (small models run into it).
        result.flag("incomplete_sentence", text.strip()[-40:])
    _check_injection(result, text, source)
    return result


# The end of a sentence in the scripts the pipeline writes, optionally followed by a closing
# quote or bracket.
_ENDS_SENTENCE = re.compile(r"[.!?。！？…؟।]['\"”’»)\]]*\s*$")
_DENSE_SCRIPTS = {"zh", "ja", "ko"}


def check_translation(
    translation: str, summary_text: str, source: str, target_lang: str
) -> CheckResult:
    """A translation must be in its language, keep the summary's figures and roughly its length."""
    result = _base(translation, target_lang, f"{source}\n{summary_text}")
    lost = sorted(numbers_in(summary_text) - numbers_in(translation))
    if lost:
        result.flag("translation_numbers_missing", lost)
    ratio = len(translation) / max(1, len(summary_text))
    low, high = (0.15, 1.2) if target_lang in _DENSE_SCRIPTS else (0.45, 2.5)
    if not low <= ratio <= high:
        result.length_ok = False
        result.flag("length_out_of_range", {"ratio_to_summary": round(ratio, 2)})
    if translation.strip() == summary_text.strip():
        result.flag("not_translated", "the translation is the summary itself")
    _check_injection(result, translation, source)
    return result
