"""The nightly flow: what arrived since the last run (inbox files, feed entries), summarised.

Runs on a schedule from a Prefect deployment (prefect.yaml, `make deploy` + `make worker`) or a
served process (`make serve`, i.e. `python -m flows.nightly --serve`). The processing itself is
`run_articles` (flows/articles.py), shared with the `summarize` flow; this flow adds the
incremental intake (newsum.intake) and its bookkeeping.

One night at a time: the `nightly` deployment admits one run at a time (a concurrency limit of 1
that queues the others), so a run triggered by hand during the night waits for it and then finds
nothing new, instead of taking the same inbox files and paying for them twice.

Scale-out: with `shards=n` (n > 1) a run from a deployment starts n runs of the `nightly-shard`
deployment (same flow, no schedule, no limit: the night's own slot would leave its shards none)
with `shard="i/n"`; the work pool's workers take them, wherever they run. Each shard takes a
stable share of the input (newsum.intake.Shard) and writes its rows into the same output (the
datasets' writes are locked per dataset), so n shards write the rows one run would. The shards
share the endpoint: each takes 1/n of LLM_CONCURRENCY, or of LLM_CONCURRENCY_MAX when the limit
is learnt (newsum.llm.limiter), so the night never puts more than that in flight on it (each
shard's limiter is in-process; a Prefect global concurrency limit costs 105-132 ms per acquire,
too slow per call).

    python -m flows.nightly            # one run now (in-process; temporary Prefect server)
    python -m flows.nightly --serve    # serve the deployment with its cron schedule
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import deployment, flow_run

from flows import newsum_lines_in_run_logs
from flows.articles import run_articles
from flows.settings import NIGHTLY_DEPLOYMENT, NIGHTLY_FLOW, SHARD_DEPLOYMENT, NightlySettings
from newsum import outputs, report
from newsum.config import Settings, load_settings
from newsum.errors import PipelineError
from newsum.events.run import refresh_events
from newsum.intake import (
    IntakeBatch,
    IntakeLimits,
    Shard,
    collect,
    failed_rows,
    feed_list,
    open_state,
)
from newsum.intake.record import (
    done_result,
    empty_headline,
    empty_result,
    intake_markdown,
    source_label,
)
from newsum.run_control import RunFailed
from newsum.shard_runs import (
    articles_of_runs,
    shard_runs,
    shard_settings,
    shard_table,
    sharded_result,
)


@task(name="intake", cache_policy=NO_CACHE)
def intake_step(
    inbox: Path | None, feeds: list[str], output: Path, shard: Shard | None, max_text_chars: int
) -> IntakeBatch:
    with open_state(output, shard) as state:
        return collect(
            inbox,
            feeds,
            state,
            output=output,
            shard=shard,
            limits=IntakeLimits(max_text_chars=max_text_chars),
        )


async def _fan_out(shards: int, parameters: dict[str, Any], output: Path) -> dict[str, Any]:
    """n runs of the shard deployment, one per shard; the work pool's workers take them."""
    from prefect.deployments import arun_deployment

    logger = get_run_logger()
    if not deployment.id:
        raise PipelineError(
            "shards > 1 needs a run of a deployment (make deploy + make worker, or make serve): "
            f"the shards are runs of the {SHARD_DEPLOYMENT} deployment, taken by its workers"
        )
    name = f"{NIGHTLY_FLOW}/{SHARD_DEPLOYMENT}"
    logger.info("starting %d shard runs of deployment %s", shards, name)
    children = await asyncio.gather(
        *(
            arun_deployment(
                name,
                parameters={**parameters, "shards": 1, "shard": f"{i}/{shards}"},
                timeout=None,  # wait however long the night takes
                poll_interval=2,
                flow_run_name=f"{flow_run.name}-shard-{i}-of-{shards}",
            )
            for i in range(shards)
        )
    )
    states = {str(child.id): child.state.name if child.state else "?" for child in children}
    runs = shard_runs(output, states)
    await acreate_table_artifact(
        key="newsum-nightly-shards",
        table=shard_table(runs, states),
        description="Shard runs of this night",
    )
    bad = {run_id: name for run_id, name in states.items() if name != "Completed"}
    if bad:
        raise PipelineError(f"shard runs did not complete: {bad}")
    await _regroup_events(runs, parameters, output)
    return sharded_result(shards, list(states), runs)


async def _regroup_events(
    runs: list[dict[str, Any]], parameters: dict[str, Any], output: Path
) -> None:
    """Each shard grouped only its own share of the night into events (the shards run side by
    side); once all are written, the night's articles are grouped again as one run would."""
    tonight = articles_of_runs(output, runs)
    if not tonight:
        return
    settings = load_settings(output=str(output), targets=parameters.get("targets"))
    stage = await refresh_events(settings, tonight)
    get_run_logger().info(
        "events regrouped over the %d articles of all shards: %d event rows, %d LLM calls",
        len(tonight),
        len(stage.event_rows),
        stage.stats.calls,
    )


async def _intake_artifact(
    intake: IntakeBatch, headline: str, part: Shard | None, settings: Settings
) -> None:
    await acreate_markdown_artifact(
        key="newsum-nightly",
        markdown=intake_markdown(intake, headline, part, settings.output),
        description="newsum nightly intake",
    )


async def _nothing_to_summarise(
    intake: IntakeBatch, settings: Settings, source: str, part: Shard | None
) -> dict[str, Any]:
    """A runs row with 0 articles (the morning check sees that the night ran), and the intake
    remembered."""
    with open_state(settings.output, part) as state:
        last = state.last_run()
        headline = empty_headline(intake, last)
        get_run_logger().info(headline)
        run = report.empty_run_row(settings, source, intake.started_at, flow_run.id)
        outputs.upsert(settings.output, "runs", [run], intake.started_at.date())
        state.commit(intake, set(), finished_at=datetime.now(UTC))
    await _intake_artifact(intake, headline, part, settings)
    return empty_result(intake, last, run.as_dict())


async def _summarise_intake(
    intake: IntakeBatch, settings: Settings, source: str, part: Shard | None
) -> dict[str, Any]:
    get_run_logger().info(
        "taking %d articles (%d new files, %d new feed entries; %d already summarised)",
        len(intake.articles),
        intake.new_files,
        intake.new_entries,
        intake.skipped,
    )
    # RunFailed (quota, credentials, or nothing could be summarised) propagates before anything
    # is marked: the whole intake is taken again next night, and what was summarised tonight is
    # skipped then.
    # Shards write straight into OUTPUT: outputs.upsert takes a per-dataset file lock.
    # With nothing pending (only a broken page or a repost), run_articles records the rows
    # without starting an endpoint or the embedded model.
    run = await run_articles(intake.articles, settings, source)
    with open_state(settings.output, part) as state:
        marked = state.commit(
            intake, failed_rows(settings.output, run), finished_at=datetime.now(UTC)
        )
    await _intake_artifact(intake, f"{run['articles']} articles", part, settings)
    get_run_logger().info(
        "%d of %d new items done (the rest is retried next run)", marked, len(intake.items)
    )
    return done_result(intake, run)


@flow(name=NIGHTLY_FLOW)
async def nightly(
    inbox: str | None = None,
    feeds: list[str] | str | None = None,
    output: str | None = None,
    targets: str | None = None,
    shards: int = 1,
    shard: str | None = None,
    batch: bool | None = None,
) -> dict[str, Any]:
    """Summarise what arrived since the last run: new inbox files and new feed entries.

    `feeds` is a list of RSS/Atom URLs (or one string of them separated by commas or spaces).
    `batch`: ask through the endpoint's Batch API (LLM_BATCH; half the price, answers within
    hours; a night that dies picks its batches up the next run).
    `shards` > 1 splits the run into that many runs of the deployment (see the module doc);
    `shard` ("i/n") is set on those runs, not by hand.
    """
    newsum_lines_in_run_logs()
    if shards > 1 and shard is None:
        params = {
            "inbox": inbox,
            "feeds": feeds,
            "output": output,
            "targets": targets,
            "batch": batch,
        }
        return await _fan_out(shards, params, load_settings(output=output).output)
    part = Shard.parse(shard) if shard else None
    settings = shard_settings(load_settings(output=output, targets=targets, batch=batch), part)
    inbox_path = Path(inbox) if inbox else NightlySettings().inbox
    feed_urls = feed_list(feeds)
    source = source_label(inbox_path, feed_urls, part)

    intake = intake_step(inbox_path, feed_urls, settings.output, part, settings.max_text_chars)
    for note in intake.notes:
        get_run_logger().info(note)
    if not intake.articles:
        return await _nothing_to_summarise(intake, settings, source, part)
    return await _summarise_intake(intake, settings, source, part)


def serve() -> None:
    """The nightly deployment (its cron, one run at a time) and the shard deployment, served by
    this process; the same two deployments as prefect.yaml."""
    from prefect import serve as serve_all
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import RunnerDeployment
    from prefect.schedules import Cron

    settings = NightlySettings()
    # to_deployment is sync-compatible: outside an event loop it returns the deployment itself.
    night = cast(
        RunnerDeployment,
        nightly.to_deployment(
            name=NIGHTLY_DEPLOYMENT,
            schedules=[Cron(settings.cron, timezone=settings.tz)],
            parameters=settings.parameters(),
            concurrency_limit=ConcurrencyLimitConfig(
                limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE
            ),
        ),
    )
    shards = cast(
        RunnerDeployment,
        nightly.to_deployment(name=SHARD_DEPLOYMENT, parameters=settings.parameters()),
    )
    serve_all(night, shards)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.nightly",
        description="The nightly incremental run (parameters from NEWSUM_NIGHTLY_*).",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve the deployment 'newsum-nightly/nightly' with its cron schedule",
    )
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    try:
        result = asyncio.run(nightly(**NightlySettings().parameters()))
    except RunFailed as exc:
        print(f"newsum nightly: {exc}", file=sys.stderr)
        return 3
    except PipelineError as exc:
        print(f"newsum nightly: {exc}", file=sys.stderr)
        return 2
    print(
        f"newsum nightly: {result['status']}: {result['articles']} articles, ok {result['ok']}, "
        f"failed {result['failed']}, rejected {result['rejected']}; {result['llm_calls']} LLM calls"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
