from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from newsum import outputs, rows
from newsum.checks import CheckResult
from newsum.rows import ArticleRow, EventRow, ReviewColumns, RowError, SummaryRow

DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)


def _summary(**extra: object) -> dict[str, object]:
    return {"article_id": "a1", "lang": "en", "kind": "summary", "text": "x", **extra}


def test_a_misspelt_column_is_refused_not_written_as_null(tmp_path: Path) -> None:
    with pytest.raises(RowError, match=r"summaries row 0: unknown column 'promt_hash'"):
        outputs.upsert(tmp_path, "summaries", [_summary(promt_hash="abc")], DAY)
    assert not (tmp_path / "summaries").exists()  # nothing written


def test_a_missing_key_column_is_refused(tmp_path: Path) -> None:
    row = {"article_id": "a1", "lang": "en", "text": "x"}
    with pytest.raises(RowError, match=r"summaries row 1: missing column 'kind'"):
        outputs.upsert(tmp_path, "summaries", [_summary(), row], DAY)


def test_event_rows_as_dicts_are_checked_too(tmp_path: Path) -> None:
    event = {"event_id": "e1", "lang": "en", "kind": "summary", "headlne": "typo"}
    with pytest.raises(RowError, match="events row 0: unknown column 'headlne'"):
        outputs.upsert(tmp_path, "events", [event], DAY)
    with pytest.raises(RowError, match="event_articles row 0: missing column 'event_id'"):
        outputs.upsert(tmp_path, "event_articles", [{"article_id": "a1"}], DAY)


def test_a_value_of_the_wrong_type_names_the_column(tmp_path: Path) -> None:
    with pytest.raises(RowError, match=r"summaries row 0: bad value .* column 'prompt_version'"):
        outputs.upsert(tmp_path, "summaries", [_summary(prompt_version="v-two")], DAY)


def test_models_refuse_unknown_and_missing_fields() -> None:
    """A model must be given every column, nulls included (mypy checks the builders too)."""
    full = rows.validate("summaries", [_summary()])[0].as_dict()
    with pytest.raises(ValidationError, match="promt_hash"):
        SummaryRow(**full, promt_hash="x")
    del full["prompt_hash"]
    with pytest.raises(ValidationError, match="prompt_hash"):
        SummaryRow(**full)
    with pytest.raises(ValidationError, match="status"):
        ArticleRow(article_id="a1", source_file="f", source_row=1)  # type: ignore[call-arg]
    with pytest.raises(RowError, match="a row of another dataset"):
        rows.validate("events", rows.validate("summaries", [_summary()]))


def test_a_dict_may_leave_out_nullable_columns_but_not_non_null_ones(tmp_path: Path) -> None:
    (row,) = rows.validate("summaries", [_summary()])
    assert row.prompt_hash is None and row.text == "x"
    run = {"run_id": "r1", "started_at": NOW}
    with pytest.raises(RowError, match="runs row 0: missing column 'dry_run'"):
        outputs.upsert(tmp_path, "runs", [run], DAY)
    assert ReviewColumns.unchecked("translation_failed").model_dump() == {
        **dict.fromkeys(rows.REVIEW_COLUMNS),
        "needs_review": True,
        "review_level": "finding",
        "review_reasons": "translation_failed",
    }


def test_model_rows_and_dict_rows_write_the_same_file(tmp_path: Path) -> None:
    (model,) = rows.validate("summaries", [_summary(text="t", created_at=NOW)])
    outputs.upsert(tmp_path / "m", "summaries", [model], DAY)
    outputs.upsert(tmp_path / "d", "summaries", [model.as_dict()], DAY)
    read = [outputs.read_dataset(tmp_path / x, "summaries").to_pylist() for x in ("m", "d")]
    assert read[0] == read[1] and read[0][0]["created_at"] == NOW


def test_review_and_provenance_columns_are_defined_once() -> None:
    for model in (SummaryRow, EventRow):
        names = model.columns()
        for group in (rows.REVIEW_COLUMNS, rows.PROMPT_COLUMNS, rows.STAMP_COLUMNS):
            assert set(group) <= set(names)
    # What the checks produce is exactly the review columns.
    assert tuple(CheckResult(True, "en", True, True, 3).columns()) == rows.REVIEW_COLUMNS


def test_the_schema_comes_from_the_model(tmp_path: Path) -> None:
    assert SummaryRow.arrow_schema() == outputs.SUMMARIES
    assert outputs.DATASETS["articles"] == (ArticleRow.arrow_schema(), ArticleRow.key)
    path = outputs.upsert(tmp_path, "summaries", [], DAY)
    assert pq.read_schema(path).names == SummaryRow.columns()
    assert str(SummaryRow.arrow_schema().field("created_at").type) == "timestamp[us, tz=UTC]"
    assert SummaryRow.arrow_schema().field("prompt_version").type == "int64"


def test_an_older_file_with_columns_in_another_order_still_reads(tmp_path: Path) -> None:
    import pyarrow as pa

    schema = SummaryRow.arrow_schema()
    old = pa.schema(list(reversed([f for f in schema if f.name != "figures_json"])))
    path = tmp_path / "summaries" / "run_date=2026-11-24" / outputs.PART_NAME
    path.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([_summary()], schema=old), path)
    outputs.upsert(tmp_path, "summaries", [_summary(lang="fr", kind="translation")], DAY)
    table = outputs.read_dataset(tmp_path, "summaries")
    assert table.schema == schema and table.num_rows == 2
    assert table.column("figures_json").to_pylist() == [None, None]
