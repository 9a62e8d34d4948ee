"""Which input articles already have current results in OUTPUT, so a rerun can leave them be.

A rerun of an unchanged corpus must cost nothing: no LLM call (the answer cache already ensures
that) and no pipeline work either (detection, checks, rewriting rows), which at 10,000 articles
took minutes. An article is *unchanged* when OUTPUT holds, under the same row key, a row with
status ok for the same text, and its summary rows are what this run would write: the same model,
the same target languages, every row made with the newest version of its prompt. Anything else
(failed earlier, new text, other targets, another model, a new prompt version) is processed again.
Only a few columns are read, so the look-up stays well under a second at 10,000 articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq

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


def load_stored(root: Path) -> dict[RowKey, Stored]:
    """The ok articles in OUTPUT with their summary rows' model, languages and prompt versions."""
    stored: dict[RowKey, Stored] = {}
    by_id: dict[str, list[Stored]] = {}
    columns = ["article_id", "source_file", "source_row", "status", "content_hash", "lang"]
    for path in outputs.partition_files(root, "articles"):
        table = pq.read_table(path, columns=[*columns, "lang_confidence"]).to_pydict()
        for i, status in enumerate(table["status"]):
            if status != Status.OK.value:
                continue
            item = Stored(table["content_hash"][i], table["lang"][i], table["lang_confidence"][i])
            key = (table["source_file"][i], table["source_row"][i], table["article_id"][i])
            stored[key] = item
            by_id.setdefault(key[2], []).append(item)
    if not stored:
        return stored
    summary_columns = ["article_id", "lang", "kind", "model", "prompt_name", "prompt_version"]
    for path in outputs.partition_files(root, "summaries"):
        table = pq.read_table(path, columns=summary_columns).to_pydict()
        for i, article_id in enumerate(table["article_id"]):
            for item in by_id.get(article_id, ()):
                _add_summary_row(item, table, i)
    return stored


def _add_summary_row(item: Stored, table: dict[str, list[object]], i: int) -> None:
    item.model.add(table["model"][i])  # type: ignore[arg-type]
    if table["kind"][i] == "summary":
        item.has_summary = True
    else:
        item.translations.add(str(table["lang"][i]))
    name, version = table["prompt_name"][i], table["prompt_version"][i]
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
