"""What the prompts cost beyond the article itself, counted the way the fake endpoint counts.

The fake reports usage as ceil(characters / 4) over the messages' contents (the response schema
travels in response_format and is not counted, as with most servers' prompt_tokens). The fixed
template overhead of a call is what it costs with an empty article or summary.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsum.config import DEFAULT_TARGETS, load_settings
from newsum.lexicon import language_name
from newsum.pipeline import summary_options
from newsum.prompts import RenderedPrompt, load_prompt
from newsum.records import Article
from newsum.summarize import render_summary_prompt


def fake_tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


def prompt_tokens(prompt: RenderedPrompt) -> int:
    return fake_tokens("".join(message["content"] for message in prompt.messages))


@dataclass(frozen=True)
class TokenBaseline:
    articles: int
    article_tokens: float  # mean, fake estimator
    summary_template: int  # the summary call without its article
    translate_template: int  # the batched translation call without its summary

    @property
    def fixed_overhead(self) -> int:
        return self.summary_template + self.translate_template


def token_baseline(corpus: Path, limit: int = 2_000, pipeline_lang: str = "en") -> TokenBaseline:
    with corpus.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(limit), lines, strict=False)]
    total = sum(fake_tokens(row["text"]) for row in rows)
    options = summary_options(None, load_settings(pipeline_lang=pipeline_lang))
    first = rows[0]
    empty = Article(
        article_id="x",
        source_file="x",
        row=1,
        source=first.get("source"),
        published_at=datetime.fromisoformat(first["published_at"]),
        lang=first.get("lang") or "en",
    )
    summary_template = prompt_tokens(render_summary_prompt(empty, "", options))
    langs = [lang for lang in DEFAULT_TARGETS if lang != pipeline_lang]
    translate = load_prompt("translate").render(
        source_language_name=language_name(pipeline_lang),
        languages=", ".join(f"{lang} ({language_name(lang)})" for lang in langs),
        summary="",
    )
    return TokenBaseline(len(rows), total / len(rows), summary_template, prompt_tokens(translate))
