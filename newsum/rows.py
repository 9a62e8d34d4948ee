"""The rows of the output datasets as types: one model per dataset, the Arrow schema made from it.

A row is checked when it is made (a model) or when a plain dict reaches the writer: a column the
dataset does not have, or a key column left out, is a `RowError` naming the dataset, the row and
the column. Without this, `pa.Table.from_pylist(rows, schema=...)` drops an unknown key, so a
misspelt `promt_hash` used to write a null `prompt_hash` and nothing complained.

The column groups several datasets share (the checks' review columns, the prompt provenance, the
run stamp) are defined once, as mixins. A model's columns are its own fields in the order written,
then the mixins' in the order the bases are listed; a column that may be null is typed `| None`.

A model is given every column: a null is written `None`, on purpose (mypy checks the builders).
A dict row (tests, stored rows read back) may leave out a nullable column, never a key column, a
non-null one, or carry an unknown one.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, Union

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, ValidationError

from newsum.review_levels import review_level

if TYPE_CHECKING:
    from newsum.prompts import RenderedPrompt

TIMESTAMP = pa.timestamp("us", tz="UTC")
_ARROW: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    datetime: TIMESTAMP,
}


class RowError(ValueError):
    """A row that does not fit its dataset: names the dataset, the row and the column."""

    def __init__(self, dataset: str, index: int | None, column: str, problem: str) -> None:
        where = f"{dataset} row {index}" if index is not None else dataset
        super().__init__(f"{where}: {problem} column '{column}'")
        self.dataset, self.index, self.column, self.problem = dataset, index, column, problem


class Row(BaseModel):
    """One row of an output dataset. Subclasses set `dataset` and `key` (the upsert key)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    dataset: ClassVar[str]
    key: ClassVar[tuple[str, ...]]

    @classmethod
    def columns(cls) -> list[str]:
        """The dataset's columns in schema order: own fields first, then the mixins' fields."""
        return list(_columns(cls))

    @classmethod
    def arrow_schema(cls) -> pa.Schema:
        return _arrow_schema(cls)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _columns(type(self))}

    # Read access by column name, for code that still treats rows as mappings (the flow's
    # artifacts, the event stage's member reads) until it reads attributes.
    def __getitem__(self, name: str) -> Any:
        if name not in _names(type(self)):
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name) if name in _names(type(self)) else default


@cache
def _columns(cls: type[Row]) -> tuple[str, ...]:
    names: list[str] = []
    for klass in cls.__mro__:
        if not (isinstance(klass, type) and issubclass(klass, BaseModel)):
            continue
        for name in getattr(klass, "__annotations__", {}):
            if name in klass.model_fields and name not in names:
                names.append(name)
    return tuple(names)


@cache
def _names(model: type[Row]) -> frozenset[str]:
    return frozenset(model.model_fields)


@cache
def _arrow_schema(cls: type[Row]) -> pa.Schema:
    fields = cls.model_fields
    return pa.schema([(name, _arrow_type(fields[name].annotation)) for name in _columns(cls)])


def _arrow_type(annotation: Any) -> pa.DataType:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _arrow_type(inner)
    return _ARROW[annotation]


# --------------------------------------------------------------------------------------------
# Column groups shared by several datasets


class ReviewColumns(BaseModel):
    """What the checks found (`CheckResult.columns()`), flat for BI tools."""

    numbers_grounded: bool | None
    lang_detected: str | None
    lang_ok: bool | None
    length_ok: bool | None
    n_words: int | None
    needs_review: bool | None
    review_level: str | None  # "finding", "hint" or null: see checks.result.review_level
    review_reasons: str | None  # comma-separated
    review_details: str | None  # JSON object: reason -> detail

    def flag(self, reason: str, detail: Any) -> None:
        """A reason found after the row was built (the verifier's): CheckResult.flag's rule
        on the flat columns: a reason once, its detail under its name."""
        reasons = [r for r in (self.review_reasons or "").split(",") if r]
        if reason not in reasons:
            reasons.append(reason)
        details = json.loads(self.review_details) if self.review_details else {}
        details[reason] = detail
        self.review_reasons = ",".join(reasons)
        self.review_details = json.dumps(details, ensure_ascii=False)
        self.needs_review = True
        self.review_level = review_level(reasons, getattr(self, "kind", None))

    @classmethod
    def unchecked(cls, reason: str) -> ReviewColumns:
        """A row no check could run on (no text): flagged for review with `reason`."""
        return cls(
            numbers_grounded=None,
            lang_detected=None,
            lang_ok=None,
            length_ok=None,
            n_words=None,
            needs_review=True,
            review_level=review_level([reason]),
            review_reasons=reason,
            review_details=None,
        )


class PromptColumns(BaseModel):
    """Which model and which exact prompt made the row's text."""

    model: str | None
    prompt_name: str | None
    prompt_version: int | None
    prompt_hash: str | None  # of exactly the rendered messages

    @classmethod
    def of(cls, prompt: RenderedPrompt | None, model: str | None) -> PromptColumns:
        """The columns of a text `model` made from `prompt` (None: no prompt was rendered)."""
        return cls(
            model=model,
            prompt_name=prompt.name if prompt else None,
            prompt_version=prompt.version if prompt else None,
            prompt_hash=prompt.hash if prompt else None,
        )


class RunStamp(BaseModel):
    """Which run wrote the row, and when."""

    run_id: str | None
    created_at: datetime | None


REVIEW_COLUMNS: tuple[str, ...] = tuple(ReviewColumns.model_fields)
PROMPT_COLUMNS: tuple[str, ...] = tuple(PromptColumns.model_fields)
STAMP_COLUMNS: tuple[str, ...] = tuple(RunStamp.model_fields)


# --------------------------------------------------------------------------------------------
# The datasets


class ArticleRow(Row):
    """One per input row, whatever became of it (`status` ok | failed | rejected | ...)."""

    dataset: ClassVar[str] = "articles"
    key: ClassVar[tuple[str, ...]] = ("source_file", "source_row", "article_id")

    article_id: str
    source_file: str
    source_row: int | None  # None for one-article files
    title: str | None
    source: str | None
    url: str | None
    published_at: datetime | None
    event_id: str | None
    lang: str | None
    lang_confidence: float | None
    lang_hint: str | None
    status: str
    error: str | None
    duplicate_of: str | None
    notes: str | None
    input_tokens: int | None
    output_tokens: int | None
    # Part of output_tokens (reasoning models): priced as output, not seen in the answer.
    reasoning_tokens: int | None
    llm_calls: int | None
    cached_calls: int | None
    chunks: int | None
    estimated_cost: float | None
    content_hash: str | None
    run_id: str | None
    processed_at: datetime | None


class SummaryRow(Row, ReviewColumns, PromptColumns, RunStamp):
    """An article's summary (kind "summary", pipeline language) or one of its translations."""

    dataset: ClassVar[str] = "summaries"
    key: ClassVar[tuple[str, ...]] = ("article_id", "lang", "kind")

    article_id: str
    lang: str
    kind: str  # summary | translation
    text: str | None
    claims_json: str | None  # summary rows only
    parties_json: str | None
    figures_json: str | None
    error: str | None


class EventRow(Row, ReviewColumns, PromptColumns, RunStamp):
    """An event's account (kind "summary") or a translation of it; JSON columns on the summary."""

    dataset: ClassVar[str] = "events"
    key: ClassVar[tuple[str, ...]] = ("event_id", "lang", "kind")

    event_id: str
    lang: str
    kind: str
    text: str | None
    headline: str | None
    method: str | None  # llm | map_reduce | single_article
    status: str | None  # ok | failed | not_attempted
    n_articles: int | None
    n_sources: int | None
    languages: str | None  # of the member articles, comma-separated
    first_published: datetime | None
    last_published: datetime | None
    established_json: str | None
    claims_json: str | None
    differences_json: str | None
    error: str | None
    chunks: int | None


class EventArticleRow(Row, RunStamp):
    """Which event an article belongs to (one event per article, so the key is the article)."""

    dataset: ClassVar[str] = "event_articles"
    # Keyed by the article alone: a rerun that moves an article to another event replaces its
    # old link instead of leaving the article in two events.
    key: ClassVar[tuple[str, ...]] = ("article_id",)

    event_id: str
    article_id: str
    grouping: str | None  # given | auto
    similarity: float | None  # mean similarity to the event's other summarised members
    summarised: bool | None  # False: in the event by its given event_id only
    source: str | None
    lang: str | None
    published_at: datetime | None


class RunRow(Row):
    """One per run: what it read, what became of it, what it cost."""

    dataset: ClassVar[str] = "runs"
    key: ClassVar[tuple[str, ...]] = ("run_id",)

    run_id: str
    flow_run_id: str | None
    started_at: datetime
    finished_at: datetime | None
    input: str | None
    targets: str | None  # comma-separated
    dry_run: bool
    articles: int
    ok: int
    failed: int
    rejected: int
    duplicate: int
    planned: int
    # Ok in an earlier run with the same text, model, targets and prompts: not processed.
    unchanged: int
    needs_review: int
    review_findings: int | None  # of those, rows with review_level = 'finding'
    llm_calls: int
    cached_calls: int
    input_tokens: int
    output_tokens: int
    reasoning_tokens: int
    estimated_cost: float | None
    model: str | None
    endpoint: str | None
    capability: str | None
    # The highest concurrency limit reached: learnt (newsum.llm.limiter), or LLM_CONCURRENCY.
    llm_concurrency: int | None
    stop_reason: str | None
    newsum_version: str | None
    # Batch mode (LLM_BATCH): the batches the run's calls went through (comma-separated), and
    # how many calls were answered by them and how many synchronously; null before batch mode.
    batch_ids: str | None
    batch_calls: int | None
    sync_calls: int | None


MODELS: dict[str, type[Row]] = {
    model.dataset: model for model in (ArticleRow, SummaryRow, RunRow, EventRow, EventArticleRow)
}

R = TypeVar("R", bound=Row)


def model_of(dataset: str) -> type[Row]:
    try:
        return MODELS[dataset]
    except KeyError:
        raise ValueError(f"unknown dataset {dataset!r} (known: {', '.join(MODELS)})") from None


def validate(dataset: str, rows: Iterable[Row | Mapping[str, Any]]) -> list[Row]:
    """The rows as the dataset's model; a dict is checked as strictly as a model is made."""
    model = model_of(dataset)
    checked: list[Row] = []
    for index, row in enumerate(rows):
        if isinstance(row, model):
            checked.append(row)
        elif isinstance(row, Row):
            raise RowError(dataset, index, type(row).__name__, "a row of another dataset:")
        else:
            checked.append(_from_mapping(model, dataset, index, row))
    return checked


@cache
def _nullable(model: type[Row]) -> dict[str, None]:
    return {
        name: None
        for name, info in model.model_fields.items()
        if name not in model.key and type(None) in typing.get_args(info.annotation)
    }


def _from_mapping(model: type[R], dataset: str, index: int, row: Mapping[str, Any]) -> R:
    if not _names(model).issuperset(row):
        unknown = [name for name in row if name not in _names(model)]
        raise RowError(dataset, index, unknown[0], "unknown")
    try:
        return model.model_validate({**_nullable(model), **row})
    except ValidationError as exc:
        first = exc.errors()[0]
        column = ".".join(str(part) for part in first["loc"]) or "?"
        problem = "missing" if first["type"] == "missing" else f"bad value ({first['msg']}) in"
        raise RowError(dataset, index, column, problem) from None


def to_table(dataset: str, rows: Iterable[Row | Mapping[str, Any]]) -> pa.Table:
    """The rows, checked, as an Arrow table with the dataset's schema."""
    model = model_of(dataset)
    names = _columns(model)
    checked = validate(dataset, rows)
    data = {name: [getattr(row, name) for row in checked] for name in names}
    return pa.Table.from_pydict(data, schema=model.arrow_schema())
