"""Pipeline work outside the LLM, per article: ingest, language detection, checks, rows, Parquet.

Runs the same functions the flow runs, in this process, on a sample of the generated corpus. The
LLM answers are what the benchmark's fake server would send (its `default_content`), computed
before the clock starts, so only the pipeline's own work is timed. Figures are means over the
sample; each stage is timed once (these are seconds of CPU, not scheduler-noise-sized sub-ms).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from newsum import outputs
from newsum.checks import check_summary, check_translations
from newsum.config import DEFAULT_TARGETS, load_settings
from newsum.ingest import ingest
from newsum.language import detect_language
from newsum.llm import parse_answer
from newsum.pipeline import (
    ArticleResult,
    Context,
    article_row,
    detect,
    summary_options,
    summary_row,
    translation_rows,
)
from newsum.prompts import RenderedPrompt, as_data, load_prompt
from newsum.records import Article, Status
from newsum.rows import ArticleRow, SummaryRow
from newsum.summarize import (
    ArticleSummary,
    SummaryOptions,
    SummaryOutcome,
    render_summary_prompt,
    summary_schema,
)
from newsum.translate import TranslationOutcome, batch_model
from tests.support.fake_openai import default_content

T = TypeVar("T")


@dataclass
class _Answers:
    """What the fake endpoint would answer for one article."""

    outcome: SummaryOutcome
    translations: list[TranslationOutcome]


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    # CPU seconds of this process: the machine is shared, wall time would count the neighbours.
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


def _fake_answer(prompt: RenderedPrompt, schema: dict[str, Any]) -> str:
    request = {
        "messages": prompt.messages,
        "response_format": {"type": "json_schema", "json_schema": {"name": "a", "schema": schema}},
    }
    return default_content(request)


def _answers(article: Article, options: SummaryOptions, targets: list[str]) -> _Answers:
    prompt = render_summary_prompt(article, article.text, options)
    summary = parse_answer(
        _fake_answer(prompt, summary_schema(options.max_list_items)), ArticleSummary
    )
    outcome = SummaryOutcome(summary, prompt, 1, False)
    langs = [lang for lang in targets if lang != options.pipeline_lang]
    model = batch_model(langs)
    t_prompt = load_prompt("translate").render(
        source_language_name="English",
        languages=", ".join(langs),
        summary=as_data(summary.summary, "summary"),
    )
    values = json.loads(_fake_answer(t_prompt, model.model_json_schema()))
    return _Answers(outcome, [TranslationOutcome(lang, values[lang], t_prompt) for lang in langs])


def _checks(articles: list[Article], answers: list[_Answers], opts: SummaryOptions) -> None:
    for article, answer in zip(articles, answers, strict=True):
        text = answer.outcome.summary.summary
        check_summary(answer.outcome.summary, article.text, article.lang, opts.pipeline_lang)
        check_translations({t.lang: t.text or "" for t in answer.translations}, text, article.text)


def _check_detections(answers: list[_Answers]) -> None:
    """Only the language detections the checks make (on the summary and each translation)."""
    for answer in answers:
        detect_language(answer.outcome.summary.summary)
        for t in answer.translations:
            detect_language(t.text or "")


def _rows(
    articles: list[Article], answers: list[_Answers], ctx: Context
) -> tuple[list[ArticleRow], list[SummaryRow]]:
    article_rows: list[ArticleRow] = []
    summary_rows: list[SummaryRow] = []
    for article, answer in zip(articles, answers, strict=True):
        result = ArticleResult(article)
        result.summary_rows.append(summary_row(article, answer.outcome, ctx))
        text = answer.outcome.summary.summary
        result.summary_rows.extend(translation_rows(article, text, answer.translations, ctx))
        article.status = Status.OK
        article_rows.append(article_row(result, ctx))
        summary_rows.extend(result.summary_rows)
    return article_rows, summary_rows


def _write(root: Path, article_rows: list[ArticleRow], summary_rows: list[SummaryRow]) -> None:
    today = datetime.now(UTC).date()
    outputs.upsert(root, "summaries", summary_rows, today)
    outputs.upsert(root, "articles", article_rows, today)


def stage_costs(corpus: Path, targets: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of {"stage", "ms_per_article", "share"} for the non-LLM work on `corpus`."""
    settings = load_settings(targets=targets or list(DEFAULT_TARGETS), progress=False)
    options = summary_options(None, settings)  # a configured endpoint's defaults
    ctx = Context(settings, None, options, "batch", "bench-stages")
    detect_language("warm-up: load the language profiles once, outside any timing")

    articles, t_ingest = _timed(lambda: ingest(corpus))
    n = len(articles)
    articles, t_detect = _timed(lambda: [detect(a) for a in articles])
    answers = [_answers(a, options, settings.targets) for a in articles]  # the "LLM", untimed
    _, t_checks = _timed(lambda: _checks(articles, answers, options))
    _, t_check_detect = _timed(lambda: _check_detections(answers))
    (article_rows, summary_rows), t_rows = _timed(lambda: _rows(articles, answers, ctx))
    with tempfile.TemporaryDirectory(prefix="newsum-bench-") as tmp:
        _, t_write = _timed(lambda: _write(Path(tmp), article_rows, summary_rows))

    # summary_row/translation_rows run the checks again: rows alone are the difference.
    t_rows_only = max(0.0, t_rows - t_checks)
    total = t_ingest + t_detect + t_checks + t_rows_only + t_write
    stages = [
        ("ingest (read, clean, hash, dedupe)", t_ingest),
        ("language detection of the article", t_detect),
        ("checks on summary + translations", t_checks),
        ("  of which language detection in checks", t_check_detect),
        ("output rows (JSON columns, records)", t_rows_only),
        ("Parquet write (summaries + articles)", t_write),
        ("total outside the LLM", total),
        ("  of which language detection (all)", t_detect + t_check_detect),
    ]
    return [
        {
            "stage": name,
            "articles": n,
            "ms_per_article": round(seconds / n * 1000, 3),
            "share_of_total": round(seconds / total, 3),
        }
        for name, seconds in stages
    ]
