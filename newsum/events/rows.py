"""The rows of `events` and `event_articles`: an account, its translations, a single article's
rows copied as its event's, a failed account, and the links of articles to events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from newsum.checks import CheckResult
from newsum.events.answer import EventSummary
from newsum.events.grouping import Assignment
from newsum.events.members import Member, languages, source_labels
from newsum.prompts import RenderedPrompt
from newsum.rows import (
    EventArticleRow,
    EventRow,
    PromptColumns,
    ReviewColumns,
    RunStamp,
    SummaryRow,
)
from newsum.translate import TranslationOutcome
from newsum.translation_rows import translation_columns

C = TypeVar("C", bound=BaseModel)


class EventBase(RunStamp):
    """The columns every row of one event shares, whatever its language and kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str
    n_articles: int
    n_sources: int
    languages: str  # of the member articles, comma-separated
    first_published: datetime | None
    last_published: datetime | None


def base_row(event_id: str, members: Sequence[Member], run_id: str, now: datetime) -> EventBase:
    dates = [m.published_at for m in members if m.published_at]
    return EventBase(
        event_id=event_id,
        n_articles=len(members),
        n_sources=len({(m.source or m.article_id) for m in members}),
        languages=",".join(languages(members)),
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
        run_id=run_id,
        created_at=now,
    )


def account_row(
    base: EventBase,
    answer: EventSummary,
    check: CheckResult,
    prompt: RenderedPrompt,
    chunks: int,
    lang: str,
    model: str | None,
) -> EventRow:
    """The account's row in the pipeline language."""
    return EventRow(
        **base.model_dump(),
        **ReviewColumns(**check.columns()).model_dump(),
        **PromptColumns.of(prompt, model).model_dump(),
        lang=lang,
        kind="summary",
        text=answer.summary,
        headline=answer.headline,
        method=method_of(chunks),
        status="ok",
        established_json=_json([s.model_dump() for s in answer.established]),
        claims_json=_json([p.model_dump() for p in answer.claims_by_party]),
        differences_json=_json([d.model_dump() for d in answer.differences]),
        error=None,
        chunks=chunks,
    )


def event_translation_rows(
    base: EventBase,
    outcomes: list[TranslationOutcome],
    summary_text: str,
    shown: str,
    summary_lang: str,
    chunks: int,
    model: str | None,
) -> list[EventRow]:
    """The account's translations, checked against it, against what the model was shown and
    against each other."""
    return [
        EventRow(
            **base.model_dump(),
            **columns.model_dump(),
            kind="translation",
            headline=None,
            method=method_of(chunks),
            status="ok" if columns.text is not None else "failed",
            established_json=None,  # on the summary row only
            claims_json=None,
            differences_json=None,
            chunks=chunks,
        )
        for columns in translation_columns(outcomes, summary_text, shown, summary_lang, model)
    ]


def method_of(chunks: int) -> str:
    return "map_reduce" if chunks > 1 else "llm"


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def single_article_rows(event_id: str, member: Member, run_id: str) -> list[EventRow]:
    """An event one article reports: that article's summary and translations are its account."""
    assert member.summary_row is not None
    label = source_labels([member])[member.article_id]
    base = base_row(event_id, [member], run_id, datetime.now(UTC))
    rows = []
    for row in [member.summary_row, *member.translations.values()]:
        summary = row.kind == "summary"
        rows.append(
            EventRow(
                **base.model_dump(),
                **_picked(ReviewColumns, row).model_dump(),
                **_picked(PromptColumns, row).model_dump(),
                lang=row.lang,
                kind=row.kind,
                text=row.text,
                headline=None,
                method="single_article",
                status="ok" if row.text else "failed",
                established_json="[]" if summary else None,
                claims_json=_claims_by_party(member, label) if summary else None,
                differences_json="[]" if summary else None,
                error=row.error,
                chunks=0,
            )
        )
    return rows


def _picked(columns: type[C], row: SummaryRow) -> C:
    """One of the article row's column groups, to copy into an event row."""
    return columns(**{name: getattr(row, name) for name in columns.model_fields})


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
) -> list[EventRow]:
    """The account could not be made: one summary row saying why, flagged for review."""
    return [
        EventRow(
            **base_row(event_id, members, run_id, datetime.now(UTC)).model_dump(),
            **ReviewColumns.unchecked("event_summary_failed").model_dump(),
            **PromptColumns.of(None, model).model_dump(),
            lang=lang,
            kind="summary",
            text=None,
            headline=None,
            method="llm",
            status="failed",
            established_json=None,
            claims_json=None,
            differences_json=None,
            error=error,
            chunks=None,
        )
    ]


def link_rows(
    assignments: dict[str, Assignment], members: Sequence[Member], run_id: str
) -> list[EventArticleRow]:
    now = datetime.now(UTC)
    by_id = {m.article_id: m for m in members}
    rows = []
    for article_id, a in sorted(assignments.items()):
        m = by_id[article_id]
        rows.append(
            EventArticleRow(
                event_id=a.event_id,
                article_id=article_id,
                grouping=a.grouping,
                similarity=a.similarity,
                summarised=m.summarised,
                source=m.source,
                lang=m.lang,
                published_at=m.published_at,
                run_id=run_id,
                created_at=now,
            )
        )
    return rows
