"""Structured summaries for check tests: a summary text, its claims and its figures."""

from __future__ import annotations

from collections.abc import Sequence

from newsum.summarize import ArticleSummary, Claim, Figure


def summary_with_claims(
    text: str, claims: list[tuple[str, str]], figures: Sequence[tuple[str, str]] = ()
) -> ArticleSummary:
    """A summary whose claims are (source, claim) pairs and whose figures (value, source)
    pairs, with no parties."""
    return ArticleSummary(
        summary=text,
        claims=[Claim(source=source, claim=claim) for source, claim in claims],
        parties=[],
        figures=[Figure(value=value, what="a count", source=source) for value, source in figures],
    )
