"""Everything the page shows, gathered from the datasets into typed pieces for the templates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsum.report_html.cells import day, shown
from newsum.report_html.datasets import ReportData, Row
from newsum.report_html.events import EventSection, EventView, anchor, event_section, event_views
from newsum.report_html.review import Review, review

MAX_OTHER_ARTICLES = 500


@dataclass(frozen=True)
class RunLine:
    run_id: str
    date: str
    model: str
    endpoint: str


@dataclass(frozen=True)
class Header:
    root: str
    generated: str
    run: RunLine | None  # the latest run
    counts: list[str]


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    n_articles: int
    languages: str
    needs_review: int


@dataclass(frozen=True)
class OtherLine:
    status: str
    where: str
    outlet: str
    lang: str
    reason: str


@dataclass(frozen=True)
class Others:
    """Articles in no event (the first MAX_OTHER_ARTICLES of them)."""

    total: int
    lines: list[OtherLine]


@dataclass(frozen=True)
class Page:
    header: Header
    review: Review
    toc: list[TocEntry]
    events: list[EventSection]
    others: Others


def _header(data: ReportData, root: Path, n_events: int, n_review: int) -> Header:
    last = data.runs[-1] if data.runs else None
    statuses = Counter(a.get("status") for a in data.articles)
    counts = [
        f"{n_events} events",
        f"{sum(statuses.values())} articles ({statuses.get('ok', 0)} ok, "
        f"{statuses.get('failed', 0)} failed, {statuses.get('rejected', 0)} rejected, "
        f"{statuses.get('duplicate', 0)} duplicate)",
        f"{n_review} rows need review",
    ]
    run = (
        RunLine(
            shown(last.get("run_id")),
            day(last.get("started_at")),
            shown(last.get("model")),
            shown(last.get("endpoint")),
        )
        if last
        else None
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Header(str(root), generated, run, counts)


def _toc_entry(view: EventView) -> TocEntry:
    summary = view.summary or {}
    return TocEntry(
        anchor(view.event_id),
        view.title,
        len(view.links),
        shown(summary.get("languages") or ""),
        view.needs_review,
    )


def _others(articles: dict[str, Row], event_of: dict[str, str]) -> Others:
    others = [a for a in articles.values() if a["article_id"] not in event_of]
    others.sort(
        key=lambda a: (a.get("status") or "", a.get("source_file") or "", a.get("source_row") or 0)
    )
    lines = [
        OtherLine(
            status=shown(a.get("status")),
            where=shown(a.get("source_file"))
            + (f", row {a['source_row']}" if a.get("source_row") is not None else ""),
            outlet=shown(a.get("source")),
            lang=shown(a.get("lang")),
            reason=shown(a.get("error") or a.get("duplicate_of") or ""),
        )
        for a in others[:MAX_OTHER_ARTICLES]
    ]
    return Others(len(others), lines)


def gather(data: ReportData, root: Path) -> Page:
    articles = {row["article_id"]: row for row in data.articles}
    views = event_views(data, articles)
    event_of = {link["article_id"]: link["event_id"] for link in data.links}
    by_article: dict[str, list[Row]] = {}
    for row in data.summaries:
        by_article.setdefault(row["article_id"], []).append(row)
    flagged = review(data, articles, event_of, {v.event_id: v.title for v in views})
    return Page(
        header=_header(data, root, len(views), flagged.total),
        review=flagged,
        toc=[_toc_entry(view) for view in views],
        events=[event_section(view, articles, by_article) for view in views],
        others=_others(articles, event_of),
    )
