"""The naive baseline: a plain sequential loop with the openai client.

    python -m bench.naive REPORT.json --base-url URL --input CORPUS.jsonl --limit N

One call for the summary, then one call per target language other than the summary's own
(English needs no translation of an English summary), one article after the other. It uses the
pipeline's own prompts and response schemas so that the fake server answers alike and the token
counts compare; it has none of the pipeline's stages (no detection, checks, cache or Parquet).
Run as its own process, like the pipeline, so that its RSS and CPU are its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from openai import OpenAI
from openai.types.chat import ChatCompletion

from newsum.config import DEFAULT_TARGETS
from newsum.lexicon import language_name
from newsum.prompts import RenderedPrompt, load_prompt
from newsum.summarize import summary_schema
from newsum.translate import OneTranslation

PIPELINE_LANG = "en"
SUMMARY_MAX_TOKENS = 1500


def _json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}


def _call(
    client: OpenAI, model: str, prompt: RenderedPrompt, response_format: dict[str, Any]
) -> ChatCompletion:
    return client.chat.completions.create(  # type: ignore[call-overload]
        model=model,
        messages=prompt.messages,
        response_format=response_format,
        max_tokens=SUMMARY_MAX_TOKENS,
        temperature=0,
    )


def run_naive(
    base_url: str, rows: list[dict[str, Any]], targets: list[str], model: str = "fake-model"
) -> dict[str, Any]:
    client = OpenAI(base_url=base_url, api_key="sk-bench-naive", max_retries=0)
    summary_format = _json_schema(summary_schema(8))
    translation_format = _json_schema(OneTranslation.model_json_schema())
    summary_prompt, translate_prompt = load_prompt("summary"), load_prompt("translate_one")
    langs = [lang for lang in targets if lang != PIPELINE_LANG]
    calls = prompt_tokens = completion_tokens = 0
    started = time.perf_counter()
    for row in rows:
        prompt = summary_prompt.render(
            language_name=language_name(PIPELINE_LANG),
            outlet=row.get("source") or "unknown",
            published=str(row.get("published_at") or "unknown")[:10],
            article_lang=language_name(row.get("lang") or "und"),
            article=row["text"],
        )
        answer = _call(client, model, prompt, summary_format)
        answers = [answer]
        summary = json.loads(answer.choices[0].message.content or "{}")["summary"]
        for lang in langs:
            prompt = translate_prompt.render(language_name=language_name(lang), summary=summary)
            answers.append(_call(client, model, prompt, translation_format))
        for one in answers:
            calls += 1
            if one.usage is not None:
                prompt_tokens += one.usage.prompt_tokens
                completion_tokens += one.usage.completion_tokens
    elapsed = time.perf_counter() - started
    client.close()
    return {
        "articles": len(rows),
        "seconds": elapsed,
        "calls": calls,
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.naive")
    parser.add_argument("report", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--targets", default=",".join(DEFAULT_TARGETS))
    args = parser.parse_args(argv)
    with args.input.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(args.limit), lines, strict=False)]
    report = run_naive(args.base_url, rows, args.targets.split(","))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report["peak_rss_mb"] = usage.ru_maxrss / 1024
    report["cpu_s"] = usage.ru_utime + usage.ru_stime
    args.report.write_text(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
