"""Language-ID benchmark for newsum.language: accuracy, und share, speed, prefix vs full text,
stock langdetect vs FastDetector, and the `expected=` shortcuts.

    python bench/langid.py        prints a table
    run_langid_bench()            the same figures as rows of {"metric", "value"}

Reads the evaluation data in ../shared/eval/ beside the repository (or $NEWSUM_EVAL_DIR) at run
time; its texts are third-party and never copied into the repository. Definitions match
tests/test_language.py: gold codes go through normalize_lang_code; "supported" means that code is
in SUPPORTED_LANGUAGES; "long" is the file's length_bucket "long" (more than 200 characters).
The langid texts are all shorter than the detection prefix, so prefix vs full text is measured on
the real news articles of news_xlsum_mlsum.jsonl (up to ~10,500 characters; "full text" means
langdetect's own cap of 10,000 characters).

Timings are CPU time of this process, best of REPEATS passes: the machine is shared, and wall time
would also measure the neighbours. Stock and fast are timed in the same run on the same texts.
An `expected=` shortcut "errs" when it answers a language that is not the gold one, or rules out
the gold language; it "disagrees" when the full detection (without expected) would have answered
`expected` and the shortcut does not, or the reverse.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
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
    language._detector()  # profile loading is a one-time cost, not part of any timing

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
    # The expected= rules also on the news articles: long texts, as the checked outputs are.
    news = _read_jsonl(NEWS_FILE) if NEWS_FILE.is_file() else []
    news_results = [detect_language(row["text"]) for row in news]
    return [
        *out,
        *_stock_vs_fast_rows([row["text"] for row in rows], "langid rows"),
        *_expected_rows(rows + news, results + news_results),
        *_prefix_rows(),
    ]


def _stock_vs_fast_rows(texts: list[str], what: str) -> list[dict[str, Any]]:
    """The same detections through stock langdetect and through FastDetector."""
    language._factory()  # the stock path's profiles, a one-time cost

    def stock(text: str) -> LanguageResult:
        return language._detect(text, 20, 0.80, language.PREFIX_CHARS, stock=True)

    stock_results, stock_s = _timed(stock, texts)
    fast_results, fast_s = _timed(detect_language, texts)
    pairs = list(zip(stock_results, fast_results, strict=True))
    same = sum(a.lang == b.lang and a.reason == b.reason for a, b in pairs)
    drift = max(abs(a.confidence - b.confidence) for a, b in pairs)
    n = f"{what}, n={len(texts)}"
    return [
        _row(f"ms/detection, stock langdetect ({n})", stock_s / len(texts) * 1000),
        _row(f"ms/detection, fast ({n})", fast_s / len(texts) * 1000),
        _row("speed-up, stock / fast", stock_s / fast_s),
        _row("same answer and reason, fast vs stock", f"{same}/{len(texts)}"),
        _row("max |confidence difference|, fast vs stock", f"{drift:.1e}"),
    ]


def _expected_rows(rows: list[dict[str, Any]], full: list[LanguageResult]) -> list[dict[str, Any]]:
    """Each `expected=` rule on every eval text with every supported language as expected."""
    golds = [normalize_lang_code(row["lang"]) for row in rows]
    fired: Counter[str] = Counter()
    errs: Counter[str] = Counter()
    disagrees: Counter[str] = Counter()
    settled_right: Counter[str] = Counter()  # expected == gold, settled without the model
    right_pairs = 0  # texts of a supported language that reach the model without expected
    for row, gold, result in zip(rows, golds, full, strict=True):
        analysed = language._analyse(row["text"], 20, 0.80, language.PREFIX_CHARS)
        if isinstance(analysed, LanguageResult):
            continue  # decided by the rules anyway, expected or not
        right_pairs += gold in SUPPORTED_LANGUAGES
        for expected in sorted(SUPPORTED_LANGUAGES):
            settled = language._settle_expected(expected, analysed, 0.80)
            if settled is None:
                continue
            rule, answer = settled
            fired[rule] += 1
            settled_right[rule] += expected == gold
            if answer.lang == UND:  # ruled out
                errs[rule] += gold == expected
                disagrees[rule] += result.lang == expected
            else:
                errs[rule] += answer.lang != gold
                disagrees[rule] += (answer.lang == expected) != (result.lang == expected)
    out = []
    pairs = f"{len(rows)} texts x {len(SUPPORTED_LANGUAGES)} expected languages"
    for rule in sorted(fired):
        out.append(
            _row(
                f"expected= rule '{rule}' ({pairs}): fired / errs / disagrees with full",
                f"{fired[rule]} / {errs[rule]} / {disagrees[rule]}",
            )
        )
        out.append(
            _row(
                f"expected= rule '{rule}': texts of the expected language settled without "
                f"the model (of {right_pairs} that need it)",
                settled_right[rule],
            )
        )
    return out + _expected_timing_rows(rows, golds)


def _expected_timing_rows(
    rows: list[dict[str, Any]], golds: list[str | None]
) -> list[dict[str, Any]]:
    """detect_language with and without expected=gold, on the texts of a supported language."""
    cases = [
        (row["text"], gold)
        for row, gold in zip(rows, golds, strict=True)
        if gold in SUPPORTED_LANGUAGES
    ]
    texts = [text for text, _ in cases]
    plain, plain_s = _timed(detect_language, texts)
    with_expected: list[LanguageResult] = []
    expected_s = float("inf")
    for _ in range(REPEATS):
        started = time.process_time()
        with_expected = [detect_language(text, expected=gold) for text, gold in cases]
        expected_s = min(expected_s, time.process_time() - started)
    agree = sum(
        (a.lang == gold) == (b.lang == gold)
        for a, b, (_, gold) in zip(plain, with_expected, cases, strict=True)
    )
    n = f"eval texts of a supported language, n={len(texts)}"
    return [
        _row(f"ms/detection, fast, expected=None ({n})", plain_s / len(texts) * 1000),
        _row(f"ms/detection, fast, expected=gold ({n})", expected_s / len(texts) * 1000),
        _row("same verdict 'is it the expected language?' with and without expected", agree),
    ]


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
        *_prefix_agreement_rows(texts),
        _row(f"mean µs/text, full text ({news_n})", round(full_s / len(news) * 1e6)),
        _row(f"mean µs/text, {prefix} ({news_n})", round(prefix_s / len(news) * 1e6)),
        _row("accuracy, full text (news)", full_acc),
        _row(f"accuracy, {prefix} (news)", prefix_acc),
        _row("same answer with prefix as with full text", f"{same}/{len(news)}"),
        _row("prefix detection keeps accuracy", "yes" if prefix_acc >= full_acc else "NO"),
    ]


def _prefix_agreement_rows(news_texts: list[str]) -> list[dict[str, Any]]:
    """Answers with other prefixes against the previous 2,000 characters, and their cost."""
    texts = news_texts + [row["text"] for row in _read_jsonl(LANGID_FILE)]
    out = []
    reference: list[LanguageResult] = []
    for prefix in (2000, 1000, 500):

        def detect(text: str, prefix: int = prefix) -> LanguageResult:
            return language._detect(text, 20, 0.80, prefix)

        results, seconds = _timed(detect, texts)
        reference = reference or results
        same = sum(a.lang == b.lang for a, b in zip(reference, results, strict=True))
        n = f"news + langid, n={len(texts)}"
        out.append(_row(f"ms/detection, first {prefix} chars ({n})", seconds / len(texts) * 1e3))
        out.append(_row(f"same answer as with 2000 chars, first {prefix} chars", same))
    return out


def _timed(
    detect: Callable[[str], LanguageResult], texts: Sequence[str]
) -> tuple[list[LanguageResult], float]:
    best = float("inf")
    results: list[LanguageResult] = []
    for _ in range(REPEATS):
        start = time.process_time()
        results = [detect(text) for text in texts]
        best = min(best, time.process_time() - start)
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
