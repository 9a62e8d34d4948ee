"""Detection paths, their cost against the accuracy they must keep.

    python -m bench.detector      prints a table (300 generated articles)
    detector_variants(corpus)     rows of {variant, ms_per_article, same_as_current,
                                  langid_supported_long, langid_unsupported_und, news}

Variants of the article-level detection, each timed on the generated corpus and scored on
../shared/eval/langid.jsonl (supported long texts; unsupported languages answered "und") and on
the real news articles of news_xlsum_mlsum.jsonl (longer than any prefix tried here):
- stock langdetect (what FastDetector replaces) on the previous 2,000-character prefix and on the
  current one;
- FastDetector, langdetect's algorithm without its Python loops, on several prefixes;
- with `expected`, as the output checks ask "is this in <lang>?": timed with each corpus text's
  own detected language as expected (an output in the right language, the common case) and
  scored with the gold language as expected;
- trusting a valid, supported `lang` hint and skipping detection for those rows (accuracy then
  depends on the feed's hints being right, which the eval data cannot tell; shown for speed).
"same_as_current" is the share of corpus articles answered as the current path answers them.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus
from bench.langid import LANGID_FILE, NEWS_FILE, _read_jsonl
from newsum import language
from newsum.language import UND
from newsum.language_codes import SUPPORTED_LANGUAGES, normalize_lang_code

PREFIXES = tuple(dict.fromkeys((language.PREFIX_CHARS, 2000, 1000, 500, 300)))
STOCK_PREFIXES = tuple(dict.fromkeys((2000, language.PREFIX_CHARS)))

# (text, expected language or None) -> detected language
Detect = Callable[[str, str | None], str]


def _detector(prefix: int, *, stock: bool = False, with_expected: bool = False) -> Detect:
    def detect(text: str, expected: str | None) -> str:
        wanted = expected if with_expected else None
        return language._detect(text, 20, 0.80, prefix, wanted, stock=stock).lang

    return detect


def _ms_per_text(
    detect: Detect, texts: Sequence[str], expected: Sequence[str | None] | None = None
) -> float:
    # CPU time, best of two passes: the machine is shared, wall time would measure neighbours.
    wanted = expected if expected is not None else [None] * len(texts)
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for text, lang in zip(texts, wanted, strict=True):
            detect(text, lang)
        best = min(best, time.process_time() - started)
    return best / len(texts) * 1000


def _scores(detect: Detect) -> dict[str, float | None]:
    if not LANGID_FILE.is_file():
        return {"langid_supported_long": None, "langid_unsupported_und": None, "news": None}
    rows = _read_jsonl(LANGID_FILE)
    golds = [normalize_lang_code(row["lang"]) for row in rows]
    answers = [detect(row["text"], gold) for row, gold in zip(rows, golds, strict=True)]
    long = [
        i
        for i, gold in enumerate(golds)
        if gold in SUPPORTED_LANGUAGES and rows[i]["length_bucket"] == "long"
    ]
    unsupported = [i for i, gold in enumerate(golds) if gold not in SUPPORTED_LANGUAGES]
    news_acc: float | None = None
    if NEWS_FILE.is_file():
        news = _read_jsonl(NEWS_FILE)
        golds_news = [normalize_lang_code(r["lang"]) for r in news]
        hits = sum(detect(r["text"], g) == g for r, g in zip(news, golds_news, strict=True))
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
    # One-time costs (profiles, matrix), not part of any timing.
    language._factory()
    language._detector()
    current = language.PREFIX_CHARS
    out: list[dict[str, Any]] = []

    reference = [language._detect(text, 20, 0.80, current).lang for text in texts]

    def add(name: str, detect: Detect, expected: Sequence[str | None] | None = None) -> None:
        ms = _ms_per_text(detect, texts, expected)
        wanted = expected if expected is not None else [None] * len(texts)
        answers = [detect(text, lang) for text, lang in zip(texts, wanted, strict=True)]
        # For expected=, only the verdict "is it the expected language?" has to be the same.
        same = sum(
            a == b or (lang is not None and (a == lang) == (b == lang))
            for a, b, lang in zip(answers, reference, wanted, strict=True)
        )
        out.append(
            {
                "variant": name,
                "ms_per_article": ms,
                "same_as_current": same / len(texts),
                **_scores(detect),
            }
        )

    for prefix in STOCK_PREFIXES:
        mark = " (before)" if prefix == 2000 else ""
        add(f"stock langdetect, prefix {prefix} chars{mark}", _detector(prefix, stock=True))
    for prefix in PREFIXES:
        mark = " (current)" if prefix == current else ""
        add(f"fast, prefix {prefix} chars{mark}", _detector(prefix))
    add(
        f"fast, prefix {current} chars, expected= the text's language (output checks)",
        _detector(current, with_expected=True),
        [None if lang == UND else lang for lang in reference],
    )

    hinted = {
        i
        for i, row in enumerate(rows)
        if normalize_lang_code(row.get("lang")) in SUPPORTED_LANGUAGES
    }
    detect = _detector(current)
    unhinted = [text for i, text in enumerate(texts) if i not in hinted]
    # Skipping costs nothing for hinted rows; the others pay the current path.
    ms = _ms_per_text(detect, unhinted) * len(unhinted) / len(texts) if unhinted else 0.0
    out.append(
        {
            "variant": f"trust a supported lang hint ({len(hinted) / len(texts):.0%} of rows)",
            "ms_per_article": ms,
            **_scores(detect),  # unhinted eval rows: what the detector answers anyway
        }
    )
    return [{k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()} for row in out]


def main() -> int:
    """`python -m bench.detector`: the variants on 300 generated articles, as a table."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", 300)
        rows = detector_variants(corpus)
    width = max(len(row["variant"]) for row in rows)
    keys = ("same_as_current", "langid_supported_long", "langid_unsupported_und", "news")
    print(f"{'variant':<{width}}  ms/article  same  langid long  unsupported und  news")
    for row in rows:
        shown = "  ".join("   -  " if row.get(k) is None else f"{row[k]:6.1%}" for k in keys)
        print(f"{row['variant']:<{width}}  {row['ms_per_article']:10.3f}  {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
