"""`make eval`: the pipeline on real articles with reference summaries, and quality figures.

    python -m bench.eval [--limit N] [--output DIR] [--json PATH]     (EVAL_LIMIT=12 make eval)

Reads ../shared/eval/news_xlsum_mlsum.jsonl (or $NEWSUM_EVAL_DIR): real articles in 12 languages,
each with a one-sentence professional summary. The texts are third-party and licensed for research
only: they are converted to the JSONL the pipeline ingests in a temporary folder (or --output),
never inside the repository. The run uses the configured endpoint, the embedded model when none
is configured; on CI it refuses any endpoint that is not on loopback, so it can never spend money
there.

The articles are run one language at a time with that language as the only target, so each gets
its summary in the pipeline language plus one translation into its own language, which is what
ROUGE compares with the reference. Figures printed, per language and overall:
- ROUGE-1 and ROUGE-L F1 against the reference, on Unicode word tokens (case-folded; Chinese,
  Japanese and Thai per character), with no stemming, so every language is scored alike;
- numbers grounded: the share of figures in the pipeline-language summaries (text and figures
  list) that occur in the article, and the share of summaries whose check passed;
- claims attributed: the share of claims whose source is a named one;
- loaded terms: summaries and translations with a side's loaded term outside any attribution;
- translations in the right language: the share the language detector confirms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/eval.py` from a clone without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from newsum import outputs  # noqa: E402
from newsum.checks import GENERIC_SOURCES as GENERIC_SOURCES  # noqa: E402  (one definition)
from newsum.checks import numbers_in, unattributed_loaded_terms  # noqa: E402
from newsum.config import Settings, load_settings  # noqa: E402
from newsum.language import detect_language, normalize_lang_code  # noqa: E402
from newsum.tokens import split_words  # noqa: E402

EVAL_DIR = Path(os.environ.get("NEWSUM_EVAL_DIR", ROOT.parent / "shared" / "eval"))
EVAL_FILE = EVAL_DIR / "news_xlsum_mlsum.jsonl"
Row = dict[str, Any]


# --------------------------------------------------------------------------------------------
# ROUGE with a multilingual tokenisation (pure functions)


def rouge_tokens(text: str) -> list[str]:
    """Case-folded Unicode words; one token per character in scripts without spaces."""
    return split_words(text)


def _f1(overlap: int, candidate: int, reference: int) -> float:
    if overlap == 0 or candidate == 0 or reference == 0:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def rouge_1(candidate: str, reference: str) -> float:
    """ROUGE-1 F1: clipped unigram overlap."""
    cand, ref = rouge_tokens(candidate), rouge_tokens(reference)
    counts: dict[str, int] = defaultdict(int)
    for token in ref:
        counts[token] += 1
    overlap = 0
    for token in cand:
        if counts[token] > 0:
            counts[token] -= 1
            overlap += 1
    return _f1(overlap, len(cand), len(ref))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Longest common subsequence, in O(len(a) * len(b)) time and O(len(b)) memory."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 (summary-level LCS over the whole texts, as for one-sentence references)."""
    cand, ref = rouge_tokens(candidate), rouge_tokens(reference)
    return _f1(lcs_length(cand, ref), len(cand), len(ref))


# --------------------------------------------------------------------------------------------
# Input


def read_eval(path: Path, limit: int | None = None) -> list[Row]:
    """The eval rows; with a limit, taken round-robin across languages so each one appears."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if limit is None or limit >= len(rows):
        return rows
    by_lang: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row)
    chosen: list[Row] = []
    queues = [list(group) for _, group in sorted(by_lang.items())]
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


def lang_of(row: Row) -> str:
    return normalize_lang_code(str(row["lang"])) or str(row["lang"])


def write_inputs(rows: Iterable[Row], folder: Path) -> dict[str, Path]:
    """One JSONL file per language with the fields the pipeline ingests; lang -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[lang_of(row)].append(row)
    paths = {}
    for lang, group in sorted(grouped.items()):
        path = folder / f"eval-{lang}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in group:
                fields = {
                    "id": row["id"],
                    "title": row.get("title"),
                    "text": row["text"],
                    "source": row.get("source"),
                    "url": row.get("url"),
                    "lang": lang,
                }
                handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
        paths[lang] = path
    return paths


# --------------------------------------------------------------------------------------------
# Running the pipeline


def refuse_paid_endpoint_on_ci(settings: Settings) -> None:
    """On CI, only the embedded model or a loopback server: never a paid endpoint."""
    if not os.environ.get("CI") or settings.uses_embedded:
        return
    host = urlsplit(settings.base_url or "https://api.openai.com").hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"newsum eval: refusing to call {host} on CI (CI is set)")


async def run_pipeline(inputs: dict[str, Path], output: Path) -> list[Row]:
    """One flow run per language, that language the only target; returns the runs rows."""
    from prefect import flow

    from flows.articles import ingest_step, run_articles
    from newsum.run_control import RunFailed, RunStopped

    @flow(name="newsum-eval")
    async def eval_flow() -> list[Row]:
        runs = []
        for lang, path in inputs.items():
            settings = load_settings(input=str(path), output=str(output), targets=lang)
            refuse_paid_endpoint_on_ci(settings)
            articles = ingest_step(settings.input, settings.max_text_chars)
            try:
                runs.append(await run_articles(articles, settings, f"eval {lang}"))
            except RunStopped as exc:  # quota or credentials: later languages would fail too
                print(f"newsum eval: {exc}", file=sys.stderr)
                break
            except RunFailed as exc:  # no article of this language summarised: a row of zeros
                print(f"newsum eval: {lang}: {exc}", file=sys.stderr)
                runs.append(exc.run)
        return runs

    return await eval_flow()


# --------------------------------------------------------------------------------------------
# Figures


@dataclass
class Tally:
    articles: int = 0
    ok: int = 0
    rouge1: list[float] = field(default_factory=list)
    rougel: list[float] = field(default_factory=list)
    numbers: int = 0
    numbers_grounded: int = 0
    summaries: int = 0
    summaries_grounded: int = 0
    claims: int = 0
    claims_attributed: int = 0
    texts: int = 0
    texts_loaded: int = 0
    translations: int = 0
    translations_right_lang: int = 0

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            setattr(self, name, mine + value)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def score(rows: Sequence[Row], root: Path, pipeline_lang: str = "en") -> dict[str, Tally]:
    """Per-language tallies (and "all") from the eval rows and the pipeline's datasets."""
    articles = {r["article_id"]: r for r in outputs.read_dataset(root, "articles").to_pylist()}
    outputs_by: dict[tuple[str, str, str], Row] = {
        (r["article_id"], r["lang"], r["kind"]): r
        for r in outputs.read_dataset(root, "summaries").to_pylist()
    }
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        lang, article_id = lang_of(row), row["id"]
        t = tallies[lang]
        t.articles += 1
        if articles.get(article_id, {}).get("status") != "ok":
            continue
        t.ok += 1
        summary = outputs_by.get((article_id, pipeline_lang, "summary"))
        target = (
            summary if lang == pipeline_lang else outputs_by.get((article_id, lang, "translation"))
        )
        if target and target.get("text"):
            t.rouge1.append(rouge_1(target["text"], row["reference_summary"]))
            t.rougel.append(rouge_l(target["text"], row["reference_summary"]))
        if summary and summary.get("text"):
            source_numbers = numbers_in(f"{row['text']}\n{row.get('source') or ''}")
            figures = json.loads(summary.get("figures_json") or "[]")
            found = numbers_in(summary["text"]).union(
                *(numbers_in(str(f.get("value", ""))) for f in figures)
            )
            t.numbers += len(found)
            t.numbers_grounded += len(found & source_numbers)
            t.summaries += 1
            t.summaries_grounded += bool(summary.get("numbers_grounded"))
            for claim in json.loads(summary.get("claims_json") or "[]"):
                t.claims += 1
                named = str(claim.get("source") or "").strip().lower()
                t.claims_attributed += named not in GENERIC_SOURCES
        for kind_row in (summary, outputs_by.get((article_id, lang, "translation"))):
            if kind_row and kind_row.get("text"):
                t.texts += 1
                t.texts_loaded += bool(
                    unattributed_loaded_terms(kind_row["text"], kind_row["lang"])
                )
        translation = outputs_by.get((article_id, lang, "translation"))
        if translation and translation.get("text"):
            t.translations += 1
            t.translations_right_lang += detect_language(translation["text"]).lang == lang
    total = Tally()
    for t in tallies.values():
        total.add(t)
    return {**dict(sorted(tallies.items())), "all": total}


COLUMNS = (
    "lang",
    "articles",
    "ok",
    "ROUGE-1",
    "ROUGE-L",
    "numbers grounded",
    "summaries grounded",
    "claims attributed",
    "loaded terms (texts)",
    "translation lang ok",
)


def table_rows(tallies: dict[str, Tally]) -> list[dict[str, Any]]:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{100 * value:.1f}%"

    def num(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    out = []
    for lang, t in tallies.items():
        out.append(
            {
                "lang": lang,
                "articles": str(t.articles),
                "ok": str(t.ok),
                "ROUGE-1": num(_mean(t.rouge1)),
                "ROUGE-L": num(_mean(t.rougel)),
                "numbers grounded": f"{pct(_share(t.numbers_grounded, t.numbers))} of {t.numbers}",
                "summaries grounded": pct(_share(t.summaries_grounded, t.summaries)),
                "claims attributed": f"{pct(_share(t.claims_attributed, t.claims))} of {t.claims}",
                "loaded terms (texts)": f"{t.texts_loaded} of {t.texts}",
                "translation lang ok": pct(_share(t.translations_right_lang, t.translations)),
            }
        )
    return out


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Entry point


def run_eval(rows: list[Row], workdir: Path) -> tuple[dict[str, Tally], list[Row], float]:
    """Convert, run, score; returns (tallies, runs rows, seconds)."""
    inputs = write_inputs(rows, workdir / "input")
    output = workdir / "output"
    started = time.monotonic()
    runs = asyncio.run(run_pipeline(inputs, output))
    elapsed = time.monotonic() - started
    return score(rows, output), runs, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--limit", type=int, default=int(os.environ.get("EVAL_LIMIT") or 0) or None)
    parser.add_argument("--output", help="keep the inputs and outputs here (default: a temp dir)")
    parser.add_argument("--json", help="also write the table as JSON to this file")
    args = parser.parse_args(argv)
    if not EVAL_FILE.is_file():
        print(f"newsum eval: skipped, eval file not found: {EVAL_FILE}")
        return 0
    rows = read_eval(EVAL_FILE, args.limit)
    settings = load_settings()
    refuse_paid_endpoint_on_ci(settings)
    workdir = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="newsum-eval-"))
    if args.output and str(workdir.resolve()).startswith(str(ROOT.resolve())):
        print(
            "newsum eval: --output must be outside the repository (licensed texts)", file=sys.stderr
        )
        return 2
    try:
        tallies, runs, elapsed = run_eval(rows, workdir)
        table = table_rows(tallies)
        calls = sum(int(r.get("llm_calls") or 0) for r in runs)
        model = next((r.get("model") for r in runs if r.get("model")), settings.model)
        print(
            f"\nnewsum eval: {len(rows)} articles, {len(runs)} runs, model {model}, "
            f"{calls} LLM calls, {elapsed:.0f}s\n"
        )
        print(markdown(table))
        links = outputs.read_dataset(workdir / "output", "event_articles").to_pylist()
        sizes: dict[str, int] = defaultdict(int)
        for link in links:
            sizes[link["event_id"]] += 1
        several = sorted(n for n in sizes.values() if n > 1)
        print(
            f"\nevents: {len(sizes)} for {len(links)} grouped articles; "
            f"{len(several)} with several articles (sizes {several or 'none'})"
        )
        if args.json:
            Path(args.json).write_text(json.dumps(table, indent=1), encoding="utf-8")
    finally:
        if not args.output:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
