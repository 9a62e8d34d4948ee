"""The report's events: their rows grouped and ordered, and each event's section."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from newsum.report_html.account import Account, account
from newsum.report_html.articles import ArticleLine, article_lines
from newsum.report_html.cells import TranslationLine, translation_lines
from newsum.report_html.datasets import ReportData, Row
from newsum.report_html.marks import ungrounded


def anchor(event_id: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", event_id)[:40]
    return f"ev-{slug}-{hashlib.sha256(event_id.encode('utf-8')).hexdigest()[:6]}"


@dataclass
class EventView:
    event_id: str
    rows: list[Row]  # events rows of this event (summary + translations)
    links: list[Row]
    fallback_title: str | None = None  # a single article's title, when there is no headline

    @property
    def summary(self) -> Row | None:
        return next((r for r in self.rows if r["kind"] == "summary"), None)

    @property
    def translations(self) -> list[Row]:
        return sorted((r for r in self.rows if r["kind"] == "translation"), key=lambda r: r["lang"])

    @property
    def title(self) -> str:
        summary = self.summary or {}
        return str(summary.get("headline") or self.fallback_title or f"Event {self.event_id}")

    @property
    def needs_review(self) -> int:
        return sum(1 for r in self.rows if r.get("needs_review"))


def event_views(data: ReportData, articles: dict[str, Row] | None = None) -> list[EventView]:
    rows_by_event: dict[str, list[Row]] = {}
    for row in data.events:
        rows_by_event.setdefault(row["event_id"], []).append(row)
    links_by_event: dict[str, list[Row]] = {}
    for link in data.links:
        links_by_event.setdefault(link["event_id"], []).append(link)
    articles = articles or {}

    def fallback(links: list[Row]) -> str | None:
        titles = [articles.get(link["article_id"], {}).get("title") for link in links]
        return next((str(t) for t in titles if t), None) if len(links) == 1 else None

    views = [
        EventView(event_id, rows_by_event.get(event_id, []), links, fallback(links))
        for event_id, links in links_by_event.items()
    ]

    def order(view: EventView) -> tuple[int, int, str]:
        # Events that need review first, then the ones most sources report.
        return (0 if view.needs_review else 1, -len(view.links), view.event_id)

    return sorted(views, key=order)


@dataclass(frozen=True)
class EventSection:
    event_id: str
    anchor: str
    title: str
    account: Account | None  # none while none of its articles has a summary
    translations: list[TranslationLine]  # of the account
    articles: list[ArticleLine]


def event_section(
    view: EventView, articles: dict[str, Row], by_article: dict[str, list[Row]]
) -> EventSection:
    summary = view.summary
    return EventSection(
        event_id=view.event_id,
        anchor=anchor(view.event_id),
        title=view.title,
        account=account(summary) if summary else None,
        translations=translation_lines(view.translations, ungrounded(summary)) if summary else [],
        articles=article_lines(view.links, articles, by_article),
    )
