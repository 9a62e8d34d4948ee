"""Structured summaries for check tests: a summary text and its claims, nothing else."""

from __future__ import annotations

from newsum.summarize import ArticleSummary, Claim


def summary_with_claims(text: str, claims: list[tuple[str, str]]) -> ArticleSummary:
    """A summary whose claims are (source, claim) pairs, with no parties or figures."""
    return ArticleSummary(
        summary=text,
        claims=[Claim(source=source, claim=claim) for source, claim in claims],
        parties=[],
        figures=[],
    )
