"""The review report: one static HTML file next to the Parquet, for people to read.

Built from the datasets alone (events, event_articles, summaries, articles, runs), so
`python -m newsum.report_html --output DIR` rebuilds it without rerunning anything. One
self-contained file: inline CSS, no script, no external resource; it opens from disk.

What comes first is what needs a person: the rows flagged by the checks, with figures that did
not ground marked. Then each event: its account and translations, what is established, each
party's claims, where the accounts differ, and the article summaries with outlet, language and
flags. Every text from the data is escaped (article text is untrusted).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from newsum import outputs
from newsum.checks import canonical_number

REPORT_NAME = "report.html"
MAX_REVIEW_ROWS = 500
MAX_OTHER_ARTICLES = 500
# The same pattern as newsum.checks' figures (a test keeps them equal), to find the spans to mark.
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.'’\u066c]\d{3})+(?!\d)|\d+(?:[.,\u066b]\d+)?")

Row = dict[str, Any]

# What a reviewer should look at first: invented or followed content before framing, framing
# before attribution, and mechanical problems (language, length) last.
REASON_PRIORITY = (
    "injection_followed",
    "numbers_ungrounded",
    "event_summary_failed",
    "translation_failed",
    "claim_source_mismatch",
    "sources_unknown",
    "loaded_terms_unattributed",
    "claims_unattributed",
    "statements_unattributed",
    "claim_not_in_source",
    "entities_not_in_source",
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
    reasons = [r for r in (row.get("review_reasons") or "").split(",") if r]
    ranks = [
        REASON_PRIORITY.index(r) if r in REASON_PRIORITY else len(REASON_PRIORITY) for r in reasons
    ]
    return min(ranks, default=len(REASON_PRIORITY))


@dataclass
class ReportData:
    """What the report shows. `links` and `articles` hold the latest row per article, `runs`
    are oldest first."""

    events: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    summaries: list[Row] = field(default_factory=list)
    articles: list[Row] = field(default_factory=list)
    runs: list[Row] = field(default_factory=list)


def latest(frame: pl.DataFrame, key: str, stamp: str) -> pl.DataFrame:
    """One row per `key`, the most recent by `stamp` (a row without one counts as oldest)."""
    ordered = frame.sort(stamp, nulls_last=False, maintain_order=True)
    return ordered.unique(subset=key, keep="last", maintain_order=True)


def load(root: Path) -> ReportData:
    def read(name: str) -> pl.DataFrame:
        return outputs.read_frame(root, name)

    return ReportData(
        events=read("events").to_dicts(),
        links=latest(read("event_articles"), "article_id", "created_at").to_dicts(),
        summaries=read("summaries").to_dicts(),
        articles=latest(read("articles"), "article_id", "processed_at").to_dicts(),
        runs=read("runs").sort("started_at", nulls_last=False, maintain_order=True).to_dicts(),
    )


# --------------------------------------------------------------------------------------------
# Small HTML helpers


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def anchor(event_id: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", event_id)[:40]
    return f"ev-{slug}-{hashlib.sha256(event_id.encode('utf-8')).hexdigest()[:6]}"


def details(row: Row) -> dict[str, Any]:
    raw = row.get("review_details")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def ungrounded(row: Row) -> set[str]:
    found = details(row).get("numbers_ungrounded") or []
    return {str(n) for n in found} if isinstance(found, list) else set()


def mark_numbers(text: str | None, numbers: set[str]) -> str:
    """Escaped text with every figure in `numbers` (canonical form) wrapped in <mark>."""
    if not text:
        return ""
    if not numbers:
        return esc(text)
    out: list[str] = []
    last = 0
    for match in NUMBER.finditer(text):
        if canonical_number(match.group()) in numbers:
            out.append(esc(text[last : match.start()]))
            out.append(f'<mark title="not found in the sources">{esc(match.group())}</mark>')
            last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def flags(row: Row) -> str:
    """The row's review reasons as badges, with their details on hover; 'ok' when none."""
    reasons = [r for r in (row.get("review_reasons") or "").split(",") if r]
    if not reasons:
        return '<span class="ok">ok</span>' if row.get("text") else ""
    info = details(row)
    level = row.get("review_level")
    badges = [f'<span class="level {esc(level)}">{esc(level)}</span>'] if level else []
    for reason in reasons:
        detail = info.get(reason)
        shown = json.dumps(detail, ensure_ascii=False)[:300] if detail is not None else ""
        badges.append(f'<span class="flag" title="{esc(shown)}">{esc(reason)}</span>')
    return " ".join(badges)


def text_cell(row: Row, also: set[str] | None = None) -> str:
    """The row's text with its ungrounded figures marked, and `also` (a translation carries the
    figures its summary invented: the translation check compares it with the summary only)."""
    code = esc(row.get("lang") or "")
    error = f'<div class="error">{esc(row.get("error"))}</div>' if row.get("error") else ""
    body = mark_numbers(row.get("text"), ungrounded(row) | (also or set()))
    return f'<td class="text" dir="auto" lang="{code}">{body}{elsewhere(row)}{error}</td>'


def elsewhere(row: Row) -> str:
    """Ungrounded figures that are not in the text (they were in the figures or claims lists)."""
    shown = {canonical_number(m.group()) for m in NUMBER.finditer(row.get("text") or "")}
    rest = sorted(ungrounded(row) - shown, key=lambda n: (len(n), n))
    if not rest:
        return ""
    marks = ", ".join(f"<mark>{esc(n)}</mark>" for n in rest)
    return f'<div class="meta">Figures in its lists, not in the sources: {marks}</div>'


def _date(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else ""


def _table(headers: Sequence[str], body: Iterable[str], css: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    rows = "".join(body)
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _json(value: Any) -> list[dict[str, Any]]:
    if not value:
        return []
    try:
        data = json.loads(value)
    except ValueError:
        return []
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def _sources(names: Any) -> str:
    if not names:
        return '<span class="flag">no source</span>'
    return '<span class="src">— ' + esc(", ".join(str(n) for n in names)) + "</span>"


# --------------------------------------------------------------------------------------------
# The model of the page


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


# --------------------------------------------------------------------------------------------
# Sections

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
 margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin-top:2rem;
 border-bottom:2px solid #d0d7de;padding-bottom:.2rem}h3{font-size:1.08rem;margin:1.2rem 0 .4rem}
h4{font-size:.98rem;margin:.9rem 0 .3rem}
.meta{color:#57606a;font-size:.88rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}td.text{max-width:42rem}
mark{background:#ffd84d;padding:0 .1rem;border-radius:2px}
.flag{display:inline-block;background:#ffebe9;color:#a40e26;border:1px solid #ffcecb;
 border-radius:10px;padding:0 .45rem;margin:1px;font-size:.78rem;white-space:nowrap}
.level{display:inline-block;border-radius:3px;padding:0 .35rem;margin:1px;font-size:.75rem;
 font-weight:600;text-transform:uppercase}.level.finding{background:#a40e26;color:#fff}
.level.hint{background:#eaeef2;color:#57606a}
.ok{color:#1a7f37;font-size:.8rem}.error{color:#a40e26;font-size:.85rem}
.src{color:#57606a;font-size:.85rem}.lead{font-size:1.02rem;max-width:52rem}
.counts{display:flex;gap:1rem;list-style:none;padding:0;flex-wrap:wrap}
.counts li{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.3rem .7rem}
section.event{border-top:1px solid #d0d7de;margin-top:1.5rem}
details{margin:.2rem 0}summary{cursor:pointer;color:#0969da}
nav ol{padding-left:1.4rem}
@media print{details{display:block}}
"""


def _header(data: ReportData, root: Path, views: list[EventView], n_review: int) -> str:
    last = data.runs[-1] if data.runs else {}
    statuses = Counter(a.get("status") for a in data.articles)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    run_line = (
        f"Latest run {esc(last.get('run_id'))} ({_date(last.get('started_at'))}), "
        f"model {esc(last.get('model'))} at {esc(last.get('endpoint'))}."
        if last
        else "No run recorded."
    )
    counts = [
        f"{len(views)} events",
        f"{sum(statuses.values())} articles ({statuses.get('ok', 0)} ok, "
        f"{statuses.get('failed', 0)} failed, {statuses.get('rejected', 0)} rejected, "
        f"{statuses.get('duplicate', 0)} duplicate)",
        f"{n_review} rows need review",
    ]
    items = "".join(f"<li>{esc(c)}</li>" for c in counts)
    return (
        "<header><h1>newsum review report</h1>"
        f'<p class="meta">Output {esc(root)}; generated {esc(generated)}. {run_line} '
        "Figures that did not ground in the sources are <mark>marked</mark>.</p>"
        f'<ul class="counts">{items}</ul></header>'
    )


def _toc(views: list[EventView]) -> str:
    if not views:
        return "<nav><h2>Events</h2><p>No events yet.</p></nav>"
    items = []
    for view in views:
        summary = view.summary or {}
        review = (
            f' <span class="flag">{view.needs_review} to review</span>' if view.needs_review else ""
        )
        items.append(
            f'<li><a href="#{anchor(view.event_id)}">{esc(view.title)}</a> '
            f'<span class="meta">{len(view.links)} articles; '
            f"{esc(summary.get('languages') or '')}</span>{review}</li>"
        )
    return f"<nav><h2>Events</h2><ol>{''.join(items)}</ol></nav>"


@dataclass
class _Lookup:
    articles: dict[str, Row]
    event_of: dict[str, str]
    titles: dict[str, str]


def _review_section(data: ReportData, look: _Lookup) -> tuple[str, int]:
    # (event_id, row, item, outlet, figures its summary invented)
    flagged: list[tuple[str, Row, str, str, set[str]]] = []
    invented_event = {
        r["event_id"]: ungrounded(r) for r in data.events if r.get("kind") == "summary"
    }
    invented_article = {
        r["article_id"]: ungrounded(r) for r in data.summaries if r.get("kind") == "summary"
    }
    for row in data.events:
        # A single article's event rows are copies of its own rows, listed below.
        if row.get("needs_review") and row.get("method") != "single_article":
            extra = invented_event.get(row["event_id"], set())
            flagged.append((row["event_id"], row, "event account", "", extra))
    for row in data.summaries:
        if row.get("needs_review"):
            article_id = row["article_id"]
            article = look.articles.get(article_id, {})
            item = f"article: {article.get('title') or article_id}"
            flagged.append(
                (
                    look.event_of.get(article_id, ""),
                    row,
                    item,
                    article.get("source") or "",
                    invented_article.get(article_id, set()),
                )
            )
    # Most serious first; accounts before translations; events before articles on a tie.
    flagged.sort(
        key=lambda f: (review_rank(f[1]), f[1].get("kind") != "summary", f[2] != "event account")
    )
    total = len(flagged)
    if not flagged:
        body = "<p>Nothing is flagged.</p>"
    else:
        cells = []
        for event_id, row, item, outlet, invented in flagged[:MAX_REVIEW_ROWS]:
            link = (
                f'<a href="#{anchor(event_id)}">{esc(look.titles.get(event_id, event_id))}</a>'
                if event_id
                else '<span class="meta">no event</span>'
            )
            cells.append(
                f'<tr class="review-row"><td>{link}</td><td>{esc(item)}</td><td>{esc(outlet)}</td>'
                f"<td>{esc(row.get('lang'))}</td><td>{esc(row.get('kind'))}</td>"
                f"<td>{flags(row)}</td>{text_cell(row, invented)}</tr>"
            )
        more = (
            f'<p class="meta">Showing {MAX_REVIEW_ROWS} of {total}; the datasets hold them all '
            "(needs_review = true).</p>"
            if total > MAX_REVIEW_ROWS
            else ""
        )
        body = (
            _table(["Event", "Item", "Outlet", "Lang", "Kind", "Flags", "Text"], cells, "review")
            + more
        )
    intro = (
        '<p class="meta">Every account, summary and translation the checks flagged, the most '
        "serious first (invented figures, then framing and attribution, then language and "
        "length). Hover a flag for its details.</p>"
    )
    return (
        f'<section id="needs-review"><h2>Needs review ({total})</h2>{intro}{body}</section>',
        total,
    )


def _event_section(view: EventView, look: _Lookup, data_by_article: dict[str, list[Row]]) -> str:
    summary = view.summary
    parts = [f'<section class="event" id="{anchor(view.event_id)}">']
    parts.append(f"<h2>{esc(view.title)}</h2>")
    if summary:
        first, last = _date(summary.get("first_published")), _date(summary.get("last_published"))
        span = f"{first} to {last}" if first and last and first != last else first or "undated"
        parts.append(
            f'<p class="meta">Event {esc(view.event_id)}; {esc(summary.get("n_articles"))} '
            f"summarised articles from {esc(summary.get('n_sources'))} sources in "
            f"{esc(summary.get('languages'))}; {esc(span)}; method {esc(summary.get('method'))}"
            f", model {esc(summary.get('model'))}.</p>"
        )
        parts.append(_account(summary))
        parts.append(_translations(view.translations, ungrounded(summary)))
    else:
        parts.append(
            f'<p class="meta">Event {esc(view.event_id)}: no account, since none of its '
            "articles has a summary yet.</p>"
        )
    parts.append(_articles(view, look, data_by_article))
    parts.append("</section>")
    return "".join(parts)


def _account(summary: Row) -> str:
    lang = summary.get("lang") or ""
    out = [f"<h3>Event summary ({esc(lang)})</h3>"]
    if summary.get("status") != "ok":
        out.append(f'<p class="error">No account: {esc(summary.get("error"))}</p>')
        return "".join(out)
    out.append(
        f'<p class="lead" dir="auto" lang="{esc(lang)}">'
        f"{mark_numbers(summary.get('text'), ungrounded(summary))}</p>"
    )
    out.append(f"<p>{flags(summary)}</p>")
    numbers = ungrounded(summary)
    established = _json(summary.get("established_json"))
    if established:
        items = "".join(
            f"<li>{mark_numbers(s.get('statement'), numbers)} {_sources(s.get('sources'))}</li>"
            for s in established
        )
        out.append(f"<h4>Established</h4><ul>{items}</ul>")
    parties = _json(summary.get("claims_json"))
    if parties:
        rows = []
        for p in parties:
            claims = "".join(
                f"<li>{mark_numbers(str(c), numbers)}</li>" for c in p.get("claims") or []
            )
            rows.append(
                f"<tr><td>{esc(p.get('party'))}</td><td><ul>{claims}</ul></td>"
                f"<td>{_sources(p.get('sources'))}</td></tr>"
            )
        out.append("<h4>Claims by party</h4>" + _table(["Party", "Claims", "Reported by"], rows))
    differences = _json(summary.get("differences_json"))
    if differences:
        rows = []
        for d in differences:
            accounts = [a for a in d.get("accounts") or [] if isinstance(a, dict)]
            span = max(1, len(accounts))
            topic = f'<td rowspan="{span}">{esc(d.get("topic"))}</td>'
            if not accounts:
                rows.append(
                    f'<tr>{topic}<td colspan="2"><span class="flag">no account</span></td></tr>'
                )
            for i, a in enumerate(accounts):
                rows.append(
                    f"<tr>{topic if i == 0 else ''}<td>{esc(a.get('source'))}</td>"
                    f"<td>{mark_numbers(a.get('account'), numbers)}</td></tr>"
                )
        out.append(
            "<h4>Where the accounts differ</h4>" + _table(["Topic", "Source", "Account"], rows)
        )
    return "".join(out)


def _translations(rows: list[Row], invented: set[str]) -> str:
    if not rows:
        return ""
    body = [
        f"<tr><td>{esc(r.get('lang'))}</td>{text_cell(r, invented)}<td>{flags(r)}</td></tr>"
        for r in rows
    ]
    return "<h3>Translations</h3>" + _table(["Lang", "Text", "Flags"], body, "translations")


def _articles(view: EventView, look: _Lookup, by_article: dict[str, list[Row]]) -> str:
    def order(link: Row) -> tuple[str, str]:
        article = look.articles.get(link["article_id"], {})
        return (_date(article.get("published_at")) or "9999", link["article_id"])

    rows = []
    for link in sorted(view.links, key=order):
        article_id = link["article_id"]
        article = look.articles.get(article_id, {})
        rows_of = by_article.get(article_id, [])
        summary = next((r for r in rows_of if r["kind"] == "summary"), None)
        translations = sorted(
            (r for r in rows_of if r["kind"] == "translation"), key=lambda r: r["lang"]
        )
        similarity = link.get("similarity")
        grouping = esc(link.get("grouping")) + (
            f" ({similarity:.2f})" if isinstance(similarity, float) else ""
        )
        status = esc(article.get("status"))
        invented = ungrounded(summary) if summary is not None else set()
        if summary is not None:
            text = mark_numbers(summary.get("text"), invented) + elsewhere(summary)
            flag_html = flags(summary)
        else:
            text = f'<span class="error">{esc(article.get("error") or "no summary")}</span>'
            flag_html = ""
        if translations:
            inner = _table(
                ["Lang", "Text", "Flags"],
                (
                    f"<tr><td>{esc(t['lang'])}</td>{text_cell(t, invented)}<td>{flags(t)}</td></tr>"
                    for t in translations
                ),
            )
            text += (
                f"<details><summary>Translations ({len(translations)})</summary>{inner}</details>"
            )
        title = esc(article.get("title") or "")
        url = article.get("url")
        if url and str(url).startswith(("http://", "https://")):
            title = f'<a href="{esc(url)}" rel="noreferrer noopener">{title or esc(url)}</a>'
        rows.append(
            f'<tr class="article-row"><td>{esc(article.get("source"))}</td>'
            f"<td>{esc(article.get('lang'))}</td><td>{_date(article.get('published_at'))}</td>"
            f"<td>{title}</td><td>{grouping}</td><td>{status}</td>"
            f'<td class="text" dir="auto">{text}</td><td>{flag_html}</td></tr>'
        )
    return f"<h3>Articles ({len(view.links)})</h3>" + _table(
        ["Outlet", "Lang", "Published", "Title", "Grouping", "Status", "Summary", "Flags"],
        rows,
        "articles",
    )


def _others(data: ReportData, look: _Lookup) -> str:
    others = [a for a in look.articles.values() if a["article_id"] not in look.event_of]
    if not others:
        return ""
    others.sort(
        key=lambda a: (a.get("status") or "", a.get("source_file") or "", a.get("source_row") or 0)
    )
    rows = [
        f"<tr><td>{esc(a.get('status'))}</td><td>{esc(a.get('source_file'))}"
        f"{', row ' + esc(a.get('source_row')) if a.get('source_row') is not None else ''}</td>"
        f"<td>{esc(a.get('source'))}</td><td>{esc(a.get('lang'))}</td>"
        f'<td dir="auto">{esc(a.get("error") or a.get("duplicate_of") or "")}</td></tr>'
        for a in others[:MAX_OTHER_ARTICLES]
    ]
    return (
        f'<section id="not-in-event"><h2>Articles in no event ({len(others)})</h2>'
        '<p class="meta">Rejected rows, duplicates, and articles without a summary or a given '
        "event id.</p>"
        + _table(["Status", "Where", "Outlet", "Lang", "Reason"], rows)
        + "</section>"
    )


def render(data: ReportData, root: Path) -> str:
    """The whole page."""
    articles = {row["article_id"]: row for row in data.articles}
    views = event_views(data, articles)
    event_of = {link["article_id"]: link["event_id"] for link in data.links}
    look = _Lookup(articles, event_of, {v.event_id: v.title for v in views})
    by_article: dict[str, list[Row]] = {}
    for row in data.summaries:
        by_article.setdefault(row["article_id"], []).append(row)
    review, n_review = _review_section(data, look)
    body = [
        _header(data, root, views, n_review),
        review,
        _toc(views),
        *(_event_section(view, look, by_article) for view in views),
        _others(data, look),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No script and no fetch from anywhere: the data may hold hostile text.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>newsum review report</title><style>{_CSS}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )


def write_report(root: Path, path: Path | None = None) -> Path:
    """Render OUTPUT's datasets to OUTPUT/report.html (atomically); returns the path."""
    target = path or root / REPORT_NAME
    page = render(load(root), root)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsum.report_html",
        description="Write the static review report (report.html) from an output folder.",
    )
    parser.add_argument("--output", help="the output folder (default: NEWSUM_OUTPUT or outputs/)")
    args = parser.parse_args(argv)
    from newsum.config import load_settings

    root = Path(args.output) if args.output else load_settings().output
    if not root.is_dir():
        print(f"newsum: error: output folder {root} does not exist", file=sys.stderr)
        return 2
    path = write_report(root)
    print(f"newsum: report written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
