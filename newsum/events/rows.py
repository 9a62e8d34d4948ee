"""The rows of `events` and `event_articles`: an account, its translations, a single article's
rows copied as its event's, a failed account, and the links of articles to events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsum.checks import CheckResult, check_translation
from newsum.events.answer import EventSummary
from newsum.events.grouping import Assignment
from newsum.events.members import Member, languages, source_labels
from newsum.prompts import RenderedPrompt
from newsum.translate import TranslationOutcome

_COPIED = (
    "text", "numbers_grounded", "lang_detected", "lang_ok", "length_ok", "n_words",
    "needs_review", "review_reasons", "review_details", "error", "model", "prompt_name",
    "prompt_version", "prompt_hash",
)  # fmt: skip


def base_row(
    event_id: str, members: Sequence[Member], run_id: str, now: datetime
) -> dict[str, Any]:
    """The columns every row of one event shares."""
    dates = [m.published_at for m in members if m.published_at]
    return {
        "event_id": event_id,
        "n_articles": len(members),
        "n_sources": len({(m.source or m.article_id) for m in members}),
        "languages": ",".join(languages(members)),
        "first_published": min(dates) if dates else None,
        "last_published": max(dates) if dates else None,
        "run_id": run_id,
        "created_at": now,
    }


def prompt_columns(prompt: RenderedPrompt | None, model: str | None) -> dict[str, Any]:
    return {
        "model": model,
        "prompt_name": prompt.name if prompt else None,
        "prompt_version": prompt.version if prompt else None,
        "prompt_hash": prompt.hash if prompt else None,
    }


def translation_row(
    outcome: TranslationOutcome, summary_text: str, source: str, model: str | None
) -> dict[str, Any]:
    """A translation's own columns, checked against its summary and what the summary came from
    (the same at the article and the event stage; the caller adds its keys)."""
    row: dict[str, Any] = {
        "lang": outcome.lang,
        "kind": "translation",
        "text": outcome.text,
        "error": outcome.error,
        **prompt_columns(outcome.prompt, model),
    }
    if outcome.text is not None:
        row.update(check_translation(outcome.text, summary_text, source, outcome.lang).columns())
    else:
        row.update({"needs_review": True, "review_reasons": "translation_failed"})
    return row


def account_row(
    base: dict[str, Any],
    answer: EventSummary,
    check: CheckResult,
    prompt: RenderedPrompt,
    chunks: int,
    lang: str,
    model: str | None,
) -> dict[str, Any]:
    """The account's row in the pipeline language."""
    return {
        **base,
        **check.columns(),
        **prompt_columns(prompt, model),
        "lang": lang,
        "kind": "summary",
        "text": answer.summary,
        "headline": answer.headline,
        "method": method_of(chunks),
        "status": "ok",
        "established_json": _json([s.model_dump() for s in answer.established]),
        "claims_json": _json([p.model_dump() for p in answer.claims_by_party]),
        "differences_json": _json([d.model_dump() for d in answer.differences]),
        "error": None,
        "chunks": chunks,
    }


def event_translation_row(
    base: dict[str, Any],
    outcome: TranslationOutcome,
    summary_text: str,
    shown: str,
    chunks: int,
    model: str | None,
) -> dict[str, Any]:
    return {
        **base,
        **translation_row(outcome, summary_text, shown, model),
        "method": method_of(chunks),
        "status": "ok" if outcome.text is not None else "failed",
        "chunks": chunks,
    }


def method_of(chunks: int) -> str:
    return "map_reduce" if chunks > 1 else "llm"


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def single_article_rows(event_id: str, member: Member, run_id: str) -> list[dict[str, Any]]:
    """An event one article reports: that article's summary and translations are its account."""
    assert member.summary_row is not None
    label = source_labels([member])[member.article_id]
    base = base_row(event_id, [member], run_id, datetime.now(UTC))
    rows = []
    for row in [member.summary_row, *member.translations.values()]:
        copied = {key: row.get(key) for key in _COPIED}
        summary = row["kind"] == "summary"
        rows.append(
            {
                **base,
                **copied,
                "lang": row["lang"],
                "kind": row["kind"],
                "headline": None,
                "method": "single_article",
                "status": "ok" if row.get("text") else "failed",
                "established_json": "[]" if summary else None,
                "claims_json": _claims_by_party(member, label) if summary else None,
                "differences_json": "[]" if summary else None,
                "chunks": 0,
            }
        )
    return rows


def _claims_by_party(member: Member, label: str) -> str:
    """The article's claims in the event's shape: by party, reported by the one outlet."""
    by_party: dict[str, list[str]] = {}
    for claim in member.summary.claims if member.summary else []:
        by_party.setdefault(claim.source or "unknown", []).append(claim.claim)
    return _json([{"party": p, "claims": c, "sources": [label]} for p, c in by_party.items()])


def failed_rows(
    event_id: str,
    members: Sequence[Member],
    error: str,
    model: str | None,
    lang: str,
    run_id: str,
) -> list[dict[str, Any]]:
    return [
        {
            **base_row(event_id, members, run_id, datetime.now(UTC)),
            "lang": lang,
            "kind": "summary",
            "method": "llm",
            "status": "failed",
            "error": error,
            "model": model,
            "needs_review": True,
            "review_reasons": "event_summary_failed",
        }
    ]


def link_rows(
    assignments: dict[str, Assignment], members: Sequence[Member], run_id: str
) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    by_id = {m.article_id: m for m in members}
    rows = []
    for article_id, a in sorted(assignments.items()):
        m = by_id[article_id]
        rows.append(
            {
                "event_id": a.event_id,
                "article_id": article_id,
                "grouping": a.grouping,
                "similarity": a.similarity,
                "summarised": m.summarised,
                "source": m.source,
                "lang": m.lang,
                "published_at": m.published_at,
                "run_id": run_id,
                "created_at": now,
            }
        )
    return rows
