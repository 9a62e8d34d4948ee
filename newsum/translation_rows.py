"""A translation's columns, the same at the article stage (`summaries`) and the event stage
(`events`): its text, its checks against the summary and what the summary came from, and its
prompt. Each stage wraps them with its own keys."""

from __future__ import annotations

from newsum.checks import check_translation
from newsum.rows import PromptColumns, ReviewColumns
from newsum.translate import TranslationOutcome


class TranslationColumns(ReviewColumns, PromptColumns):
    lang: str
    text: str | None
    error: str | None


def translation_columns(
    outcome: TranslationOutcome,
    summary_text: str,
    source: str,
    summary_lang: str,
    model: str | None,
) -> TranslationColumns:
    """A failed translation (no text) has no checks: it is flagged for review instead."""
    if outcome.text is not None:
        check = check_translation(
            outcome.text, summary_text, source, outcome.lang, summary_lang=summary_lang
        )
        review = ReviewColumns(**check.columns())
    else:
        review = ReviewColumns.unchecked("translation_failed")
    return TranslationColumns(
        lang=outcome.lang,
        text=outcome.text,
        error=outcome.error,
        **review.model_dump(),
        **PromptColumns.of(outcome.prompt, model).model_dump(),
    )
