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
import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from newsum import outputs
from newsum.budget import chars_for_tokens, estimate_tokens, pack
from newsum.checks import (
    CheckResult,
    check_translation,
    numbers_in,
    repeated_sentences,
    unattributed_loaded_terms,
)
from newsum.errors import EndpointFatal, LLMError, PipelineError
from newsum.events import Assignment, EventItem, GroupingOptions, group_events
from newsum.language import SUPPORTED_LANGUAGES, detect_language
from newsum.lexicon import language_name
from newsum.llm import CallStats, LLMClient
from newsum.prompts import RenderedPrompt, as_data, load_prompt
from newsum.summarize import SummaryOptions
from newsum.tokens import split_words
from newsum.translate import TranslateMode, translate_summary

_NEVER = datetime.max.replace(tzinfo=UTC)  # sorts undated articles last
_FIRST = datetime.min.replace(tzinfo=UTC)

# --------------------------------------------------------------------------------------------
# The answer model


class Statement(BaseModel):
    statement: str = Field(min_length=1, description="A fact the sources agree on, neutral")
    sources: list[str] = Field(default_factory=list, max_length=20)


class PartyClaims(BaseModel):
    party: str = Field(min_length=1, description="Who claims it: government, ministry, group")
    claims: list[str] = Field(default_factory=list, max_length=20)
    sources: list[str] = Field(default_factory=list, max_length=20)


class Account(BaseModel):
    source: str
    account: str


class Difference(BaseModel):
    topic: str = Field(description="What the accounts differ on: a figure, a place, a description")
    accounts: list[Account] = Field(default_factory=list, max_length=20)


class EventSummary(BaseModel):
    headline: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    established: list[Statement] = Field(default_factory=list, max_length=20)
    claims_by_party: list[PartyClaims] = Field(default_factory=list, max_length=20)
    differences: list[Difference] = Field(default_factory=list, max_length=20)


# A small model's answer, bounded field by field (grammar-enforced by llama.cpp) in tokens of the
# languages it may write in, so that an account always closes within the embedded output budget
# instead of looping or running past it; at most these many characters whatever the language.
_SMALL_MODEL_MAX_TOKENS = {
    "headline": 20, "summary": 120, "statement": 24, "party": 10, "claims": 24,
    "sources": 10, "topic": 10, "source": 10, "account": 24,
}  # fmt: skip
_SMALL_MODEL_MAX_LENGTH = {
    "headline": 90, "summary": 420, "statement": 120, "party": 48, "claims": 120,
    "sources": 48, "topic": 48, "source": 48, "account": 120,
}  # fmt: skip
# Every list of a small model's account holds one item: with two, the capped answer (~700 tokens)
# would not fit in the embedded output budget (512), and the model's second items were repeats.
SMALL_MODEL_MAX_ITEMS = 1


def event_schema(
    max_items: int, small_model: bool = False, langs: Sequence[str | None] = ("en",)
) -> dict[str, Any]:
    """The schema sent to the endpoint: every list capped, since small models loop.

    `langs`: the languages a small model's answer may come in (sets its caps in characters)."""
    if small_model:
        max_items = min(max_items, SMALL_MODEL_MAX_ITEMS)
    schema = copy.deepcopy(EventSummary.model_json_schema())
    for name in ("established", "claims_by_party", "differences"):
        schema["properties"][name]["maxItems"] = max_items
    schema["required"] = list(EventSummary.model_fields)
    defs = schema.get("$defs", {})
    for model, lists in (
        ("Statement", ("sources",)),
        ("PartyClaims", ("claims", "sources")),
        ("Difference", ("accounts",)),
    ):
        for name in lists:
            defs[model]["properties"][name]["maxItems"] = max_items
        defs[model]["required"] = list(defs[model]["properties"])
    defs["Account"]["required"] = ["source", "account"]
    if small_model:
        for node in [schema, *defs.values()]:
            for name, prop in node.get("properties", {}).items():
                tokens = _SMALL_MODEL_MAX_TOKENS.get(name)
                if tokens is None:
                    continue
                target = prop["items"] if prop.get("type") == "array" else prop
                if target.get("type") == "string":
                    limit = chars_for_tokens(tokens, langs)
                    target["maxLength"] = min(_SMALL_MODEL_MAX_LENGTH[name], limit)
    return schema


# --------------------------------------------------------------------------------------------
# Members: the article stage's rows, as the event stage reads them


@dataclass(frozen=True)
class Member:
    """One article of an event, with its pipeline-language summary when it has one."""

    article_id: str
    event_id: str | None  # given in the input
    source: str | None
    lang: str | None
    published_at: datetime | None
    summary_row: dict[str, Any] | None  # the kind="summary" row; None when not summarised
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def summarised(self) -> bool:
        return bool(self.summary_row and self.summary_row.get("text"))

    def grouping_text(self) -> str:
        """Summary, claims, parties and figures: what the event grouping compares."""
        if not self.summarised:
            return ""
        assert self.summary_row is not None
        parts = [str(self.summary_row["text"])]
        for claim in _json_list(self.summary_row.get("claims_json")):
            parts.append(str(claim.get("claim", "")))
        for party in _json_list(self.summary_row.get("parties_json")):
            parts.append(str(party.get("party", "")))
        for figure in _json_list(self.summary_row.get("figures_json")):
            parts.append(f"{figure.get('value', '')} {figure.get('what', '')}")
        return "\n".join(p for p in parts if p)


def _json_list(value: Any) -> list[dict[str, Any]]:
    if not value:
        return []
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return []
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def members_from_rows(
    article_rows: Iterable[dict[str, Any]],
    summary_rows: Iterable[dict[str, Any]],
    pipeline_lang: str,
) -> list[Member]:
    """One Member per article row that reached the LLM stage (ok or failed)."""
    summaries: dict[str, dict[str, Any]] = {}
    translations: dict[str, dict[str, dict[str, Any]]] = {}
    for row in summary_rows:
        if row.get("kind") == "summary" and row.get("lang") == pipeline_lang:
            summaries[row["article_id"]] = row
        elif row.get("kind") == "translation":
            translations.setdefault(row["article_id"], {})[row["lang"]] = row
    members = []
    for row in article_rows:
        if row.get("status") not in ("ok", "failed"):
            continue  # rejected, duplicate, planned: nothing to report at event level
        article_id = row["article_id"]
        members.append(
            Member(
                article_id=article_id,
                event_id=row.get("event_id"),
                source=row.get("source"),
                lang=row.get("lang"),
                published_at=row.get("published_at"),
                summary_row=summaries.get(article_id),
                translations=translations.get(article_id, {}),
            )
        )
    return members


def load_members(
    root: Path,
    article_rows: Sequence[dict[str, Any]],
    summary_rows: Sequence[dict[str, Any]],
    pipeline_lang: str,
    window_days: float,
) -> list[Member]:
    """This run's articles plus the earlier ones in OUTPUT published near them.

    Events span runs (news arrives daily): an event's account must cover every article written
    so far, not only this run's. Earlier articles more than `window_days` before or after this
    run's articles are left out, so a run does not regroup a whole archive. This run's rows win.
    """
    current = {row["article_id"] for row in article_rows}
    dates = [row["published_at"] for row in article_rows if row.get("published_at")]
    low = min(dates) - timedelta(days=window_days) if dates else None
    high = max(dates) + timedelta(days=window_days) if dates else None

    def near(row: dict[str, Any]) -> bool:
        date = row.get("published_at")
        return low is None or high is None or date is None or low <= date <= high

    earlier = [
        row
        for row in outputs.read_dataset(root, "articles").to_pylist()
        if row["article_id"] not in current and near(row)
    ]
    keep = {row["article_id"] for row in earlier}
    earlier_summaries = [
        row
        for row in outputs.read_dataset(root, "summaries").to_pylist()
        if row["article_id"] in keep
    ]
    return members_from_rows(
        [*_latest(earlier), *article_rows], [*earlier_summaries, *summary_rows], pipeline_lang
    )


def _latest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per article_id (the last processed), since reruns of other files can repeat ids."""
    by_id: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: r.get("processed_at") or _FIRST):
        by_id[row["article_id"]] = row
    return list(by_id.values())


def assign_events(
    members: Sequence[Member], options: GroupingOptions | None = None
) -> dict[str, Assignment]:
    """Group the members; the text compared is each summary in the language it was written in."""
    items = [
        EventItem(
            article_id=m.article_id,
            event_id=m.event_id,
            text=m.grouping_text(),
            published_at=m.published_at,
            lang=(m.summary_row or {}).get("lang_detected") or (m.summary_row or {}).get("lang"),
            source=m.source,
        )
        for m in members
    ]
    return group_events(items, options)


# --------------------------------------------------------------------------------------------
# Prompt input


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


def source_labels(members: Sequence[Member]) -> dict[str, str]:
    """article_id -> the name the model must cite: the outlet, numbered when it repeats."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for m in members:
        base = (m.source or "").strip() or f"article {m.article_id}"
        seen[base] = seen.get(base, 0) + 1
        labels[m.article_id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return labels


def source_entry(
    member: Member, label: str, max_items: int, compact: bool = False
) -> dict[str, Any]:
    """One source as the model reads it. `compact` (small models, small contexts): the summary
    alone, which already attributes its claims; the lists would triple the calls."""
    row = member.summary_row or {}
    entry = {
        "source": label,
        "language": member.lang or "und",
        "published": member.published_at.date().isoformat() if member.published_at else None,
        "summary": row.get("text") or "",
    }
    if compact:
        return entry
    return {
        **entry,
        "claims": [
            {"source": c.get("source"), "claim": c.get("claim")}
            for c in _json_list(row.get("claims_json"))[:max_items]
        ],
        "parties": [
            {"party": p.get("party"), "position": p.get("position")}
            for p in _json_list(row.get("parties_json"))[:max_items]
        ],
        "figures": [
            {"value": f.get("value"), "what": f.get("what"), "source": f.get("source")}
            for f in _json_list(row.get("figures_json"))[:max_items]
        ],
    }


def _dump(data: Any) -> str:
    # Compact: indentation would cost a tenth of the context for nothing the model needs.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def split_sources(entries: list[dict[str, Any]], budget_tokens: int) -> list[list[dict[str, Any]]]:
    """Consecutive groups of sources whose data fits the budget (at least one source a group)."""
    return pack(entries, lambda entry: estimate_tokens(_dump(entry)), budget_tokens)


def _languages(members: Sequence[Member]) -> list[str]:
    return sorted({m.lang for m in members if m.lang})


def _language_names(langs: Sequence[str]) -> str:
    return ", ".join(language_name(code) for code in langs) or "unknown languages"


# --------------------------------------------------------------------------------------------
# The LLM step


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
    compact = options.summary.small_model
    entries = [source_entry(m, labels[m.article_id], max_items, compact) for m in members]
    # A small model copies the language of what it reads: the summaries, whatever they are in.
    written: list[str | None] = [options.pipeline_lang]
    written += [(m.summary_row or {}).get("lang_detected") for m in members]
    schema = event_schema(max_items, options.summary.small_model, written)
    langs = _language_names(_languages(members))
    lang_name = language_name(options.pipeline_lang)
    template = load_prompt("event_summary")
    groups = split_sources(entries, options.input_budget)

    async def ask(prompt: RenderedPrompt) -> EventSummary:
        return await client.structured(
            prompt, EventSummary, schema=schema, max_tokens=options.max_tokens, stats=stats
        )

    if len(groups) == 1:
        prompt = template.render(
            language_name=lang_name,
            n_sources=str(len(entries)),
            languages=langs,
            sources=as_data(_dump(entries), "sources"),
        )
        return EventOutcome(await ask(prompt), prompt, 1, _shown(prompt))
    prompts = [
        template.render(
            scope=(
                f"These are sources {i} to {i + len(group) - 1} of the {len(entries)} sources on "
                "this event; another step merges the groups."
            ),
            language_name=lang_name,
            n_sources=str(len(group)),
            languages=langs,
            sources=as_data(_dump(group), "sources"),
        )
        for i, group in zip(_starts(groups), groups, strict=True)
    ]
    parts = list(await asyncio.gather(*(ask(p) for p in prompts)))
    shown = "\n".join(_shown(p) for p in prompts)
    # Reduce in rounds until one account is left. When no two partial accounts fit the budget
    # together, pair them anyway: the reduce must progress, and one account more than the
    # budget still fits the context the budget keeps free for the answer.
    combine = load_prompt("event_combine")
    last: RenderedPrompt | None = None
    while len(parts) > 1:
        dumped = [p.model_dump() for p in parts]
        batches = split_sources(dumped, options.input_budget)
        if len(batches) == len(dumped):
            batches = [dumped[i : i + 2] for i in range(0, len(dumped), 2)]
        merged: list[EventSummary] = []
        reduce_prompts: list[RenderedPrompt] = []
        slots: list[int] = []  # where each reduce answer goes in `merged`
        position = 0
        for batch in batches:
            if len(batch) == 1:  # nothing to merge it with this round: keep it as it is
                merged.append(parts[position])
            else:
                slots.append(len(merged))
                merged.append(parts[position])  # replaced by the answer below
                reduce_prompts.append(
                    combine.render(
                        language_name=lang_name,
                        n_sources=str(len(entries)),
                        languages=langs,
                        parts=as_data(_dump(batch), "parts"),
                    )
                )
            position += len(batch)
        answers = await asyncio.gather(*(ask(p) for p in reduce_prompts))
        for slot, answer in zip(slots, answers, strict=True):
            merged[slot] = answer
        parts = merged
        last = reduce_prompts[-1]
    assert last is not None  # two groups or more: at least one reduce round
    return EventOutcome(parts[0], last, len(groups), shown)


def _starts(groups: list[list[dict[str, Any]]]) -> list[int]:
    starts, position = [], 1
    for group in groups:
        starts.append(position)
        position += len(group)
    return starts


def _shown(prompt: RenderedPrompt) -> str:
    return "\n".join(message["content"] for message in prompt.messages if message["role"] == "user")


# --------------------------------------------------------------------------------------------
# Checks


def _known(source: str, labels: set[str]) -> bool:
    wanted = source.strip().casefold()
    if not wanted:
        return False
    # Models shorten and reword names ("Meridian" for "Meridian Wire"): a containment either way
    # counts as the same source.
    return any(wanted in label.casefold() or label.casefold() in wanted for label in labels)


def statements_of(answer: EventSummary) -> list[str]:
    """Every statement of the structured answer, for the figure and loaded-term checks."""
    texts = [s.statement for s in answer.established]
    texts += [claim for party in answer.claims_by_party for claim in party.claims]
    texts += [a.account for d in answer.differences for a in d.accounts]
    return texts


def check_event_summary(
    answer: EventSummary, shown: str, labels: Iterable[str], target_lang: str
) -> CheckResult:
    """Figures grounded in what the model was shown; language; attribution; narrator's voice."""
    text = answer.summary
    labels = set(labels)
    checkable = target_lang in SUPPORTED_LANGUAGES
    detected = detect_language(text, expected=target_lang if checkable else None)
    n_words = len(split_words(text))
    result = CheckResult(
        numbers_grounded=True,
        lang_detected=detected.lang,
        lang_ok=detected.lang == target_lang or not checkable,
        length_ok=20 <= n_words <= 400,
        n_words=n_words,
    )
    missing = sorted(
        set().union(*(numbers_in(t) for t in [text, answer.headline, *statements_of(answer)]))
        - numbers_in(shown)
    )
    if missing:
        result.numbers_grounded = False
        result.flag("numbers_ungrounded", missing)
    if not result.lang_ok:
        result.flag("wrong_language", {"expected": target_lang, "detected": detected.lang})
    if not result.length_ok:
        result.flag("length_out_of_range", {"words": n_words})
    # Established statements are said in the narrator's voice: a loaded term there is adopted
    # framing unless the statement itself attributes it.
    narrated = [text, answer.headline, *(s.statement for s in answer.established)]
    loaded = sorted({t for part in narrated for t in unattributed_loaded_terms(part, target_lang)})
    if loaded:
        result.flag("loaded_terms_unattributed", loaded)
    if (repeats := repeated_sentences(text)) > 0:
        result.flag("repeated_sentences", repeats)
    unattributed = [s.statement[:80] for s in answer.established if not s.sources]
    unattributed += [p.party[:80] for p in answer.claims_by_party if not p.sources]
    unattributed += [d.topic[:80] for d in answer.differences if len(d.accounts) < 2]
    if unattributed:
        result.flag("statements_unattributed", unattributed)
    cited = [s for st in answer.established for s in st.sources]
    cited += [s for p in answer.claims_by_party for s in p.sources]
    cited += [a.source for d in answer.differences for a in d.accounts]
    unknown = sorted({s for s in cited if not _known(s, labels)})
    if unknown:
        result.flag("sources_unknown", unknown)
    return result


# --------------------------------------------------------------------------------------------
# Rows


_COPIED = (
    "text", "numbers_grounded", "lang_detected", "lang_ok", "length_ok", "n_words",
    "needs_review", "review_reasons", "review_details", "error", "model", "prompt_name",
    "prompt_version", "prompt_hash",
)  # fmt: skip


@dataclass
class EventStage:
    event_rows: list[dict[str, Any]] = field(default_factory=list)
    link_rows: list[dict[str, Any]] = field(default_factory=list)
    stats: CallStats = field(default_factory=CallStats)
    stop_reason: str | None = None


def _base_row(
    event_id: str, members: Sequence[Member], run_id: str, now: datetime
) -> dict[str, Any]:
    dates = [m.published_at for m in members if m.published_at]
    return {
        "event_id": event_id,
        "n_articles": len(members),
        "n_sources": len({(m.source or m.article_id) for m in members}),
        "languages": ",".join(_languages(members)),
        "first_published": min(dates) if dates else None,
        "last_published": max(dates) if dates else None,
        "run_id": run_id,
        "created_at": now,
    }


def single_article_rows(event_id: str, member: Member, run_id: str) -> list[dict[str, Any]]:
    """An event one article reports: that article's summary and translations are its account."""
    assert member.summary_row is not None
    label = source_labels([member])[member.article_id]
    now = datetime.now(UTC)
    base = _base_row(event_id, [member], run_id, now)
    rows = []
    for row in [member.summary_row, *member.translations.values()]:
        copied = {key: row.get(key) for key in _COPIED}
        rows.append(
            {
                **base,
                **copied,
                "lang": row["lang"],
                "kind": row["kind"],
                "headline": None,
                "method": "single_article",
                "status": "ok" if row.get("text") else "failed",
                "established_json": "[]" if row["kind"] == "summary" else None,
                "claims_json": _claims_by_party(row, label) if row["kind"] == "summary" else None,
                "differences_json": "[]" if row["kind"] == "summary" else None,
                "chunks": 0,
            }
        )
    return rows


def _claims_by_party(summary_row: dict[str, Any], label: str) -> str:
    """The article's claims in the event's shape: by party, reported by the one outlet."""
    by_party: dict[str, list[str]] = {}
    for claim in _json_list(summary_row.get("claims_json")):
        by_party.setdefault(str(claim.get("source") or "unknown"), []).append(
            str(claim.get("claim") or "")
        )
    data = [{"party": p, "claims": c, "sources": [label]} for p, c in by_party.items()]
    return json.dumps(data, ensure_ascii=False)


def failed_rows(
    event_id: str,
    members: Sequence[Member],
    error: str,
    model: str | None,
    options: EventOptions,
    run_id: str,
) -> list[dict[str, Any]]:
    return [
        {
            **_base_row(event_id, members, run_id, datetime.now(UTC)),
            "lang": options.pipeline_lang,
            "kind": "summary",
            "method": "llm",
            "status": "failed",
            "error": error,
            "model": model,
            "needs_review": True,
            "review_reasons": "event_summary_failed",
        }
    ]


async def event_rows(
    client: LLMClient,
    event_id: str,
    members: Sequence[Member],
    options: EventOptions,
    run_id: str,
    stats: CallStats,
) -> list[dict[str, Any]]:
    """The event's summary row and one row per translation (LLMError: one failed row)."""
    try:
        outcome = await summarize_event(client, members, options, stats)
    except (LLMError, PipelineError) as exc:
        if isinstance(exc, EndpointFatal):
            raise
        return failed_rows(
            event_id, members, client.redact(str(exc)), client.model, options, run_id
        )
    answer, prompt = outcome.answer, outcome.prompt
    labels = source_labels(members).values()
    check = check_event_summary(answer, outcome.shown, labels, options.pipeline_lang)
    now = datetime.now(UTC)
    base = _base_row(event_id, members, run_id, now)
    prompt_columns = {
        "model": client.model,
        "prompt_name": prompt.name,
        "prompt_version": prompt.version,
        "prompt_hash": prompt.hash,
    }
    method = "map_reduce" if outcome.chunks > 1 else "llm"
    rows: list[dict[str, Any]] = [
        {
            **base,
            **check.columns(),
            **prompt_columns,
            "lang": options.pipeline_lang,
            "kind": "summary",
            "text": answer.summary,
            "headline": answer.headline,
            "method": method,
            "status": "ok",
            "established_json": json.dumps(
                [s.model_dump() for s in answer.established], ensure_ascii=False
            ),
            "claims_json": json.dumps(
                [p.model_dump() for p in answer.claims_by_party], ensure_ascii=False
            ),
            "differences_json": json.dumps(
                [d.model_dump() for d in answer.differences], ensure_ascii=False
            ),
            "error": None,
            "chunks": outcome.chunks,
        }
    ]
    translations = await translate_summary(
        client,
        answer.summary,
        options.pipeline_lang,
        options.targets,
        mode=options.translate_mode,
        max_output_tokens=options.summary.max_output_tokens,
        stats=stats,
        bound_length=options.summary.small_model,
    )
    for t in translations:
        row: dict[str, Any] = {
            **base,
            "lang": t.lang,
            "kind": "translation",
            "text": t.text,
            "method": method,
            "status": "ok" if t.text is not None else "failed",
            "error": t.error,
            "model": client.model,
            "prompt_name": t.prompt.name if t.prompt else None,
            "prompt_version": t.prompt.version if t.prompt else None,
            "prompt_hash": t.prompt.hash if t.prompt else None,
            "chunks": outcome.chunks,
        }
        if t.text is not None:
            row.update(check_translation(t.text, answer.summary, outcome.shown, t.lang).columns())
        else:
            row.update({"needs_review": True, "review_reasons": "translation_failed"})
        rows.append(row)
    return rows


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
    written = {(r["event_id"], r["lang"], r["kind"]) for r in stage.event_rows}
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
    by_event: dict[str, list[Member]] = {}
    for m in members:
        if m.article_id in assignments and m.summarised:
            by_event.setdefault(assignments[m.article_id].event_id, []).append(m)
    for group in by_event.values():
        # Oldest first: the model reads the story as it developed.
        group.sort(key=lambda m: (m.published_at or _NEVER, m.article_id))

    async def one(event_id: str, group: list[Member]) -> list[dict[str, Any]]:
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

    done = await asyncio.gather(*(one(e, g) for e, g in sorted(by_event.items())))
    stage.event_rows = [row for rows in done for row in rows]
    return stage
