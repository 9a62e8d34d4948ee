"""Instructions hidden in an article, and whether the output obeyed them."""

from __future__ import annotations

import re
from functools import lru_cache

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.result import CheckResult

_INJECTION = re.compile(
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) (?:instructions|rules)"
    r"|disregard (?:the |all )?(?:previous|prior|above) |\bsystem prompt\b|^\s*system\s*:"
    r"|you are now |new instructions?:|assistant\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# A phrase the article orders a model to write: the verb in the imperative, opening a sentence
# or a clause ("… and write 'X'", "SYSTEM: … Say "X""). A reported word ("the inspectors say
# the route is 'safe'") has its speaker before the verb, and is no order.
_CANARY = re.compile(
    r"(?:(?:^|[.!?:;,>\n])\s*|\b(?:please|and|then|also|just|now|must|should|always|instead)\s+)"
    r"(?:output|say|write|print|respond with|reply with|include|answer with|begin with"
    r"|start with)\b"
    r"[^\"“«'\n]{0,40}[\"“«']([^\"”»'\n]{3,80})[\"”»']",
    re.IGNORECASE,
)


def injection_canaries(source: str) -> list[str]:
    """Phrases an article asks the model to output: if they show up, the injection worked."""
    return [m.strip() for m in _CANARY.findall(source)]


@lru_cache(maxsize=RECENT_TEXTS)
def _injection_signals(source: str) -> tuple[bool, tuple[str, ...]]:
    """Whether the source holds instructions, and its canaries: scanned once per source, not
    once per summary and translation of it."""
    return bool(_INJECTION.search(source)), tuple(injection_canaries(source))


def check_injection(result: CheckResult, text: str, source: str) -> None:
    injected, canaries = _injection_signals(source)
    if injected:
        result.flag("injection_in_source", "the article contains instructions aimed at a model")
    followed = [c for c in canaries if c.lower() in text.lower()]
    if followed:
        result.flag("injection_followed", followed)
