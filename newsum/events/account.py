"""One event's account from its members' summaries: one call, or map-reduce over groups of
sources when they do not fit the context."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsum.budget import estimate_tokens, pack
from newsum.config import TranslateMode
from newsum.events.answer import EventSummary, event_schema
from newsum.events.members import Member, languages, source_labels
from newsum.lexicon import language_name
from newsum.llm import CallStats, LLMClient
from newsum.prompts import RenderedPrompt, as_data, load_prompt
from newsum.summarize import SummaryOptions

Ask = Callable[[RenderedPrompt], Awaitable[EventSummary]]


@dataclass(frozen=True)
class EventOptions:
    pipeline_lang: str
    targets: list[str]
    translate_mode: TranslateMode
    summary: SummaryOptions  # the endpoint's context and output limits
    template_overhead_tokens: int = 700

    @property
    def max_tokens(self) -> int:
        # Three capped lists of attributed statements need more room than one article's summary.
        return min(self.summary.max_output_tokens, 2500)

    @property
    def input_budget(self) -> int:
        return max(
            256, self.summary.context_tokens - self.max_tokens - self.template_overhead_tokens
        )


def source_entry(
    member: Member, label: str, max_items: int, compact: bool = False
) -> dict[str, Any]:
    """One source as the model reads it. `compact` (small models, small contexts): the summary
    alone, which already attributes its claims; the lists would triple the calls."""
    summary = member.summary
    entry = {
        "source": label,
        "language": member.lang or "und",
        "published": member.published_at.date().isoformat() if member.published_at else None,
        "summary": summary.summary if summary else "",
    }
    if compact:
        return entry
    claims, parties, figures = (
        (summary.claims, summary.parties, summary.figures) if summary else ([], [], [])
    )
    return {
        **entry,
        "claims": [{"source": c.source, "claim": c.claim} for c in claims[:max_items]],
        "parties": [{"party": p.party, "position": p.position} for p in parties[:max_items]],
        "figures": [
            {"value": f.value, "what": f.what, "source": f.source} for f in figures[:max_items]
        ],
    }


def _dump(data: Any) -> str:
    # Compact: indentation would cost a tenth of the context for nothing the model needs.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def split_sources(entries: list[dict[str, Any]], budget_tokens: int) -> list[list[dict[str, Any]]]:
    """Consecutive groups of sources whose data fits the budget (at least one source a group)."""
    return pack(entries, lambda entry: estimate_tokens(_dump(entry)), budget_tokens)


@dataclass(frozen=True)
class Wording:
    """What every prompt of one event's account says besides its sources."""

    language_name: str  # the account's language
    languages: str  # the sources' languages, by name
    n_sources: int


@dataclass
class EventOutcome:
    answer: EventSummary
    prompt: RenderedPrompt
    chunks: int  # 1 unless map-reduced
    shown: str  # everything the model was shown, for grounding the figures


async def summarize_event(
    client: LLMClient,
    members: Sequence[Member],
    options: EventOptions,
    stats: CallStats,
) -> EventOutcome:
    """The event's account in the pipeline language (map-reduce when the sources do not fit)."""
    labels = source_labels(members)
    max_items = options.summary.max_list_items
    profile = options.summary.profile
    compact = profile.compact_sources
    entries = [source_entry(m, labels[m.article_id], max_items, compact) for m in members]
    # A small model copies the language of what it reads: the summaries, whatever they are in.
    written = [options.pipeline_lang, *(m.written_lang for m in members)]
    schema = event_schema(max_items, profile, written)
    langs = ", ".join(language_name(code) for code in languages(members))
    wording = Wording(
        language_name(options.pipeline_lang), langs or "unknown languages", len(entries)
    )

    async def ask(prompt: RenderedPrompt) -> EventSummary:
        return await client.structured(
            prompt, EventSummary, schema=schema, max_tokens=options.max_tokens, stats=stats
        )

    groups = split_sources(entries, options.input_budget)
    if len(groups) == 1:
        prompt = load_prompt("event_summary").render(
            language_name=wording.language_name,
            n_sources=str(wording.n_sources),
            languages=wording.languages,
            sources=as_data(_dump(entries), "sources"),
        )
        return EventOutcome(await ask(prompt), prompt, 1, _shown(prompt))
    parts, prompts = await map_groups(groups, wording, ask)
    shown = "\n".join(_shown(p) for p in prompts)
    # Reduce in rounds until one account is left.
    last: RenderedPrompt | None = None
    while len(parts) > 1:
        parts, reduce_prompts = await reduce_round(parts, wording, options.input_budget, ask)
        last = reduce_prompts[-1]
    assert last is not None  # two groups or more: at least one reduce round
    return EventOutcome(parts[0], last, len(groups), shown)


async def map_groups(
    groups: list[list[dict[str, Any]]], wording: Wording, ask: Ask
) -> tuple[list[EventSummary], list[RenderedPrompt]]:
    """One partial account per group of sources, side by side."""
    template = load_prompt("event_summary")
    prompts = [
        template.render(
            scope=(
                f"These are sources {i} to {i + len(group) - 1} of the {wording.n_sources} "
                "sources on this event; another step merges the groups."
            ),
            language_name=wording.language_name,
            n_sources=str(len(group)),
            languages=wording.languages,
            sources=as_data(_dump(group), "sources"),
        )
        for i, group in zip(_starts(groups), groups, strict=True)
    ]
    return list(await asyncio.gather(*(ask(p) for p in prompts))), prompts


async def reduce_round(
    parts: list[EventSummary], wording: Wording, budget_tokens: int, ask: Ask
) -> tuple[list[EventSummary], list[RenderedPrompt]]:
    """One round: neighbouring partial accounts merged in batches that fit the budget.

    When no two accounts fit the budget together they are paired anyway: the reduce must
    progress, and one account more than the budget still fits the context the budget keeps
    free for the answer. A batch of one is kept as it is. Returns the accounts left and the
    prompts sent (at least one)."""
    dumped = [p.model_dump() for p in parts]
    batches = split_sources(dumped, budget_tokens)
    if len(batches) == len(dumped):
        batches = [dumped[i : i + 2] for i in range(0, len(dumped), 2)]
    combine = load_prompt("event_combine")
    merged: list[EventSummary] = []
    prompts: list[RenderedPrompt] = []
    slots: list[int] = []  # where each reduce answer goes in `merged`
    position = 0
    for batch in batches:
        merged.append(parts[position])  # replaced by the batch's answer when it has two or more
        if len(batch) > 1:
            slots.append(len(merged) - 1)
            prompts.append(
                combine.render(
                    language_name=wording.language_name,
                    n_sources=str(wording.n_sources),
                    languages=wording.languages,
                    parts=as_data(_dump(batch), "parts"),
                )
            )
        position += len(batch)
    answers = await asyncio.gather(*(ask(p) for p in prompts))
    for slot, answer in zip(slots, answers, strict=True):
        merged[slot] = answer
    return merged, prompts


def _starts(groups: list[list[dict[str, Any]]]) -> list[int]:
    starts, position = [], 1
    for group in groups:
        starts.append(position)
        position += len(group)
    return starts


def _shown(prompt: RenderedPrompt) -> str:
    return "\n".join(message["content"] for message in prompt.messages if message["role"] == "user")
