"""The run's own record: the `runs` row, the tables shown as Prefect artifacts, and the lines
the command line prints."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsum import __version__
from newsum.config import Settings
from newsum.llm import CallStats
from newsum.rows import ArticleRow, RunRow, SummaryRow

if TYPE_CHECKING:
    from newsum.endpoint import Endpoint
    from newsum.pipeline import Context


@dataclass
class RunInfo:
    run_id: str
    flow_run_id: str | None
    started_at: datetime
    input: str
    targets: list[str]
    dry_run: bool
    model: str | None
    endpoint: str
    capability: str | None = None
    concurrency: int | None = None  # the highest concurrency limit the run reached
    stop_reason: str | None = None
    batch_ids: list[str] = field(default_factory=list)  # batch mode: the run's batches

    @classmethod
    def start(
        cls, settings: Settings, source: str, started: datetime, flow_run_id: str | None
    ) -> RunInfo:
        """A new run of `settings` over `source`; endpoint fields are refined once it is open."""
        return cls(
            uuid.uuid4().hex[:16],
            flow_run_id,
            started,
            source,
            settings.targets,
            settings.dry_run,
            settings.model,
            settings.endpoint_host(),
        )

    def record_endpoint(self, endpoint: Endpoint, ctx: Context) -> None:
        """What the run learnt of its endpoint, once the stages that used it are done."""
        assert ctx.client is not None
        self.model, self.endpoint = endpoint.model, endpoint.host
        self.capability = ctx.client.capability.value if ctx.client.capability else None
        self.stop_reason = ctx.control.reason
        self.batch_ids = ctx.batch_ids
        # The event stage shares the article stage's limiter: its peak covers both.
        self.concurrency = ctx.client.limiter.peak


def run_row(
    info: RunInfo,
    finished_at: datetime,
    article_rows: Sequence[ArticleRow],
    summary_rows: Sequence[SummaryRow],
    stats: CallStats,
    cost: float | None,
    unchanged: int = 0,
) -> RunRow:
    """`unchanged` articles were ok before and left as they are: counted among the ok ones."""
    counts = Counter(row.status for row in article_rows)
    return RunRow(
        run_id=info.run_id,
        flow_run_id=info.flow_run_id,
        started_at=info.started_at,
        finished_at=finished_at,
        input=info.input,
        targets=",".join(info.targets),
        dry_run=info.dry_run,
        articles=len(article_rows) + unchanged,
        ok=counts["ok"] + unchanged,
        failed=counts["failed"],
        rejected=counts["rejected"],
        duplicate=counts["duplicate"],
        planned=counts["planned"],
        unchanged=unchanged,
        needs_review=sum(1 for row in summary_rows if row.needs_review),
        review_findings=sum(1 for row in summary_rows if row.review_level == "finding"),
        llm_calls=stats.calls,
        cached_calls=stats.cached,
        input_tokens=stats.prompt_tokens,
        output_tokens=stats.completion_tokens,
        reasoning_tokens=stats.reasoning_tokens,
        estimated_cost=cost,
        model=info.model,
        endpoint=info.endpoint,
        capability=info.capability,
        llm_concurrency=info.concurrency,
        stop_reason=info.stop_reason,
        newsum_version=__version__,
        batch_ids=",".join(info.batch_ids) or None,
        batch_calls=stats.batch_calls,
        sync_calls=stats.calls - stats.batch_calls,
    )


def empty_run_row(
    settings: Settings, source: str, started: datetime, flow_run_id: str | None
) -> RunRow:
    """A runs row with 0 articles: the morning check sees that the night ran and found nothing."""
    return run_row(
        RunInfo.start(settings, source, started, flow_run_id),
        datetime.now(UTC),
        [],
        [],
        CallStats(),
        None,
    )


def status_by_language(article_rows: Sequence[ArticleRow]) -> list[dict[str, Any]]:
    """Counts, LLM calls, tokens and cost by (status, language): the morning check's first table.

    Cost stays None (shown empty) when no price is configured, rather than a misleading 0.
    """
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in article_rows:
        key = (row.status, row.lang or "und")
        group = groups.setdefault(
            key,
            {
                "status": key[0],
                "lang": key[1],
                "articles": 0,
                "llm_calls": 0,
                "cached_calls": 0,
                "input_tokens": 0,
                "output_tokens": 0,
                "estimated_cost": None,
            },
        )
        group["articles"] += 1
        for name in ("llm_calls", "cached_calls", "input_tokens", "output_tokens"):
            group[name] += getattr(row, name) or 0
        cost = row.estimated_cost
        if cost is not None:
            group["estimated_cost"] = (group["estimated_cost"] or 0.0) + cost
    return [groups[key] for key in sorted(groups)]


def review_table(summary_rows: Sequence[SummaryRow], limit: int = 50) -> list[dict[str, Any]]:
    # Findings first: they are rarely wrong (newsum.review_levels).
    flagged = sorted(
        (row for row in summary_rows if row.needs_review),
        key=lambda row: row.review_level != "finding",
    )
    return [
        {
            "article_id": row.article_id,
            "lang": row.lang,
            "kind": row.kind,
            "review_level": row.review_level or "",
            "review_reasons": row.review_reasons or "",
            "text": (row.text or "")[:160],
        }
        for row in flagged[:limit]
    ]


def markdown_summary(run: RunRow, out_dir: str) -> str:
    lines = [
        f"# newsum run {run.run_id}",
        "",
        f"- input: `{run.input}`, output: `{out_dir}`",
        f"- model: `{run.model}` at `{run.endpoint}` (capability {run.capability})",
        f"- articles: {run.articles} — ok {run.ok}, failed {run.failed}, "
        f"rejected {run.rejected}, duplicate {run.duplicate}, planned {run.planned}",
        f"- rows needing review: {run.needs_review} ({run.review_findings or 0} with a finding,"
        " the rest hints: see the README's review flags)",
        f"- LLM calls: {run.llm_calls} (+{run.cached_calls} from cache), tokens in "
        f"{run.input_tokens}, out {run.output_tokens}, estimated cost "
        f"{run.estimated_cost if run.estimated_cost is not None else 'n/a (no price set)'}",
    ]
    if run.stop_reason:
        lines.append(f"- **stopped early**: {run.stop_reason}")
    return "\n".join(lines)


def verdict_markdown(run: dict[str, Any], failure: str | None, failed_steps: list[str]) -> str:
    """What went wrong, as lines to append to markdown_summary (empty when nothing did)."""
    if failure:
        lines = [f"- **run failed**: {failure}"]
    elif run["failed"]:
        due = run["ok"] + run["failed"]
        lines = [f"- **{run['failed']} of {due} articles failed** (see their `error`)"]
    else:
        lines = []
    lines += [f"- **{step} failed**: see the task run's logs" for step in failed_steps]
    return "".join("\n" + line for line in lines)


def summary_line(run: dict[str, Any], elapsed: float) -> str:
    """The line the command prints when a run ends."""
    processed = max(1, run["ok"] + run["failed"])
    return (
        f"newsum: {run['articles']} rows: ok {run['ok']}, failed {run['failed']}, "
        f"rejected {run['rejected']}, duplicate {run['duplicate']}, planned {run['planned']}, "
        f"unchanged {run['unchanged']}; "
        f"{run['needs_review']} rows need review; {run['llm_calls']} LLM calls "
        f"({run['llm_calls'] / processed:.1f}/article, {run['cached_calls']} cached) "
        f"in {elapsed:.1f}s; model {run['model']} at {run['endpoint']}"
        + (f"; {run['batch_calls']} calls through batches" if run.get("batch_ids") else "")
    )


def batch_cost_line(run: dict[str, Any], settings: Settings) -> str | None:
    """A plan's tokens priced both ways, so the choice of --batch is made knowingly; None
    unless this was a priced plan of a --batch run."""
    if not (settings.batch and run["dry_run"] and run["estimated_cost"] is not None):
        return None
    cost = run["estimated_cost"]
    return (
        f"newsum: estimated cost {cost:.4f} synchronous, "
        f"{cost * settings.batch_discount:.4f} through batches (LLM_BATCH)"
    )
