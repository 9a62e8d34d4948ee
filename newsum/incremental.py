"""Which input articles already have current results in OUTPUT, so a rerun can leave them be.

A rerun of an unchanged corpus must cost nothing: no LLM call (the answer cache already ensures
that) and no pipeline work either (detection, checks, rewriting rows), which at 10,000 articles
took minutes. An article is *unchanged* when OUTPUT holds, under the same row key, a row with
status ok for the same text, and its summary rows are what this run would write: the same model,
the same target languages, every row made with the newest version of its prompt. Anything else
(failed earlier, new text, other targets, another model, a new prompt version) is processed again.
Only a few columns of the partitions that can hold the run's articles are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from newsum import outputs
from newsum.config import Settings
from newsum.errors import ConfigError
from newsum.prompts import available_versions
from newsum.records import Article, Status

RowKey = tuple[str, int | None, str]  # the articles dataset's key: source_file, source_row, id


@dataclass
class Stored:
    """What OUTPUT holds for one ok article: enough to decide, and to carry its language over."""

    content_hash: str
    lang: str | None
    lang_confidence: float | None
    model: set[str | None] = field(default_factory=set)
    translations: set[str] = field(default_factory=set)  # languages of the translation rows
    has_summary: bool = False
    stale_prompt: bool = False


@dataclass(frozen=True)
class RunSpec:
    """What this run would produce for an article."""

    model: str
    pipeline_lang: str
    targets: frozenset[str]

    @classmethod
    def of(cls, settings: Settings) -> RunSpec | None:
        """None when the model is only known once the endpoint is open (cannot decide early)."""
        model = expected_model(settings)
        if model is None:
            return None
        wanted = frozenset(t for t in settings.targets if t != settings.pipeline_lang)
        return cls(model, settings.pipeline_lang, wanted)


def expected_model(settings: Settings) -> str | None:
    """The `model` the run's rows will carry, without starting any server."""
    if not settings.uses_embedded:
        return settings.model
    from newsum.embedded import resolve_model_path, served_model_name

    try:
        return served_model_name(resolve_model_path(settings.model_path))
    except ConfigError:  # no weights installed: the run says so when it starts the server
        return None


@cache
def _newest_version(name: str) -> int | None:
    versions = available_versions(name)
    return versions[-1] if versions else None


def load_stored(root: Path, articles: Iterable[Article] | None = None) -> dict[RowKey, Stored]:
    """The ok articles in OUTPUT with their summary rows' model, languages and prompt versions.

    With `articles`, only those (by row key) are looked up, and only the partitions that the key
    indexes say can hold them are read (see newsum.outputs): a lookup costs what the run's own
    articles cost, not what the whole archive does.
    """
    stored: dict[RowKey, Stored] = {}
    wanted = None if articles is None else _article_keys(articles)
    if wanted is not None and wanted.height == 0:
        return stored
    parts = None if wanted is None else outputs.partitions_holding(root, "articles", wanted)
    columns = [*outputs.ARTICLE_KEY, "status", "content_hash", "lang", "lang_confidence"]
    frame = outputs.read_frame(root, "articles", columns, parts).filter(
        pl.col("status") == Status.OK.value
    )
    if wanted is not None:
        frame = frame.join(wanted, on=list(outputs.ARTICLE_KEY), how="semi", nulls_equal=True)
    by_id: dict[str, list[Stored]] = {}
    for row in frame.iter_rows(named=True):
        item = Stored(row["content_hash"], row["lang"], row["lang_confidence"])
        key = (row["source_file"], row["source_row"], row["article_id"])
        stored[key] = item
        by_id.setdefault(key[2], []).append(item)
    if not stored:
        return stored
    ids = pl.DataFrame({"article_id": list(by_id)}, schema={"article_id": pl.String})
    parts = None if wanted is None else outputs.partitions_holding(root, "summaries", ids)
    summary_columns = ["article_id", "lang", "kind", "model", "prompt_name", "prompt_version"]
    summaries = outputs.read_frame(root, "summaries", summary_columns, parts)
    summaries = summaries.join(ids, on="article_id", how="semi")
    for row in summaries.iter_rows(named=True):
        for item in by_id.get(row["article_id"], ()):
            _add_summary_row(item, row)
    return stored


def _article_keys(articles: Iterable[Article]) -> pl.DataFrame:
    keys = [(a.source_file, a.row, a.article_id) for a in articles]
    return pl.DataFrame(
        keys,
        schema={"source_file": pl.String, "source_row": pl.Int64, "article_id": pl.String},
        orient="row",
    )


def _add_summary_row(item: Stored, row: dict[str, Any]) -> None:
    item.model.add(row["model"])
    if row["kind"] == "summary":
        item.has_summary = True
    else:
        item.translations.add(str(row["lang"]))
    name, version = row["prompt_name"], row["prompt_version"]
    if name is not None and version != _newest_version(str(name)):
        item.stale_prompt = True


def is_current(article: Article, stored: Stored | None, spec: RunSpec) -> bool:
    return (
        stored is not None
        and stored.content_hash == article.content_hash
        and stored.has_summary
        and not stored.stale_prompt
        and stored.model == {spec.model}
        and stored.translations == spec.targets
    )


def split_unchanged(
    articles: Iterable[Article], stored: dict[RowKey, Stored], spec: RunSpec | None
) -> tuple[list[Article], list[Article]]:
    """(to process, unchanged). Unchanged articles get their stored language and status ok."""
    todo: list[Article] = []
    unchanged: list[Article] = []
    for article in articles:
        previous = stored.get((article.source_file, article.row, article.article_id))
        if (
            spec is None
            or article.status is not Status.PENDING
            or not is_current(article, previous, spec)
        ):
            todo.append(article)
            continue
        assert previous is not None
        article.lang, article.lang_confidence = previous.lang, previous.lang_confidence
        article.status = Status.OK
        unchanged.append(article)
    return todo, unchanged


def split_for_run(
    articles: list[Article], settings: Settings
) -> tuple[list[Article], list[Article]]:
    """split_unchanged against what OUTPUT holds for these articles, for a run of `settings`."""
    return split_unchanged(articles, load_stored(settings.output, articles), RunSpec.of(settings))
