"""What needs a person: every row the checks flagged, the most serious first."""

from __future__ import annotations

from dataclasses import dataclass

from newsum.report_html.cells import Flags, TextCell, flags, reasons_of, shown, text_cell
from newsum.report_html.datasets import ReportData, Row
from newsum.report_html.events import anchor
from newsum.report_html.marks import ungrounded

MAX_REVIEW_ROWS = 500

# What a reviewer should look at first: invented or followed content before framing, framing
# before attribution, and mechanical problems (language, length) last.
REASON_PRIORITY = (
    "injection_followed",
    "numbers_ungrounded",
    "date_not_in_source",
    "event_summary_failed",
    "translation_failed",
    "sources_unknown",
    "loaded_terms_unattributed",
    "editorial_terms_unattributed",
    "claims_unattributed",
    "statements_unattributed",
    "claim_not_in_source",
    "entities_not_in_source",
    "actors_not_in_source",
    "translation_numbers_missing",
    "injection_in_source",
    "not_translated",
    "wrong_language",
    "repeated_sentences",
    "incomplete_sentence",
    "length_out_of_range",
)


def review_rank(row: Row) -> int:
    """The rank of the row's most serious reason (lower is more serious)."""
    ranks = [
        REASON_PRIORITY.index(r) if r in REASON_PRIORITY else len(REASON_PRIORITY)
        for r in reasons_of(row)
    ]
    return min(ranks, default=len(REASON_PRIORITY))


@dataclass(frozen=True)
class EventLink:
    anchor: str
    title: str


@dataclass(frozen=True)
class ReviewLine:
    event: EventLink | None  # none for an article in no event
    item: str
    outlet: str
    lang: str
    kind: str
    flags: Flags
    text: TextCell


@dataclass(frozen=True)
class Review:
    total: int
    lines: list[ReviewLine]  # the first MAX_REVIEW_ROWS


@dataclass(frozen=True)
class _Flagged:
    event_id: str
    row: Row
    item: str
    outlet: str
    invented: set[str]  # the figures its summary invented


def _flagged(
    data: ReportData, articles: dict[str, Row], event_of: dict[str, str]
) -> list[_Flagged]:
    invented_event = {
        r["event_id"]: ungrounded(r) for r in data.events if r.get("kind") == "summary"
    }
    invented_article = {
        r["article_id"]: ungrounded(r) for r in data.summaries if r.get("kind") == "summary"
    }
    flagged = []
    for row in data.events:
        # A single article's event rows are copies of its own rows, listed below.
        if row.get("needs_review") and row.get("method") != "single_article":
            extra = invented_event.get(row["event_id"], set())
            flagged.append(_Flagged(row["event_id"], row, "event account", "", extra))
    for row in data.summaries:
        if row.get("needs_review"):
            article_id = row["article_id"]
            article = articles.get(article_id, {})
            flagged.append(
                _Flagged(
                    event_of.get(article_id, ""),
                    row,
                    f"article: {article.get('title') or article_id}",
                    article.get("source") or "",
                    invented_article.get(article_id, set()),
                )
            )
    # Most serious first; accounts before translations; events before articles on a tie.
    flagged.sort(
        key=lambda f: (
            review_rank(f.row),
            f.row.get("kind") != "summary",
            f.item != "event account",
        )
    )
    return flagged


def review(
    data: ReportData, articles: dict[str, Row], event_of: dict[str, str], titles: dict[str, str]
) -> Review:
    flagged = _flagged(data, articles, event_of)
    lines = [
        ReviewLine(
            event=EventLink(anchor(f.event_id), titles.get(f.event_id, f.event_id))
            if f.event_id
            else None,
            item=f.item,
            outlet=shown(f.outlet),
            lang=shown(f.row.get("lang")),
            kind=shown(f.row.get("kind")),
            flags=flags(f.row),
            text=text_cell(f.row, f.invented),
        )
        for f in flagged[:MAX_REVIEW_ROWS]
    ]
    return Review(len(flagged), lines)
