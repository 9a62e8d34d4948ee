"""Language-ID benchmark for newsum.language: accuracy, und share, speed, prefix vs full text.

    python bench/langid.py        prints a table
    run_langid_bench()            the same figures as rows of {"metric", "value"}

Reads the evaluation data in ../shared/eval/ beside the repository (or $NEWSUM_EVAL_DIR) at run
time; its texts are third-party and never copied into the repository. Definitions match
tests/test_language.py: gold codes go through normalize_lang_code; "supported" means that code is
in SUPPORTED_LANGUAGES; "long" is the file's length_bucket "long" (more than 200 characters).
The langid texts are all shorter than the detection prefix, so prefix vs full text is measured on
the real news articles of news_xlsum_mlsum.jsonl (up to ~10,500 characters; "full text" means
langdetect's own cap of 10,000 characters).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/langid.py` from a clone without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from newsum import language  # noqa: E402
from newsum.language import (  # noqa: E402
    SUPPORTED_LANGUAGES,
    UND,
    LanguageResult,
    detect_language,
    normalize_lang_code,
)

EVAL_DIR = Path(os.environ.get("NEWSUM_EVAL_DIR", ROOT.parent / "shared" / "eval"))
LANGID_FILE = EVAL_DIR / "langid.jsonl"
NEWS_FILE = EVAL_DIR / "news_xlsum_mlsum.jsonl"
REPEATS = 3  # timings are the best of this many passes, to shed scheduler noise


def run_langid_bench() -> list[dict[str, Any]]:
    """All figures as rows of {"metric": str, "value": ...}; one "skipped" row without the data."""
    if not LANGID_FILE.is_file():
        return [{"metric": "langid skipped", "value": f"eval file not found: {LANGID_FILE}"}]
    rows = _read_jsonl(LANGID_FILE)
    language._factory()  # profile loading is a one-time cost, not part of any timing

    results, seconds = _timed(detect_language, [row["text"] for row in rows])
    golds = [normalize_lang_code(row["lang"]) for row in rows]
    supported = [i for i, gold in enumerate(golds) if gold in SUPPORTED_LANGUAGES]
    unsupported = [i for i, gold in enumerate(golds) if gold not in SUPPORTED_LANGUAGES]

    def accuracy(indices: list[int]) -> float:
        return sum(results[i].lang == golds[i] for i in indices) / max(len(indices), 1)

    def subset(bucket: str) -> list[int]:
        return [i for i in supported if rows[i]["length_bucket"] == bucket]

    wrong = [i for i in supported if results[i].lang not in (golds[i], UND)]
    und_share = sum(results[i].lang == UND for i in unsupported) / max(len(unsupported), 1)
    out: list[dict[str, Any]] = [
        _row(f"accuracy, supported, all (n={len(supported)})", accuracy(supported)),
        _row(f"accuracy, supported, long (n={len(subset('long'))})", accuracy(subset("long"))),
        _row(f"accuracy, supported, short (n={len(subset('short'))})", accuracy(subset("short"))),
        _row(f"wrong code (not und), supported (n={len(supported)})", len(wrong) / len(supported)),
        _row(f"unsupported answered und (n={len(unsupported)})", und_share),
        _row(f"texts/s, langid rows (n={len(rows)})", len(rows) / seconds),
    ]
    return out + _prefix_rows()


def _prefix_rows() -> list[dict[str, Any]]:
    if not NEWS_FILE.is_file():
        return [{"metric": "prefix vs full skipped", "value": f"not found: {NEWS_FILE}"}]
    news = _read_jsonl(NEWS_FILE)
    texts = [row["text"] for row in news]
    golds = [normalize_lang_code(row["lang"]) for row in news]
    n_long = sum(len(text) > language.PREFIX_CHARS for text in texts)

    def full(text: str) -> LanguageResult:
        return language._detect(text, 20, 0.80, None)

    full_results, full_s = _timed(full, texts)
    prefix_results, prefix_s = _timed(detect_language, texts)
    full_acc = sum(r.lang == g for r, g in zip(full_results, golds, strict=True)) / len(news)
    prefix_acc = sum(r.lang == g for r, g in zip(prefix_results, golds, strict=True)) / len(news)
    same = sum(a.lang == b.lang for a, b in zip(full_results, prefix_results, strict=True))
    prefix = f"first {language.PREFIX_CHARS} chars"
    news_n = f"news, n={len(news)}, {n_long} longer than the prefix"
    return [
        _row(f"mean µs/text, full text ({news_n})", round(full_s / len(news) * 1e6)),
        _row(f"mean µs/text, {prefix} ({news_n})", round(prefix_s / len(news) * 1e6)),
        _row("accuracy, full text (news)", full_acc),
        _row(f"accuracy, {prefix} (news)", prefix_acc),
        _row("same answer with prefix as with full text", f"{same}/{len(news)}"),
        _row("prefix detection keeps accuracy", "yes" if prefix_acc >= full_acc else "NO"),
    ]


def _timed(
    detect: Callable[[str], LanguageResult], texts: Sequence[str]
) -> tuple[list[LanguageResult], float]:
    best = float("inf")
    results: list[LanguageResult] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        results = [detect(text) for text in texts]
        best = min(best, time.perf_counter() - start)
    return results, best


def _row(metric: str, value: float | str) -> dict[str, Any]:
    return {"metric": metric, "value": round(value, 3) if isinstance(value, float) else value}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main() -> int:
    rows = run_langid_bench()
    if rows and rows[0]["metric"] == "langid skipped":
        print(f"langid benchmark skipped: {rows[0]['value']}")
        return 0
    width = max(len(row["metric"]) for row in rows)
    print(f"{'metric':<{width}}  value")
    print(f"{'-' * width}  -----")
    for row in rows:
        print(f"{row['metric']:<{width}}  {row['value']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
