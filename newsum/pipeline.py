"""The stages for one article and for one batch, as plain async functions the flow calls.

Every article ends with a final status. A per-article failure (LLM error, invalid answer) is data;
an endpoint-wide failure (no quota, bad key) stops further calls and marks the rest failed with
that reason, so the run ends quickly and its Parquet is still complete.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsum.checks import check_summary
from newsum.config import Settings
from newsum.endpoint import Endpoint
from newsum.errors import EndpointFatal, LLMError, PipelineError
from newsum.language import detect_language
from newsum.language_codes import normalize_lang_code
from newsum.llm import CallStats, LLMClient, client_for
from newsum.profile import DEFAULT
from newsum.records import Article, Status
from newsum.rows import ArticleRow, PromptColumns, SummaryRow
from newsum.run_control import RunControl
from newsum.summarize import (
    ArticleSummary,
    SummaryOptions,
    SummaryOutcome,
    estimate_tokens,
    summarize_article,
)
from newsum.translate import TranslateMode, TranslationOutcome, translate_summary
from newsum.translation_rows import translation_columns
from newsum.verify import verify, verify_rows


def detect(article: Article) -> Article:
    """Stage 2 for one pending article: its language, or rejected with the reason."""
    if article.status is not Status.PENDING:
        return article
    result = detect_language(article.text)
    hint = normalize_lang_code(article.lang_hint)
    where = article_location(article)
    if result.lang != "und":
        article.lang, article.lang_confidence = result.lang, result.confidence
    elif hint:
        article.lang, article.lang_confidence = hint, None
        add_note(article, f"language from the input's hint ({result.reason})")
    else:
        article.lang, article.lang_confidence = "und", result.confidence
        article.status = Status.REJECTED
        article.error = f"{where}: language undetermined: {result.reason}"
    return article


def article_location(article: Article) -> str:
    return article.source_file + (f", row {article.row}" if article.row is not None else "")


def add_note(article: Article, note: str) -> None:
    previous = article.extra.get("notes")
    article.extra["notes"] = f"{previous}; {note}" if previous else note


@dataclass
class Context:
    """What every article of a run shares."""

    settings: Settings
    client: LLMClient | None  # None for a dry run
    options: SummaryOptions
    translate_mode: TranslateMode
    run_id: str
    control: RunControl = field(default_factory=RunControl)  # the run's stop state
    on_done: Callable[[Article], None] | None = None  # progress reporting
    batch_ids: list[str] = field(default_factory=list)  # batch mode: the batches asked
    # Batch mode's collect passes (newsum.batch_mode) want the article's requests, not its rows:
    # they skip the checks and row building, which the run proper does once, after the rounds.
    collecting: bool = False

    @property
    def stop_reason(self) -> str | None:
        return self.control.reason


@dataclass
class ArticleResult:
    article: Article
    stats: CallStats = field(default_factory=CallStats)
    summary_rows: list[SummaryRow] = field(default_factory=list)
    chunks: int = 0


def _model(ctx: Context) -> str | None:
    return ctx.client.model if ctx.client else None


def summary_row(article: Article, outcome: SummaryOutcome, ctx: Context) -> SummaryRow:
    summary: ArticleSummary = outcome.summary
    metadata = (
        f"{article.source or ''} {article.published_at.isoformat() if article.published_at else ''}"
    )
    outlet = f"{article.source or ''} {article.url or ''}"
    check = check_summary(
        summary, article.text, article.lang, ctx.options.pipeline_lang, metadata, outlet
    )
    return SummaryRow(
        article_id=article.article_id,
        lang=ctx.options.pipeline_lang,
        kind="summary",
        text=summary.summary,
        **check.columns(),
        claims_json=json.dumps([c.model_dump() for c in summary.claims], ensure_ascii=False),
        parties_json=json.dumps([p.model_dump() for p in summary.parties], ensure_ascii=False),
        figures_json=json.dumps([f.model_dump() for f in summary.figures], ensure_ascii=False),
        error=None,
        **PromptColumns.of(outcome.prompt, _model(ctx)).model_dump(),
        run_id=ctx.run_id,
        created_at=datetime.now(UTC),
    )


def translation_rows(
    article: Article, summary_text: str, outcomes: list[TranslationOutcome], ctx: Context
) -> list[SummaryRow]:
    columns = translation_columns(
        outcomes, summary_text, article.text, ctx.options.pipeline_lang, _model(ctx)
    )
    return [
        SummaryRow(
            article_id=article.article_id,
            kind="translation",
            **c.model_dump(),
            claims_json=None,  # on the summary row only
            parties_json=None,
            figures_json=None,
            run_id=ctx.run_id,
            created_at=datetime.now(UTC),
        )
        for c in columns
    ]


async def process_article(article: Article, ctx: Context) -> ArticleResult:
    # A copy, so a retried batch starts again from the ingested state.
    article = dataclasses.replace(article, extra=dict(article.extra))
    result = ArticleResult(article)
    if article.status is Status.PENDING and article.lang is None:
        # Detected here rather than in a stage of its own before the batches, so that this
        # CPU work overlaps the calls in flight instead of delaying the first one.
        detect(article)
        await asyncio.sleep(0)
    if article.status is not Status.PENDING:
        return result
    if ctx.stop_reason is not None:
        article.status, article.error = Status.FAILED, f"not attempted: {ctx.stop_reason}"
        return result
    assert ctx.client is not None
    try:
        outcome, translations = await _summarize_and_translate(ctx.client, article, result, ctx)
    except EndpointFatal as exc:
        reason = ctx.client.redact(str(exc))
        ctx.control.stop(reason)
        article.status, article.error = Status.FAILED, reason
        return result
    except (LLMError, PipelineError) as exc:
        article.status, article.error = Status.FAILED, ctx.client.redact(str(exc))
        return result
    summary_text = outcome.summary.summary
    if ctx.collecting:
        await _collect_verifier(article, summary_text, translations, result, ctx)
        return result
    await _finish_article(article, summary_text, translations, result, ctx)
    return result


async def _summarize_and_translate(
    client: LLMClient, article: Article, result: ArticleResult, ctx: Context
) -> tuple[SummaryOutcome, list[TranslationOutcome]]:
    """The article's summary (its row added to `result` unless collecting) and translations."""
    outcome = await summarize_article(client, article, ctx.options, result.stats)
    result.chunks = outcome.chunks
    if outcome.chunks > 1:
        add_note(article, f"map-reduced in {outcome.chunks} chunks")
    if outcome.trimmed:
        add_note(article, "trimmed to the lead and attributed sentences for a small context")
    if not ctx.collecting:
        result.summary_rows.append(summary_row(article, outcome, ctx))
    translations = await translate_summary(
        client,
        outcome.summary.summary,
        ctx.options.pipeline_lang,
        ctx.settings.targets,
        mode=ctx.translate_mode,
        max_output_tokens=ctx.options.max_output_tokens,
        stats=result.stats,
        bound_length=ctx.options.profile.bound_translations,
        chain=ctx.options.chain,
    )
    return outcome, translations


async def _finish_article(
    article: Article,
    summary_text: str,
    translations: list[TranslationOutcome],
    result: ArticleResult,
    ctx: Context,
) -> None:
    """The translation rows, the verifier's note, and the article's final status."""
    result.summary_rows.extend(translation_rows(article, summary_text, translations, ctx))
    if _verifies(ctx):  # issue 12: verifier pass
        assert ctx.client is not None
        note = await verify_rows(ctx.client, article.text, result.summary_rows, result.stats)
        add_note(article, note)
    failed = [f"{t.lang}: {t.error}" for t in translations if t.error]
    if failed:
        article.status = Status.FAILED
        article.error = "translation failed: " + " | ".join(failed)
    else:
        article.status = Status.OK


def _verifies(ctx: Context) -> bool:
    return ctx.settings.verify and not ctx.settings.uses_embedded


async def _collect_verifier(
    article: Article,
    summary_text: str,
    translations: list[TranslationOutcome],
    result: ArticleResult,
    ctx: Context,
) -> None:
    """A collect pass's verifier request: the one verify_rows makes, from the texts its rows
    would hold (the summary row's text, each translation row's text), without the rows."""
    if not _verifies(ctx) or not summary_text:
        return
    assert ctx.client is not None
    texts = {t.lang: t.text for t in translations if t.text}
    # A failed verifier call is a note in the run proper; a collect pass has nothing to note.
    with contextlib.suppress(LLMError, PipelineError):
        await verify(ctx.client, article.text, summary_text, texts, result.stats)


async def process_batch(articles: list[Article], ctx: Context) -> list[ArticleResult]:
    """All articles of a batch concurrently; the client's semaphore bounds the calls in flight."""

    async def one(article: Article) -> ArticleResult:
        result = await process_article(article, ctx)
        if ctx.on_done is not None:
            ctx.on_done(result.article)
        return result

    return list(await asyncio.gather(*(one(article) for article in articles)))


def plan_article(article: Article, settings: Settings) -> ArticleResult:
    """DRY_RUN: what the article would cost, without calling anything."""
    result = ArticleResult(article)
    if article.status is Status.PENDING:
        article_tokens = estimate_tokens(article.text)
        summary_out = min(settings.max_output_tokens, 350)
        n_targets = len([t for t in settings.targets if t != settings.pipeline_lang])
        result.stats.prompt_tokens = article_tokens + 450 + (summary_out + 200) * (n_targets > 0)
        result.stats.completion_tokens = summary_out + int(summary_out * 1.5 * n_targets)
        article.status = Status.PLANNED
    return result


def estimated_cost(stats: CallStats, settings: Settings) -> float | None:
    """At the configured prices; calls answered through a batch at LLM_BATCH_DISCOUNT of them."""
    if settings.price_input_per_mtok is None or settings.price_output_per_mtok is None:
        return None
    full = (
        stats.prompt_tokens * settings.price_input_per_mtok
        + stats.completion_tokens * settings.price_output_per_mtok
    )
    batched = (
        stats.batch_prompt_tokens * settings.price_input_per_mtok
        + stats.batch_completion_tokens * settings.price_output_per_mtok
    )
    return (full - (1 - settings.batch_discount) * batched) / 1_000_000


def article_row(result: ArticleResult, ctx: Context) -> ArticleRow:
    article, stats = result.article, result.stats
    notes = article.extra.get("notes")
    warnings = article.extra.get("warnings")
    return ArticleRow(
        article_id=article.article_id,
        source_file=article.source_file,
        source_row=article.row,
        title=article.title,
        source=article.source,
        url=article.url,
        published_at=article.published_at,
        event_id=article.event_id,
        lang=article.lang,
        lang_confidence=article.lang_confidence,
        lang_hint=article.lang_hint,
        status=article.status.value,
        error=article.error,
        duplicate_of=article.duplicate_of,
        notes="; ".join(n for n in (warnings, notes) if n) or None,
        input_tokens=stats.prompt_tokens,
        output_tokens=stats.completion_tokens,
        reasoning_tokens=stats.reasoning_tokens,
        llm_calls=stats.calls,
        cached_calls=stats.cached,
        chunks=result.chunks,
        estimated_cost=estimated_cost(stats, ctx.settings),
        content_hash=article.content_hash,
        run_id=ctx.run_id,
        processed_at=datetime.now(UTC),
    )


def needs_llm(articles: list[Article]) -> bool:
    return any(article.status is Status.PENDING for article in articles)


@dataclass
class ArticleStage:
    """What the article stage of a run produced: its results, their rows, and its context."""

    results: list[ArticleResult]
    ctx: Context
    article_rows: list[ArticleRow]
    summary_rows: list[SummaryRow]

    @classmethod
    def of(cls, results: list[ArticleResult], ctx: Context) -> ArticleStage:
        article_rows = [article_row(result, ctx) for result in results]
        summary_rows = [row for result in results for row in result.summary_rows]
        return cls(results, ctx, article_rows, summary_rows)

    def total_stats(self, *more: CallStats) -> CallStats:
        """The calls of every article, and of the later stages in `more`."""
        total = CallStats()
        for result in self.results:
            total.add(result.stats)
        for stats in more:
            total.add(stats)
        return total


def build_client(endpoint: Endpoint, settings: Settings) -> LLMClient:
    """Kept for callers that close the client themselves; prefer newsum.llm.open_client."""
    return client_for(endpoint, settings)


def summary_options(endpoint: Endpoint | None, settings: Settings) -> SummaryOptions:
    return SummaryOptions(
        pipeline_lang=settings.pipeline_lang,
        context_tokens=endpoint.context_tokens if endpoint else settings.context_tokens,
        max_output_tokens=endpoint.max_output_tokens if endpoint else settings.max_output_tokens,
        max_list_items=endpoint.max_list_items if endpoint else settings.max_list_items,
        profile=endpoint.profile if endpoint else DEFAULT,
    )
