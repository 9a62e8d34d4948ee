"""The summarization flow: ingest → language → summary → translations → checks → Parquet.

Thin orchestration over newsum's plain functions. One task per batch of articles, not per
article (per-item task runs overload the local Prefect server, see the project notes); LLM
calls run concurrently inside a batch under the client's semaphore.

    python -m flows.summarize [--input PATH] [--output DIR] [--targets en,fr] [--dry-run]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from newsum import outputs, report
from newsum.config import Settings, load_settings
from newsum.endpoint import Endpoint, open_endpoint
from newsum.errors import EndpointFatal, PipelineError
from newsum.ingest import IngestLimits, ingest
from newsum.llm import CallStats
from newsum.pipeline import (
    ArticleResult,
    Context,
    article_row,
    build_client,
    detect,
    estimated_cost,
    plan_article,
    process_batch,
    summary_options,
)
from newsum.progress import Progress
from newsum.records import Article

for _noisy in ("httpx", "openai", "httpcore"):
    # Request logs would show URLs and, at debug level, headers: keep them quiet.
    logging.getLogger(_noisy).setLevel(logging.WARNING)


class RunStopped(PipelineError):
    """The endpoint refused further work (quota, credentials); outputs were written."""


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
    article_rows: list[dict[str, Any]],
    summary_rows: list[dict[str, Any]],
    run: dict[str, Any],
) -> None:
    run_date = run["started_at"].date()
    outputs.upsert(root, "summaries", summary_rows, run_date)
    outputs.upsert(root, "articles", article_rows, run_date)
    outputs.upsert(root, "runs", [run], run_date)


async def _summarize_all(
    articles: list[Article], ctx: Context, batch_size: int
) -> list[ArticleResult]:
    # Two batches in flight, so one batch's tail overlaps the next one's start.
    gate = asyncio.Semaphore(2)

    async def run(batch: list[Article]) -> list[ArticleResult]:
        async with gate:
            return await batch_step(batch, ctx)

    batches = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
    done = await asyncio.gather(*(run(batch) for batch in batches))
    return [result for batch in done for result in batch]


async def _process(
    articles: list[Article],
    settings: Settings,
    endpoint: Endpoint | None,
    run_id: str,
    progress: Progress,
) -> tuple[list[ArticleResult], Context]:
    options = summary_options(endpoint, settings)
    if endpoint is None:
        ctx = Context(settings, None, options, "batch", run_id)
        results = [plan_article(article, settings) for article in articles]
        progress.update([r.article.status.value for r in results])
        return results, ctx
    client = build_client(endpoint, settings)
    ctx = Context(
        settings,
        client,
        options,
        endpoint.translate_mode,
        run_id,
        on_done=lambda article: progress.update([article.status.value]),
    )
    try:
        results = await _summarize_all(articles, ctx, settings.batch_size)
    finally:
        await client.aclose()
        if client.cache is not None:
            client.cache.close()
    return results, ctx


async def run_articles(articles: list[Article], settings: Settings, source: str) -> dict[str, Any]:
    """Languages, summaries, translations, checks and Parquet for ingested articles.

    Shared by every flow; `source` says where the articles came from (for the runs table).
    Returns the `runs` row; raises RunStopped after writing when the endpoint refused work.
    """
    logger = get_run_logger()
    started = datetime.now(UTC)
    run_id = uuid.uuid4().hex[:16]
    articles = language_step(articles)
    progress = Progress(len(articles), enabled=settings.progress)
    info = report.RunInfo(
        run_id,
        flow_run.id,
        started,
        source,
        settings.targets,
        settings.dry_run,
        settings.model,
        settings.endpoint_host(),
    )
    if settings.dry_run:
        results, ctx = await _process(articles, settings, None, run_id, progress)
    else:
        with open_endpoint(settings) as endpoint:
            logger.info("endpoint %s, model %s", endpoint.host, endpoint.model)
            results, ctx = await _process(articles, settings, endpoint, run_id, progress)
            assert ctx.client is not None
            info.model, info.endpoint = endpoint.model, endpoint.host
            info.capability = ctx.client.capability.value if ctx.client.capability else None
            info.stop_reason = ctx.stop_reason
    progress.close()

    total = CallStats()
    for result in results:
        total.add(result.stats)
    article_rows = [article_row(result, ctx) for result in results]
    summary_rows = [row for result in results for row in result.summary_rows]
    run = report.run_row(
        info, datetime.now(UTC), article_rows, summary_rows, total, estimated_cost(total, settings)
    )
    write_step(settings.output, article_rows, summary_rows, run)
    await _artifacts(run, article_rows, summary_rows, settings)
    if ctx.stop_reason:
        raise RunStopped(f"run stopped early: {ctx.stop_reason} (outputs were written)")
    return run


async def _artifacts(
    run: dict[str, Any],
    article_rows: list[dict[str, Any]],
    summary_rows: list[dict[str, Any]],
    settings: Settings,
) -> None:
    await acreate_table_artifact(
        key="newsum-status-by-language",
        table=report.status_by_language(article_rows),
        description="Articles by status and language",
    )
    await acreate_markdown_artifact(
        key="newsum-run",
        markdown=report.markdown_summary(run, str(settings.output)),
        description="newsum run summary",
    )
    if summary_rows:
        await acreate_table_artifact(
            key="newsum-needs-review",
            table=report.review_table(summary_rows),
            description="Rows that need review (first 50)",
        )


@flow(name="newsum-summarize")
async def summarize(
    input: str | None = None,
    output: str | None = None,
    targets: str | None = None,
    dry_run: bool | None = None,
) -> dict[str, Any]:
    """Summarise and translate every article under `input`; write Parquet under `output`."""
    settings = load_settings(input=input, output=output, targets=targets, dry_run=dry_run)
    articles = ingest_step(settings.input, settings.max_text_chars)
    get_run_logger().info("ingested %d rows from %s", len(articles), settings.input)
    return await run_articles(articles, settings, str(settings.input))


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m flows.summarize",
        description="Neutral multilingual news summaries, written as Parquet.",
    )
    parser.add_argument("--input", help="file or folder of articles (default: samples)")
    parser.add_argument("--output", help="output folder (default: outputs/)")
    parser.add_argument("--targets", help="target languages, ISO 639-1, comma-separated")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        default=None,
        help="ingest and detect only, estimate tokens, no LLM call",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    started = time.monotonic()
    try:
        # Fail on configuration and a missing input before any Prefect machinery starts.
        settings = load_settings(
            input=args.input, output=args.output, targets=args.targets, dry_run=args.dry_run
        )
        if not settings.input.exists():
            raise PipelineError(f"input {settings.input} does not exist")
        run = asyncio.run(summarize(args.input, args.output, args.targets, args.dry_run))
    except (RunStopped, EndpointFatal) as exc:
        print(f"newsum: {exc}", file=sys.stderr)
        return 3
    except PipelineError as exc:
        print(f"newsum: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "newsum: interrupted; nothing half-written is visible, rerun to resume", file=sys.stderr
        )
        return 130
    elapsed = time.monotonic() - started
    processed = max(1, run["ok"] + run["failed"])
    print(
        f"newsum: {run['articles']} rows: ok {run['ok']}, failed {run['failed']}, "
        f"rejected {run['rejected']}, duplicate {run['duplicate']}, planned {run['planned']}; "
        f"{run['needs_review']} rows need review; {run['llm_calls']} LLM calls "
        f"({run['llm_calls'] / processed:.1f}/article, {run['cached_calls']} cached) "
        f"in {elapsed:.1f}s; model {run['model']} at {run['endpoint']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
