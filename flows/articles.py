"""The article stages as Prefect tasks, and `run_articles`, shared by every flow.

Thin orchestration over newsum's plain functions. One task per batch of articles, not per
article (per-item task runs overload the local Prefect server, see the project notes); LLM
calls run concurrently inside a batch under the client's semaphore.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import State
from prefect.utilities.annotations import quote

from newsum import incremental, outputs, report, report_html
from newsum.batch_mode import run_batch_rounds
from newsum.config import Settings
from newsum.endpoint import Endpoint, open_endpoint
from newsum.events import EventStage, write_event_outputs
from newsum.events.run import summarise_events
from newsum.ingest import IngestLimits, ingest
from newsum.llm import stage_client
from newsum.pipeline import (
    ArticleResult,
    ArticleStage,
    Context,
    detect,
    estimated_cost,
    needs_llm,
    plan_article,
    process_batch,
    summary_options,
)
from newsum.progress import Progress
from newsum.records import Article
from newsum.rows import ArticleRow, RunRow, SummaryRow
from newsum.run_control import RunControl, failed_run_error, run_failure

for _noisy in ("httpx", "openai", "httpcore"):
    # Request logs would show URLs and, at debug level, headers: keep them quiet.
    logging.getLogger(_noisy).setLevel(logging.WARNING)
# newsum's own lines (what was ingested, the capability negotiated, endpoint problems) go to
# the run logs too (PREFECT_LOGGING_EXTRA_LOGGERS, flows/__init__.py); the root logger would
# drop their INFO lines.
logging.getLogger("newsum").setLevel(logging.INFO)


T = TypeVar("T")


def _opaque(value: T) -> T:
    """A large task parameter Prefect passes through as is.

    Prefect otherwise walks every element of every parameter, looking for futures to resolve and
    upstream tasks to link: for the rows of 1,000 articles that was ~2 s per task call, growing
    with the rows (bench/run.py). These values never hold futures.
    """
    return cast(T, quote(value))


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_step(path: Path, max_text_chars: int) -> list[Article]:
    return ingest(path, IngestLimits(max_text_chars=max_text_chars))


@task(name="detect-languages", cache_policy=NO_CACHE)
def language_step(articles: list[Article]) -> list[Article]:
    return [detect(article) for article in articles]


@task(name="summarize-batch", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
async def batch_step(batch: list[Article], ctx: Context) -> list[ArticleResult]:
    return await process_batch(batch, ctx)


@task(name="write-parquet", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def write_step(
    root: Path,
    article_rows: list[ArticleRow],
    summary_rows: list[SummaryRow],
    run: RunRow,
) -> None:
    outputs.write_run(root, article_rows, summary_rows, run)


# The flow calls it for its state: a failure here fails this task run, not the article outputs.
event_step = task(name="summarize-events", cache_policy=NO_CACHE)(summarise_events)


@task(name="write-events", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def write_events_step(root: Path, stage: EventStage, run_date: date) -> None:
    write_event_outputs(root, stage, run_date)


@task(name="write-report", cache_policy=NO_CACHE)
def report_step(root: Path) -> Path:
    """OUTPUT/report.html from the Parquet just written (called for its state: a report problem
    fails this task run, not the run's outputs)."""
    return report_html.write_report(root)


async def _step_result(state: State[T], what: str, failed_steps: list[str]) -> T | None:
    """The result of a step called with return_state=True, or None (noted) if it failed."""
    if state.is_completed():
        return cast(T, await state.aresult())
    get_run_logger().error("%s failed (%s); the article outputs are written", what, state.message)
    failed_steps.append(what)
    return None


async def _summarize_all(
    articles: list[Article], ctx: Context, batch_size: int
) -> list[ArticleResult]:
    # Two batches in flight, so one batch's tail overlaps the next one's start.
    gate = asyncio.Semaphore(2)

    async def run(batch: list[Article]) -> list[ArticleResult]:
        async with gate:
            return await batch_step(_opaque(batch), ctx)

    batches = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
    done = await asyncio.gather(*(run(batch) for batch in batches))
    return [result for batch in done for result in batch]


async def _process(
    articles: list[Article],
    settings: Settings,
    endpoint: Endpoint | None,
    run_id: str,
    progress: Progress,
) -> ArticleStage:
    options = summary_options(endpoint, settings)
    if endpoint is None:
        ctx = Context(settings, None, options, "batch", run_id)
        results = [plan_article(article, settings) for article in articles]
        progress.update([r.article.status.value for r in results])
        return ArticleStage.of(results, ctx)
    control = RunControl()
    async with stage_client(endpoint, settings, control) as client:
        ctx = Context(
            settings,
            client,
            options,
            endpoint.translate_mode,
            run_id,
            control=control,
            on_done=lambda article: progress.update([article.status.value]),
        )
        if settings.batch:
            # The calls go out as batches first; the pass below finds their answers cached.
            ctx.batch_ids = (await run_batch_rounds(articles, ctx)).batch_ids
        results = await _summarize_all(articles, ctx, settings.batch_size)
    return ArticleStage.of(results, ctx)


async def _through_endpoint(
    articles: list[Article],
    settings: Settings,
    info: report.RunInfo,
    progress: Progress,
    failed_steps: list[str],
) -> tuple[ArticleStage, EventStage]:
    """The article and event stages, with the endpoint (and any embedded server) open for them."""
    with open_endpoint(settings) as endpoint:
        get_run_logger().info("endpoint %s, model %s", endpoint.host, endpoint.model)
        done = await _process(articles, settings, endpoint, info.run_id, progress)
        pending = event_step(
            settings,
            endpoint,
            done.ctx,
            _opaque(done.article_rows),
            _opaque(done.summary_rows),
            return_state=True,
        )
        # An async task's state comes awaitable (Prefect's overloads type it as a State).
        state = await pending if inspect.isawaitable(pending) else pending
        events = await _step_result(state, "event stage", failed_steps) or EventStage()
        info.record_endpoint(endpoint, done.ctx)
    return done, events


async def _write_outputs(
    root: Path, done: ArticleStage, events: EventStage, run: RunRow, failed_steps: list[str]
) -> None:
    """Parquet, then the events and the report (whose failures are failed task runs only)."""
    write_step(root, _opaque(done.article_rows), _opaque(done.summary_rows), run)
    if events.event_rows or events.link_rows:
        written = write_events_step(root, _opaque(events), run.started_at.date(), return_state=True)
        await _step_result(written, "event write", failed_steps)
    if done.article_rows or not (root / "report.html").exists():
        await _step_result(report_step(root, return_state=True), "report", failed_steps)


async def run_articles(articles: list[Article], settings: Settings, source: str) -> dict[str, Any]:
    """Languages, summaries, translations, checks and Parquet for ingested articles.

    Shared by every flow; `source` says where the articles came from (for the runs table).
    Articles whose results in OUTPUT are still current are left as they are (counted as
    `unchanged`), so a rerun costs neither calls nor pipeline work for them.
    Returns the `runs` row. After writing everything, raises RunStopped when the endpoint
    refused work and RunFailed when articles were due and none could be summarised, so that the
    flow run ends Failed. A failed event or report step is a failed task run; the run goes on.
    """
    logger = get_run_logger()
    started = datetime.now(UTC)
    articles, unchanged = incremental.split_for_run(articles, settings)
    if unchanged:
        logger.info("%d articles unchanged since their last run: left as they are", len(unchanged))
    if settings.dry_run:
        articles = language_step(_opaque(articles))
    # Otherwise each batch detects its articles' languages (pipeline.process_article).
    progress = Progress(len(articles), enabled=settings.progress)
    info = report.RunInfo.start(settings, source, started, flow_run.id)
    failed_steps: list[str] = []
    if settings.dry_run or not needs_llm(articles):
        # Nothing to ask a model: no endpoint (nor embedded server) is started.
        done = await _process(articles, settings, None, info.run_id, progress)
        events = EventStage()
    else:
        done, events = await _through_endpoint(articles, settings, info, progress, failed_steps)
    progress.close()

    stats = done.total_stats(events.stats)
    run_row = report.run_row(
        info,
        datetime.now(UTC),
        done.article_rows,
        done.summary_rows,
        stats,
        estimated_cost(stats, settings),
        unchanged=len(unchanged),
    )
    await _write_outputs(settings.output, done, events, run_row, failed_steps)
    run = run_row.as_dict()
    failure = run_failure(run)
    await _artifacts(
        run_row, run, done.article_rows, done.summary_rows, settings, failure, failed_steps
    )
    if failure:
        raise failed_run_error(failure, run, done.ctx.control)
    return run


async def _artifacts(
    run_row: RunRow,
    run: dict[str, Any],
    article_rows: list[ArticleRow],
    summary_rows: list[SummaryRow],
    settings: Settings,
    failure: str | None,
    failed_steps: list[str],
) -> None:
    await acreate_table_artifact(
        key="newsum-status-by-language",
        table=report.status_by_language(article_rows),
        description="Articles by status and language",
    )
    await acreate_markdown_artifact(
        key="newsum-run",
        markdown=report.markdown_summary(run_row, str(settings.output))
        + report.verdict_markdown(run, failure, failed_steps),
        description="newsum run summary",
    )
    if summary_rows:
        await acreate_table_artifact(
            key="newsum-needs-review",
            table=report.review_table(summary_rows),
            description="Rows that need review (first 50)",
        )
