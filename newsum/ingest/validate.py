"""One row's fields to an Article: PENDING with clean text, or REJECTED with a reason that
names the file and row."""

from __future__ import annotations

from newsum.ingest.context import FileCtx
from newsum.ingest.fields import (
    as_str,
    clean_line,
    clean_text,
    first,
    json_type,
    parse_published_at,
)
from newsum.ingest.ids import place_id, text_id
from newsum.records import Article, Status, content_hash


def _text_problem(raw: object, fields: dict[str, object]) -> str | None:
    if "text" not in fields:
        return "no 'text' field"
    if raw is None:
        return "text is null"
    if not isinstance(raw, str):
        return f"text is {json_type(raw)}, expected a string"
    return None


def build_article(ctx: FileCtx, row: int | None, fields: dict[str, object]) -> Article:
    """One Article from one row's fields: PENDING, or REJECTED with the reason."""
    warnings = list(ctx.warnings)
    given_id = as_str(fields.get("id"))
    title = as_str(fields.get("title"))
    published_at, date_warning = parse_published_at(fields.get("published_at"))
    if date_warning:
        warnings.append(date_warning)
    art = Article(
        article_id=given_id or "",
        source_file=ctx.display,
        row=row,
        title=(clean_line(title) or None) if title else None,
        source=as_str(first(fields, "source", "outlet")),
        url=as_str(fields.get("url")),
        published_at=published_at,
        event_id=as_str(fields.get("event_id")),
        lang_hint=as_str(first(fields, "lang", "language")),
    )
    if warnings:
        art.extra["warnings"] = "; ".join(warnings)

    raw = fields.get("text")
    problem = _text_problem(raw, fields)
    text = clean_text(raw) if problem is None and isinstance(raw, str) else ""
    limits = ctx.limits
    if problem is None and not text:
        problem = "empty text"
    elif problem is None and len(text) > limits.max_text_chars:
        problem = f"text is {len(text):,} chars, limit {limits.max_text_chars:,}"
    elif problem is None and len(text) < limits.min_text_chars:
        problem = f"text is {len(text):,} chars, minimum {limits.min_text_chars:,}"
    if problem is not None:
        return _reject(art, ctx, row, problem)

    art.text = text
    art.content_hash = content_hash(text)
    if not art.article_id:
        art.article_id = text_id(art.content_hash)
    return art


def _reject(art: Article, ctx: FileCtx, row: int | None, reason: str) -> Article:
    if not art.article_id:
        art.article_id = place_id(ctx.display, row)
    art.status = Status.REJECTED
    art.error = f"{ctx.where(row)}: {reason}"
    return art


def rejected_row(ctx: FileCtx, row: int | None, reason: str) -> Article:
    return _reject(Article(article_id="", source_file=ctx.display, row=row), ctx, row, reason)
