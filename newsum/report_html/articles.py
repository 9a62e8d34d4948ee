"""An event's articles as the report lists them: outlet, language, date, title, how it was
grouped, and its summary with flags and translations."""

from __future__ import annotations

from dataclasses import dataclass

from newsum.report_html.cells import (
    Flags,
    TextCell,
    TranslationLine,
    day,
    flags,
    shown,
    text_cell,
    translation_lines,
)
from newsum.report_html.datasets import Row
from newsum.report_html.marks import ungrounded


@dataclass(frozen=True)
class ArticleLine:
    outlet: str
    lang: str
    published: str
    title: str
    url: str  # only a web address: anything else (javascript:...) is no link
    grouping: str
    status: str
    summary: TextCell | None
    flags: Flags | None
    error: str  # shown when there is no summary
    translations: list[TranslationLine]


def article_line(link: Row, article: Row, rows: list[Row]) -> ArticleLine:
    """The line of one linked article; `rows` are its summaries rows."""
    summary = next((r for r in rows if r["kind"] == "summary"), None)
    translations = sorted((r for r in rows if r["kind"] == "translation"), key=lambda r: r["lang"])
    similarity = link.get("similarity")
    grouping = shown(link.get("grouping")) + (
        f" ({similarity:.2f})" if isinstance(similarity, float) else ""
    )
    invented = ungrounded(summary) if summary is not None else set()
    url = article.get("url")
    return ArticleLine(
        outlet=shown(article.get("source")),
        lang=shown(article.get("lang")),
        published=day(article.get("published_at")),
        title=shown(article.get("title") or ""),
        url=str(url) if url and str(url).startswith(("http://", "https://")) else "",
        grouping=grouping,
        status=shown(article.get("status")),
        summary=text_cell(summary) if summary is not None else None,
        flags=flags(summary) if summary is not None else None,
        error=shown(article.get("error") or "no summary"),
        translations=translation_lines(translations, invented),
    )


def article_lines(
    links: list[Row], articles: dict[str, Row], by_article: dict[str, list[Row]]
) -> list[ArticleLine]:
    """The event's articles, the earliest published first."""

    def order(link: Row) -> tuple[str, str]:
        article = articles.get(link["article_id"], {})
        return (day(article.get("published_at")) or "9999", link["article_id"])

    return [
        article_line(
            link, articles.get(link["article_id"], {}), by_article.get(link["article_id"], [])
        )
        for link in sorted(links, key=order)
    ]
