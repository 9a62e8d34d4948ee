"""An event account's checks: the shared base (language, figures, framing, loops) over the
summary, plus what only an account has (figures of every statement grounded in what the model
was shown, attributed statements, cited sources that are in the event)."""

from __future__ import annotations

from collections.abc import Iterable

from newsum.checks import CheckResult, base_checks, numbers_in, unattributed_loaded_terms
from newsum.events.answer import EventSummary, cited_sources, statements_of
from newsum.tokens import split_words


def _known(source: str, labels: set[str]) -> bool:
    wanted = source.strip().casefold()
    if not wanted:
        return False
    # Models shorten and reword names ("Meridian" for "Meridian Wire"): a containment either way
    # counts as the same source.
    return any(wanted in label.casefold() or label.casefold() in wanted for label in labels)


def check_event_summary(
    answer: EventSummary, shown: str, labels: Iterable[str], target_lang: str
) -> CheckResult:
    """Figures grounded in what the model was shown; language; attribution; narrator's voice."""
    text = answer.summary
    result = base_checks(text, target_lang, shown)
    stated = [text, answer.headline, *statements_of(answer)]
    missing = sorted(set().union(*(numbers_in(t) for t in stated)) - numbers_in(shown))
    if missing:
        result.numbers_grounded = False
        result.flag("numbers_ungrounded", missing)
    result.n_words = len(split_words(text))
    result.length_ok = 20 <= result.n_words <= 400
    if not result.length_ok:
        result.flag("length_out_of_range", {"words": result.n_words})
    # Established statements are said in the narrator's voice: a loaded term there is adopted
    # framing unless the statement itself attributes it.
    narrated = [text, answer.headline, *(s.statement for s in answer.established)]
    loaded = sorted({t for part in narrated for t in unattributed_loaded_terms(part, target_lang)})
    if loaded:
        result.flag("loaded_terms_unattributed", loaded)
    unattributed = [s.statement[:80] for s in answer.established if not s.sources]
    unattributed += [p.party[:80] for p in answer.claims_by_party if not p.sources]
    unattributed += [d.topic[:80] for d in answer.differences if len(d.accounts) < 2]
    if unattributed:
        result.flag("statements_unattributed", unattributed)
    known = set(labels)
    unknown = sorted({s for s in cited_sources(answer) if not _known(s, known)})
    if unknown:
        result.flag("sources_unknown", unknown)
    return result
