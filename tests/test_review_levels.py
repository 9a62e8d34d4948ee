"""review_level: the findings a reviewer reads first, the hints after (issue 12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsum import outputs
from newsum.checks import check_translation
from newsum.review_levels import findings, review_level
from newsum.rows import ReviewColumns
from tests.support.parquet import query

SUMMARY = "Azerbaijan's defence ministry said 27 soldiers were killed on 19 September."


def test_levels_follow_the_reasons() -> None:
    assert review_level([]) is None
    assert review_level(["translation_names_missing", "attribution_dropped"]) == "hint"
    assert review_level(["translation_names_missing", "wrong_language"]) == "finding"
    # A changed figure in a translation: one figure gone and one the summary lacks, together.
    assert review_level(["numbers_ungrounded"]) == "hint"
    assert review_level(["numbers_ungrounded", "translation_numbers_missing"]) == "finding"
    assert findings(["numbers_ungrounded", "translation_numbers_missing"]) == {"changed_figure"}
    # A figure neither the summary nor the article has is a finding in a translation only:
    # a summary's article may write it in a way the checks do not read.
    assert review_level(["numbers_ungrounded"], "translation") == "finding"
    assert review_level(["numbers_ungrounded"], "summary") == "hint"
    assert review_level(["repeated_sentences"], "summary") == "finding"


def test_a_checked_translation_gets_its_level() -> None:
    good = (
        "Le ministère azerbaïdjanais de la Défense a déclaré que 27 soldats avaient été tués "
        "le 19 septembre."
    )
    assert check_translation(good, SUMMARY, "", "fr").columns()["review_level"] is None
    untranslated = check_translation(SUMMARY, SUMMARY, "", "fr").columns()
    assert untranslated["needs_review"] and untranslated["review_level"] == "finding"
    changed = good.replace("27", "72")
    assert check_translation(changed, SUMMARY, "", "fr").columns()["review_level"] == "finding"


def test_a_reason_added_later_updates_the_level(tmp_path: Path) -> None:
    result = check_translation(
        "Le ministère azerbaïdjanais de la Défense a déclaré que 27 soldats avaient été tués "
        "le 19 septembre.",
        SUMMARY,
        "",
        "fr",
    )
    review = ReviewColumns(**result.columns())
    review.flag("verifier_mistranslated", ["a segment"])  # not measured on a real model: a hint
    assert review.needs_review and review.review_level == "hint"
    failed = ReviewColumns.unchecked("translation_failed")
    rows = [
        {"article_id": "a1", "lang": "fr", "kind": "translation", **review.model_dump()},
        {"article_id": "a2", "lang": "fr", "kind": "translation", **failed.model_dump()},
    ]
    outputs.upsert(tmp_path, "summaries", rows, date(2026, 12, 1))
    # What a desk asks in DuckDB: the short list first.
    assert query(
        tmp_path,
        "summaries",
        "SELECT article_id FROM summaries WHERE review_level = 'finding'",
    ) == [("a2",)]
