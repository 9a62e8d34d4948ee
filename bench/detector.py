"""Faster language-detection paths, against the accuracy they must keep.

Variants of the article-level detection, each timed on the generated corpus and scored on
../shared/eval/langid.jsonl (supported long texts; unsupported languages answered "und") and on
the real news articles of news_xlsum_mlsum.jsonl (longer than any prefix tried here):
- the current path: the first PREFIX_CHARS characters;
- shorter prefixes;
- trusting a valid, supported `lang` hint and skipping detection for those rows (accuracy then
  depends on the feed's hints being right, which the eval data cannot tell; shown for speed).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.langid import LANGID_FILE, NEWS_FILE, _read_jsonl
from newsum import language
from newsum.language import SUPPORTED_LANGUAGES, UND, normalize_lang_code

PREFIXES = (language.PREFIX_CHARS, 1000, 500, 300)


def _detector(prefix: int) -> Callable[[str], str]:
    def detect(text: str) -> str:
        return language._detect(text, 20, 0.80, prefix).lang

    return detect


def _ms_per_text(detect: Callable[[str], str], texts: Sequence[str]) -> float:
    # CPU time, best of two passes: the machine is shared, wall time would measure neighbours.
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for text in texts:
            detect(text)
        best = min(best, time.process_time() - started)
    return best / len(texts) * 1000


def _scores(detect: Callable[[str], str]) -> dict[str, float | None]:
    if not LANGID_FILE.is_file():
        return {"langid_supported_long": None, "langid_unsupported_und": None, "news": None}
    rows = _read_jsonl(LANGID_FILE)
    golds = [normalize_lang_code(row["lang"]) for row in rows]
    answers = [detect(row["text"]) for row in rows]
    long = [
        i
        for i, gold in enumerate(golds)
        if gold in SUPPORTED_LANGUAGES and rows[i]["length_bucket"] == "long"
    ]
    unsupported = [i for i, gold in enumerate(golds) if gold not in SUPPORTED_LANGUAGES]
    news_acc: float | None = None
    if NEWS_FILE.is_file():
        news = _read_jsonl(NEWS_FILE)
        hits = sum(detect(r["text"]) == normalize_lang_code(r["lang"]) for r in news)
        news_acc = hits / len(news)
    return {
        "langid_supported_long": sum(answers[i] == golds[i] for i in long) / len(long),
        "langid_unsupported_und": sum(answers[i] == UND for i in unsupported) / len(unsupported),
        "news": news_acc,
    }


def detector_variants(corpus: Path, limit: int = 500) -> list[dict[str, Any]]:
    """One row per variant: ms per article on the corpus, and the accuracy figures."""
    with corpus.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(limit), lines, strict=False)]
    texts = [row["text"] for row in rows]
    language._factory()
    out: list[dict[str, Any]] = []
    for prefix in PREFIXES:
        detect = _detector(prefix)
        name = f"prefix {prefix} chars" + (" (current)" if prefix == language.PREFIX_CHARS else "")
        out.append(
            {"variant": name, "ms_per_article": _ms_per_text(detect, texts), **_scores(detect)}
        )

    hinted = {
        i
        for i, row in enumerate(rows)
        if normalize_lang_code(row.get("lang")) in SUPPORTED_LANGUAGES
    }
    current = _detector(language.PREFIX_CHARS)
    unhinted = [text for i, text in enumerate(texts) if i not in hinted]
    # Skipping costs nothing for hinted rows; the others pay the current path.
    ms = _ms_per_text(current, unhinted) * len(unhinted) / len(texts) if unhinted else 0.0
    out.append(
        {
            "variant": f"trust a supported lang hint ({len(hinted) / len(texts):.0%} of rows)",
            "ms_per_article": ms,
            **_scores(current),  # unhinted eval rows: what the detector answers anyway
        }
    )
    return [{k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()} for row in out]
