"""A translation's columns, the same at the article stage (`summaries`) and the event stage
(`events`): its text, its checks against the summary, what the summary came from and the other
translations of it, and its prompt. Each stage wraps them with its own keys."""

from __future__ import annotations

from collections.abc import Sequence

from newsum.checks import check_translations
from newsum.rows import PromptColumns, ReviewColumns
from newsum.translate import TranslationOutcome


class TranslationColumns(ReviewColumns, PromptColumns):
    lang: str
    text: str | None
    error: str | None


def translation_columns(
    outcomes: Sequence[TranslationOutcome],
    summary_text: str,
    source: str,
    summary_lang: str,
    model: str | None,
) -> list[TranslationColumns]:
    """One summary's translations, checked together (checks.consensus). A failed translation
    (no text) has no checks: it is flagged for review instead."""
    checks = check_translations(
        {o.lang: o.text for o in outcomes if o.text is not None},
        summary_text,
        source,
        summary_lang=summary_lang,
    )
    columns = []
    for outcome in outcomes:
        check = checks.get(outcome.lang)  # none for a failed translation
        review = (
            ReviewColumns(**check.columns())
            if check is not None
            else ReviewColumns.unchecked("translation_failed")
        )
        columns.append(
            TranslationColumns(
                lang=outcome.lang,
                text=outcome.text,
                error=outcome.error,
                **review.model_dump(),
                **PromptColumns.of(outcome.prompt, model).model_dump(),
            )
        )
    return columns
