"""Stage 7b: one neutral, attributed account per event, its translations, and their checks.

The input of an event is what the article stage already wrote: each member article's structured
summary (outlet, language, summary, claims, parties, figures) in the pipeline language. One LLM
call per event makes the account (map-reduce over groups of sources when they do not fit the
context), then the summary is translated like an article summary. Checks: figures grounded in
what the model was shown, language, loaded terms in the narrator's voice, statements without
sources or with sources that are not in the event.

An event with a single summarised article needs no call: its rows are the article's summary and
translations (method "single_article"), so `events` has one row per event and language either way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from newsum import outputs
from newsum.errors import EndpointFatal, PipelineError
from newsum.events.account import EventOptions, summarize_event
from newsum.events.checks import check_event_summary
from newsum.events.grouping import Assignment
from newsum.events.inputs import GroupingOptions
from newsum.events.members import Member, assign_events, source_labels
from newsum.events.rows import (
    account_row,
    base_row,
    event_translation_rows,
    failed_rows,
    link_rows,
    single_article_rows,
)
from newsum.llm import CallStats, LLMClient
from newsum.rows import EventArticleRow, EventRow
from newsum.translate import translate_summary

_NEVER = datetime.max.replace(tzinfo=UTC)  # sorts undated articles last


@dataclass
class EventStage:
    event_rows: list[EventRow] = field(default_factory=list)
    link_rows: list[EventArticleRow] = field(default_factory=list)
    stats: CallStats = field(default_factory=CallStats)
    stop_reason: str | None = None


async def event_rows(
    client: LLMClient,
    event_id: str,
    members: Sequence[Member],
    options: EventOptions,
    run_id: str,
    stats: CallStats,
) -> list[EventRow]:
    """The event's summary row and one row per translation (LLMError: one failed row)."""
    try:
        outcome = await summarize_event(client, members, options, stats)
    except PipelineError as exc:  # LLMError included
        if isinstance(exc, EndpointFatal):
            raise
        error = client.redact(str(exc))
        return failed_rows(event_id, members, error, client.model, options.pipeline_lang, run_id)
    answer = outcome.answer
    labels = source_labels(members).values()
    check = check_event_summary(answer, outcome.shown, labels, options.pipeline_lang)
    base = base_row(event_id, members, run_id, datetime.now(UTC))
    rows = [
        account_row(
            base,
            answer,
            check,
            outcome.prompt,
            outcome.chunks,
            options.pipeline_lang,
            client.model,
        )
    ]
    translations = await translate_summary(
        client,
        answer.summary,
        options.pipeline_lang,
        options.targets,
        mode=options.translate_mode,
        max_output_tokens=options.summary.max_output_tokens,
        stats=stats,
        bound_length=options.summary.profile.bound_translations,
        chain=options.summary.chain,
    )
    rows += event_translation_rows(
        base,
        translations,
        answer.summary,
        outcome.shown,
        options.pipeline_lang,
        outcome.chunks,
        client.model,
    )
    return rows


def write_event_outputs(root: Path, stage: EventStage, run_date: date) -> None:
    """Upsert the links and the events, then drop event rows nothing refers to any more.

    An event's rows are replaced as a whole: a language this run did not write for it (a failed
    account has no translations) goes, and so does an event no article links to any more (its
    articles were regrouped).
    """
    if stage.link_rows:
        outputs.upsert(root, "event_articles", stage.link_rows, run_date)
    if stage.event_rows:
        outputs.upsert(root, "events", stage.event_rows, run_date)
    written = {(r.event_id, r.lang, r.kind) for r in stage.event_rows}
    touched = {key[0] for key in written}
    table = outputs.read_dataset(root, "events")
    existing = zip(
        *(table.column(c).to_pylist() for c in ("event_id", "lang", "kind")), strict=True
    )
    live = set(outputs.read_dataset(root, "event_articles").column("event_id").to_pylist())
    stale = {
        key for key in existing if (key[0] in touched and key not in written) or key[0] not in live
    }
    outputs.delete_keys(root, "events", stale)


def _events_to_summarise(
    members: Sequence[Member], assignments: dict[str, Assignment]
) -> dict[str, list[Member]]:
    """event_id -> its summarised members, oldest first: the model reads the story as it
    developed."""
    by_event: dict[str, list[Member]] = {}
    for m in members:
        if m.article_id in assignments and m.summarised:
            by_event.setdefault(assignments[m.article_id].event_id, []).append(m)
    for group in by_event.values():
        group.sort(key=lambda m: (m.published_at or _NEVER, m.article_id))
    return by_event


async def run_event_stage(
    members: Sequence[Member],
    client: LLMClient | None,
    options: EventOptions,
    run_id: str,
    grouping: GroupingOptions | None = None,
    stop_reason: str | None = None,
) -> EventStage:
    """Group the members, then summarise every event (concurrently, bounded by the client).

    Without a client (dry run) or once the endpoint refused work, events are grouped and linked
    but not summarised.
    """
    assignments = assign_events(members, grouping)
    stage = EventStage(link_rows=link_rows(assignments, members, run_id), stop_reason=stop_reason)

    async def one(event_id: str, group: list[Member]) -> list[EventRow]:
        if len(group) == 1:
            return single_article_rows(event_id, group[0], run_id)
        if client is None or stage.stop_reason is not None:
            # Dry run, or the endpoint refused work: keep whatever account an earlier run wrote.
            return []
        try:
            return await event_rows(client, event_id, group, options, run_id, stage.stats)
        except EndpointFatal as exc:
            stage.stop_reason = client.redact(str(exc))
            return []

    by_event = _events_to_summarise(members, assignments)
    done = await asyncio.gather(*(one(e, g) for e, g in sorted(by_event.items())))
    stage.event_rows = [row for rows in done for row in rows]
    return stage
