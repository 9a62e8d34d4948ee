"""The event stage as a run calls it: after its articles, or over what OUTPUT already holds."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from newsum import outputs, report_html
from newsum.batch_mode import run_rounds
from newsum.config import Settings
from newsum.endpoint import Endpoint, open_endpoint
from newsum.events.account import EventOptions
from newsum.events.grouping import GroupingOptions
from newsum.events.members import load_members
from newsum.events.stage import EventStage, run_event_stage, write_event_outputs
from newsum.llm import open_client, stage_client
from newsum.pipeline import Context, summary_options
from newsum.rows import ArticleRow, SummaryRow


async def summarise_events(
    settings: Settings,
    endpoint: Endpoint,
    ctx: Context,
    article_rows: list[ArticleRow],
    summary_rows: list[SummaryRow],
) -> EventStage:
    """Group this run's articles (and earlier ones published near them) into events; one
    account per event. Batch mode asks the stage's calls in rounds of batches first."""
    grouping = GroupingOptions()
    members = load_members(
        settings.output, article_rows, summary_rows, settings.pipeline_lang, grouping.max_days
    )
    options = EventOptions(
        settings.pipeline_lang, settings.targets, ctx.translate_mode, ctx.options
    )
    # The article stage's client is closed by now; what it learnt carries over.
    async with stage_client(endpoint, settings, ctx.control, like=ctx.client) as client:
        if settings.batch and ctx.control.reason is None:

            async def event_pass() -> EventStage:
                return await run_event_stage(members, client, options, ctx.run_id, grouping)

            # In place: the flow reads the list after this stage.
            ctx.batch_ids.extend((await run_rounds(event_pass, client, settings)).batch_ids)
        stage = await run_event_stage(
            members, client, options, ctx.run_id, grouping, ctx.control.reason
        )
    ctx.control.stop(stage.stop_reason)
    return stage


def _stored_rows(
    root: Path, article_ids: set[str] | None
) -> tuple[list[ArticleRow], list[SummaryRow]]:
    """The articles in OUTPUT (those of `article_ids`, default all) and their summary rows."""
    articles = [
        ArticleRow.model_validate(row)
        for row in outputs.read_dataset(root, "articles").to_pylist()
        if article_ids is None or row["article_id"] in article_ids
    ]
    wanted = {row.article_id for row in articles}
    summaries = [
        SummaryRow.model_validate(row)
        for row in outputs.read_dataset(root, "summaries").to_pylist()
        if row["article_id"] in wanted
    ]
    return articles, summaries


async def refresh_events(settings: Settings, article_ids: set[str] | None = None) -> EventStage:
    """The event stage alone, over what OUTPUT already holds, then the report.

    For articles written by other processes: the shards of a nightly run run side by side, so
    each one's own event stage saw only its share of the night.
    `article_ids` are the articles that changed (default: all); the events around them are
    regrouped and summarised (unchanged events come from the answer cache).
    """
    root = settings.output
    articles, summaries = _stored_rows(root, article_ids)
    grouping = GroupingOptions()
    members = load_members(root, articles, summaries, settings.pipeline_lang, grouping.max_days)
    with open_endpoint(settings) as endpoint:
        options = EventOptions(
            settings.pipeline_lang,
            settings.targets,
            endpoint.translate_mode,
            summary_options(endpoint, settings),
        )
        async with open_client(endpoint, settings) as client:
            stage = await run_event_stage(members, client, options, uuid.uuid4().hex[:16], grouping)
    write_event_outputs(root, stage, datetime.now(UTC).date())
    report_html.write_report(root)
    return stage
