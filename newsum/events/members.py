"""Members: the article stage's rows (typed, this run's and stored ones), as the event stage
reads them, and their grouping."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from newsum import outputs
from newsum.events.grouping import Assignment, group_events
from newsum.events.inputs import EventItem, GroupingOptions
from newsum.rows import ArticleRow, SummaryRow
from newsum.summarize import ArticleSummary, Claim, Figure, Position

_FIRST = datetime.min.replace(tzinfo=UTC)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Member:
    """One article of an event, with its pipeline-language summary when it has one."""

    article_id: str
    event_id: str | None  # given in the input
    source: str | None
    lang: str | None
    published_at: datetime | None
    summary_row: SummaryRow | None  # the kind="summary" row; None when not summarised
    translations: dict[str, SummaryRow] = field(default_factory=dict)
    # The summary row parsed once: the grouping, the prompt and the rows all read it.
    summary: ArticleSummary | None = field(init=False, default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", parse_summary(self.summary_row))

    @property
    def summarised(self) -> bool:
        return self.summary is not None

    @property
    def written_lang(self) -> str | None:
        """The language the summary came in (a small model may not write the one asked for)."""
        return self.summary_row.lang_detected if self.summary_row else None

    def grouping_text(self) -> str:
        """Summary, claims, parties and figures: what the event grouping compares."""
        if self.summary is None:
            return ""
        parts = [self.summary.summary]
        parts += [claim.claim for claim in self.summary.claims]
        parts += [party.party for party in self.summary.parties]
        parts += [f"{figure.value} {figure.what}" for figure in self.summary.figures]
        return "\n".join(p for p in parts if p)


def parse_summary(row: SummaryRow | None) -> ArticleSummary | None:
    """A stored summary row as the answer it was made from; None without a summary text.

    Lenient, as stored rows are data: a list item that does not parse is left out."""
    if row is None or not row.text:
        return None
    return ArticleSummary.model_construct(
        summary=row.text,
        claims=_items(row.claims_json, Claim),
        parties=_items(row.parties_json, Position),
        figures=_items(row.figures_json, Figure),
    )


def _items(value: Any, model: type[M]) -> list[M]:
    items = []
    for data in _json_list(value):
        try:
            items.append(model.model_validate(data))
        except ValidationError:
            continue
    return items


def _json_list(value: Any) -> list[dict[str, Any]]:
    if not value:
        return []
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return []
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def members_from_rows(
    article_rows: Iterable[ArticleRow],
    summary_rows: Iterable[SummaryRow],
    pipeline_lang: str,
) -> list[Member]:
    """One Member per article row that reached the LLM stage (ok or failed)."""
    summaries: dict[str, SummaryRow] = {}
    translations: dict[str, dict[str, SummaryRow]] = {}
    for row in summary_rows:
        if row.kind == "summary" and row.lang == pipeline_lang:
            summaries[row.article_id] = row
        elif row.kind == "translation":
            translations.setdefault(row.article_id, {})[row.lang] = row
    members = []
    for article in article_rows:
        if article.status not in ("ok", "failed"):
            continue  # rejected, duplicate, planned: nothing to report at event level
        members.append(
            Member(
                article_id=article.article_id,
                event_id=article.event_id,
                source=article.source,
                lang=article.lang,
                published_at=article.published_at,
                summary_row=summaries.get(article.article_id),
                translations=translations.get(article.article_id, {}),
            )
        )
    return members


def load_members(
    root: Path,
    article_rows: Sequence[ArticleRow],
    summary_rows: Sequence[SummaryRow],
    pipeline_lang: str,
    window_days: float,
) -> list[Member]:
    """This run's articles plus the earlier ones in OUTPUT published near them.

    Events span runs (news arrives daily): an event's account must cover every article written
    so far, not only this run's. Earlier articles more than `window_days` before or after this
    run's articles are left out, so a run does not regroup a whole archive. This run's rows win.
    """
    current = {row.article_id for row in article_rows}
    dates = [row.published_at for row in article_rows if row.published_at]
    low = min(dates) - timedelta(days=window_days) if dates else None
    high = max(dates) + timedelta(days=window_days) if dates else None

    def near(row: dict[str, Any]) -> bool:
        date = row.get("published_at")
        return low is None or high is None or date is None or low <= date <= high

    earlier = [
        ArticleRow.model_validate(row)
        for row in outputs.read_dataset(root, "articles").to_pylist()
        if row["article_id"] not in current and near(row)
    ]
    keep = {row.article_id for row in earlier}
    earlier_summaries = [
        SummaryRow.model_validate(row)
        for row in outputs.read_dataset(root, "summaries").to_pylist()
        if row["article_id"] in keep
    ]
    return members_from_rows(
        [*_latest(earlier), *article_rows], [*earlier_summaries, *summary_rows], pipeline_lang
    )


def _latest(rows: list[ArticleRow]) -> list[ArticleRow]:
    """One row per article_id (the last processed), since reruns of other files can repeat ids."""
    by_id: dict[str, ArticleRow] = {}
    for row in sorted(rows, key=lambda r: r.processed_at or _FIRST):
        by_id[row.article_id] = row
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
            lang=m.written_lang or (m.summary_row.lang if m.summary_row else None),
            source=m.source,
        )
        for m in members
    ]
    return group_events(items, options)


def source_labels(members: Sequence[Member]) -> dict[str, str]:
    """article_id -> the name the model must cite: the outlet, numbered when it repeats."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for m in members:
        base = (m.source or "").strip() or f"article {m.article_id}"
        seen[base] = seen.get(base, 0) + 1
        labels[m.article_id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return labels


def languages(members: Sequence[Member]) -> list[str]:
    return sorted({m.lang for m in members if m.lang})
