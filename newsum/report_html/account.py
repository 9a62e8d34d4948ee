"""An event's account as the report shows it: its text, what is established, each party's
claims, and where the outlets' accounts differ."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newsum.report_html.cells import Flags, day, flags, shown
from newsum.report_html.datasets import Row
from newsum.report_html.marks import ungrounded


@dataclass(frozen=True)
class Statement:
    text: str
    sources: list[str]  # none: the page says 'no source'


@dataclass(frozen=True)
class PartyClaims:
    party: str
    claims: list[str]
    sources: list[str]


@dataclass(frozen=True)
class Telling:
    """One outlet's account of a disputed topic."""

    source: str
    account: str


@dataclass(frozen=True)
class Difference:
    topic: str
    tellings: list[Telling]


@dataclass(frozen=True)
class Account:
    """The event's summary row: how it was made, and what it says (when its status is ok)."""

    lang: str
    n_articles: str
    n_sources: str
    languages: str
    span: str
    method: str
    model: str
    ok: bool
    error: str
    text: str
    numbers: frozenset[str]  # the figures to mark, in the text and in every list below
    flags: Flags
    established: list[Statement]
    parties: list[PartyClaims]
    differences: list[Difference]


def _json(value: Any) -> list[dict[str, Any]]:
    if not value:
        return []
    try:
        data = json.loads(value)
    except ValueError:
        return []
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def _sources(names: Any) -> list[str]:
    return [str(n) for n in names] if names else []


def _difference(d: dict[str, Any]) -> Difference:
    tellings = [
        Telling(shown(a.get("source")), shown(a.get("account")))
        for a in d.get("accounts") or []
        if isinstance(a, dict)
    ]
    return Difference(shown(d.get("topic")), tellings)


def account(summary: Row) -> Account:
    first, last = day(summary.get("first_published")), day(summary.get("last_published"))
    span = f"{first} to {last}" if first and last and first != last else first or "undated"
    return Account(
        lang=shown(summary.get("lang") or ""),
        n_articles=shown(summary.get("n_articles")),
        n_sources=shown(summary.get("n_sources")),
        languages=shown(summary.get("languages")),
        span=span,
        method=shown(summary.get("method")),
        model=shown(summary.get("model")),
        ok=summary.get("status") == "ok",
        error=shown(summary.get("error")),
        text=shown(summary.get("text") or ""),
        numbers=frozenset(ungrounded(summary)),
        flags=flags(summary),
        established=[
            Statement(shown(s.get("statement")), _sources(s.get("sources")))
            for s in _json(summary.get("established_json"))
        ],
        parties=[
            PartyClaims(
                shown(p.get("party")),
                [str(c) for c in p.get("claims") or []],
                _sources(p.get("sources")),
            )
            for p in _json(summary.get("claims_json"))
        ],
        differences=[_difference(d) for d in _json(summary.get("differences_json"))],
    )
