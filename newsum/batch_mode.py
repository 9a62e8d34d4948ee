"""Batch mode (LLM_BATCH): a run's calls asked through the Batch API, in rounds, before the run.

The calls of a run depend on each other (a translation needs its summary, a map-reduce summary
its chunks), so they are asked in rounds. A round is a collect pass: the article stage runs with
a client that notes every request it has no answer for (newsum.llm.client.Collector) and stops
that article there; the noted requests go out as batches, and their answers land in the answer
cache. The next pass gets further (the summaries are answered: their translations are noted),
until a pass notes fewer than LLM_BATCH_MIN requests. Then the run proper goes as without batch
mode and finds its answers in the cache: validation, repair and checks are the same code, and
whatever is left (a handful of calls, lines that kept failing, repairs) goes synchronously.

The event stage's calls go the same way, in rounds of their own once the articles are done.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import openai

from newsum.config import Settings
from newsum.endpoint import open_endpoint
from newsum.errors import LLMError, PipelineError
from newsum.llm import LLMClient, open_client
from newsum.llm.batch import (
    RESUME_HINT,
    BatchRunner,
    BatchStore,
    BatchUnsupported,
    PollPolicy,
    batches,
    cancel_open,
    duration,
)
from newsum.llm.client import Collected, Collector, Deferred
from newsum.pipeline import Context, detect, process_article
from newsum.records import Article, Status

log = logging.getLogger("newsum.batch")

# More rounds than a run has dependent steps (summary chunks, reduce, translations, their
# retries) means something keeps asking anew: the rest goes synchronously.
MAX_ROUNDS = 12


@dataclass
class BatchReport:
    """What batch mode did for a run (the runs row records it)."""

    batch_ids: list[str] = field(default_factory=list)
    rounds: int = 0
    lines: int = 0
    synchronous_reason: str | None = None  # why (part of) the run went synchronously


def batch_store(settings: Settings) -> BatchStore:
    return BatchStore(settings.output / "_state" / "batches")


def running_batches(settings: Settings) -> list[str]:
    """The ids of the batches a --batch run of this output left running at the endpoint."""
    return [job.id for job in batch_store(settings).open_jobs()] if settings.batch else []


async def cancel_running(settings: Settings) -> list[str]:
    """Cancel the batches an earlier --batch run of this output left running; their ids."""
    with open_endpoint(settings) as endpoint:
        async with open_client(endpoint, settings) as client:
            return await cancel_open(client, batch_store(settings))


async def run_batch_rounds(
    articles: Sequence[Article], ctx: Context, poll: PollPolicy | None = None
) -> BatchReport:
    """Ask the article stage's calls for `articles` in rounds of batches."""

    # A collect pass does only what can lead to a request: no checks nor rows (`collecting`),
    # each article's language detected once for all the passes (the prompts need it), and an
    # article that got through a pass (every request answered) left out of the later ones,
    # which would only find its answers in the cache again. The run proper, after the rounds,
    # does all of it from the ingested articles, as without batch mode.
    collecting = dataclasses.replace(ctx, on_done=None, collecting=True)
    remaining: dict[int, Article] = dict(enumerate(articles))

    async def article_pass() -> None:
        async def one(index: int, article: Article) -> None:
            if article.status is Status.PENDING and article.lang is None:
                # On a copy: the run proper starts from the ingested article.
                article = detect(dataclasses.replace(article, extra=dict(article.extra)))
                remaining[index] = article
                await asyncio.sleep(0)  # as in process_article: other articles' calls go on
            try:
                await process_article(article, collecting)
            except Deferred:
                return  # noted: the article goes further next pass
            del remaining[index]

        await asyncio.gather(*(one(index, article) for index, article in list(remaining.items())))

    if ctx.client is None:
        return BatchReport()
    return await run_rounds(article_pass, ctx.client, ctx.settings, poll)


async def run_rounds(
    stage_pass: Callable[[], Awaitable[object]],
    client: LLMClient,
    settings: Settings,
    poll: PollPolicy | None = None,
) -> BatchReport:
    """Ask the calls `stage_pass` makes (run with a collecting client) in rounds of batches;
    never raises for the endpoint's lack of a Batch API (the run then goes synchronously,
    saying so in one line)."""
    report = BatchReport()
    if settings.uses_embedded:
        report.synchronous_reason = "the embedded model has no Batch API"
        log.info("batch mode: %s; the run goes synchronously", report.synchronous_reason)
        return report
    if client.cache is None:
        report.synchronous_reason = "batch mode needs the answer cache, which is off"
        log.warning("batch mode: %s; the run goes synchronously", report.synchronous_reason)
        return report
    poll = poll or PollPolicy(settings.batch_poll_s, settings.batch_poll_max_s)
    try:
        runner = BatchRunner(client, batch_store(settings), poll)
        await _rounds(stage_pass, client, settings, runner, report)
    except BatchUnsupported as exc:
        report.synchronous_reason = f"the endpoint has no Batch API ({exc})"
        log.info("batch mode: %s; the run goes synchronously", report.synchronous_reason)
    except (openai.APIError, LLMError, PipelineError) as exc:
        report.synchronous_reason = f"batch mode stopped: {client.redact(str(exc))[:300]}"
        log.warning("%s; the rest goes synchronously", report.synchronous_reason)
    return report


async def _rounds(
    stage_pass: Callable[[], Awaitable[object]],
    client: LLMClient,
    settings: Settings,
    runner: BatchRunner,
    report: BatchReport,
) -> None:
    attempts: Counter[str] = Counter()
    await _pick_up_earlier(runner, report, attempts)
    for number in range(1, MAX_ROUNDS + 1):
        wanted = await _round_requests(number, stage_pass, client, settings, attempts)
        if wanted is None:
            return
        await _ask_round(number, wanted, runner, report, attempts)
    log.warning("batch mode: %d rounds and still asking: the rest goes synchronously", MAX_ROUNDS)


async def _pick_up_earlier(
    runner: BatchRunner, report: BatchReport, attempts: Counter[str]
) -> None:
    """Wait for the batches an earlier run of this output left, counting their requests asked."""
    earlier = await runner.earlier_jobs()
    if earlier:
        # Submitted by a run that stopped before reading them: never asked (nor paid) twice.
        log.info(
            "batch mode: picking up %s (%d requests) an earlier run left: %s",
            batches(len(earlier)),
            sum(len(job.keys) for job in earlier),
            ", ".join(job.id for job in earlier),
        )
        report.batch_ids += [job.id for job in earlier]
        await runner.wait(earlier)
        for job in earlier:
            attempts.update(job.keys)


async def _round_requests(
    number: int,
    stage_pass: Callable[[], Awaitable[object]],
    client: LLMClient,
    settings: Settings,
    attempts: Counter[str],
) -> list[Collected] | None:
    """Round `number`'s requests, or None when too few are left for a batch (the run goes on
    synchronously)."""
    noted = await collect(stage_pass, client)
    wanted = [item for item in noted if attempts[item.key] < settings.max_attempts]
    if wanted and not client.settled:
        # The capability and parameters the lines are built with are learnt synchronously.
        await client.settle(wanted[0])
        wanted = wanted[1:]
    if len(wanted) < settings.batch_min:
        if wanted:
            log.info(
                "batch round %d: %d requests, under LLM_BATCH_MIN=%d: asked synchronously",
                number,
                len(wanted),
                settings.batch_min,
            )
        return None
    return wanted


async def _ask_round(
    number: int,
    wanted: list[Collected],
    runner: BatchRunner,
    report: BatchReport,
    attempts: Counter[str],
) -> None:
    """Submit round `number`'s requests as batches and wait for their answers."""
    jobs = await runner.submit(wanted)
    report.batch_ids += [job.id for job in jobs]
    log.info(
        "batch round %d: %d requests submitted in %s (%s); waiting for them, "
        "status every %s at first, then up to every %s. Stopped meanwhile, they go on: %s",
        number,
        len(wanted),
        batches(len(jobs)),
        ", ".join(job.id for job in jobs),
        duration(runner.poll.first_s),
        duration(runner.poll.max_s),
        RESUME_HINT,
    )
    report.rounds += 1
    report.lines += len(wanted)
    result = await runner.wait(jobs)
    attempts.update(item.key for item in wanted)
    log.info(
        "batch round %d: %d requests, %d answered, %d failed",
        number,
        len(wanted),
        result.answered,
        len(result.failed),
    )


async def collect(
    stage_pass: Callable[[], Awaitable[object]], client: LLMClient
) -> list[Collected]:
    """One collect pass: the requests `stage_pass` would send and has no answer for."""
    collector = Collector()
    client.collector = collector
    try:
        with contextlib.suppress(Deferred):
            await stage_pass()
        # A Deferred leaving a gather leaves its siblings running: let them reach theirs.
        for _ in range(5):
            await asyncio.sleep(0)
    finally:
        client.collector = None
    return list(collector.requests.values())
