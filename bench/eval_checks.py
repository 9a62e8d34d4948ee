"""`make eval-checks`: how well the review flags separate faulty answers from good ones.

    python -m bench.eval_checks [--split dev|heldout|test|final|final2|…|final19|all]
                                [--csv DIR] [--keep DIR]

The set (bench/checks_set/, see its README) holds, per article, a good answer (an English
summary in the shape of newsum.summarize.ArticleSummary plus its translations into the default
targets) and variants of it with exactly one fault each. Every variant is served by the loopback
fake OpenAI server (tests/support/scripted_openai.py) to a real flow run, so the checks measured
are the ones a run applies, on the rows a run writes.

A run never holds the same article twice (ingest would mark the second a duplicate): run k
holds the k-th variant of every article (run 0 the good ones), each run with its own output
folder and no answer cache, so no variant is ever answered from another's cache.

Printed per split and fault kind: caught = the faulty row was flagged with a reason its good
version did not have; and how many good rows were flagged, with the reasons given. A CSV per
kind and one per row go to outputs/eval/ (or --csv).

Articles from ../shared/eval/ (third-party, research licence) are referenced by id and read at
run time, never copied into the repository; without that folder they are skipped with a message
(NEWSUM_EVAL_DIR points elsewhere).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/eval_checks.py` from a clone
    sys.path.insert(0, str(ROOT))

from bench.eval import EVAL_FILE  # noqa: E402  (one place says where the eval data is)
from newsum import outputs  # noqa: E402
from newsum.config import DEFAULT_TARGETS, load_settings  # noqa: E402
from newsum.ingest import ingest  # noqa: E402
from newsum.review_levels import findings  # noqa: E402
from newsum.summarize import ArticleSummary  # noqa: E402

SET_DIR = ROOT / "bench" / "checks_set"


def _written_order(path: Path) -> tuple[int, int]:
    """dev, heldout, test, then final, final2, final3...: the order the splits were written."""
    first = {"dev": 0, "heldout": 1, "test": 2}
    if path.stem in first:
        return (first[path.stem], 0)
    return (3, int(path.stem.removeprefix("final") or 1))


# `all` runs every split, in the order they were written; a new split is a file in SET_DIR.
SPLITS = tuple(p.stem for p in sorted(SET_DIR.glob("*.jsonl"), key=_written_order))
SAMPLES_PREFIX = "samples/articles/"
# Articles written for the benchmark itself (CC0), read with ingest like the samples.
SET_ARTICLES_PREFIX = "bench/checks_set/articles/"
EVAL_PREFIX = "eval/news_xlsum_mlsum.jsonl#"
PIPELINE_LANG = "en"
TRANSLATION_LANGS = [lang for lang in DEFAULT_TARGETS if lang != PIPELINE_LANG]
SUMMARY_KINDS = (
    "summary_changed_figure",
    "summary_loaded_framing",
    "summary_wrong_party",
    "summary_invented_actor",
    "summary_contested_as_fact",
    "summary_position_omitted",
)
TRANSLATION_KINDS = (
    "translation_untranslated",
    "translation_word_salad",
    "translation_neighbour_language",
    "translation_changed_figure",
    "translation_changed_name",
    "translation_attribution_dropped",
    "translation_cut_off",
    "translation_meaning_flipped",
)
FAULT_KINDS = SUMMARY_KINDS + TRANSLATION_KINDS
_SUMMARY_LISTS = ("claims", "parties", "figures")


class SetError(ValueError):
    """A record of the benchmark set is malformed (the message names file and line)."""


# --------------------------------------------------------------------------------------------
# The set


@dataclass(frozen=True)
class Answer:
    """What the model answers for one article: a summary and its translations."""

    summary: dict[str, Any]
    translations: dict[str, str]


@dataclass(frozen=True)
class Variant:
    split: str
    ref: str
    name: str  # "good" or "<kind>[-<lang>]", unique per article
    kind: str  # "good" or one of FAULT_KINDS
    lang: str  # the language of the faulty row (en for summary faults)
    answer: Answer
    where: str  # file and line, for messages

    @property
    def row_kind(self) -> str:
        return "summary" if self.lang == PIPELINE_LANG else "translation"


def read_set(path: Path) -> list[Variant]:
    """Every variant of a split file, faults resolved against their article's good answer."""
    goods: dict[str, Answer] = {}
    variants: list[Variant] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}, line {number}"
        try:
            record = json.loads(line)
            variants.append(_variant(record, goods, where))
        except (KeyError, TypeError, ValueError) as exc:
            raise SetError(f"{where}: {exc}") from None
    names = Counter((v.ref, v.name) for v in variants)
    if duplicated := [key for key, n in names.items() if n > 1]:
        raise SetError(f"{path.name}: variants named twice: {duplicated}")
    return variants


def _variant(record: dict[str, Any], goods: dict[str, Answer], where: str) -> Variant:
    split, ref, kind = record["split"], record["ref"], record["kind"]
    if kind == "good":
        summary = ArticleSummary.model_validate(record["summary"]).model_dump()
        translations = dict(record["translations"])
        if sorted(translations) != sorted(TRANSLATION_LANGS):
            raise ValueError(f"translations must be exactly {TRANSLATION_LANGS}")
        goods[ref] = Answer(summary, translations)
        return Variant(split, ref, "good", kind, PIPELINE_LANG, goods[ref], where)
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}")
    if ref not in goods:
        raise ValueError(f"fault before the good answer of {ref}")
    good = goods[ref]
    lang = record.get("lang") or PIPELINE_LANG
    if kind in SUMMARY_KINDS:
        summary = _faulty_summary(good.summary, record)
        answer = Answer(summary, good.translations)
    else:
        if lang not in good.translations:
            raise ValueError(f"no good translation into {lang!r}")
        text = _faulty_translation(good, lang, record)
        answer = Answer(good.summary, {**good.translations, lang: text})
    return Variant(split, ref, record["variant"], kind, lang, answer, where)


def _replace(text: str, edit: dict[str, Any]) -> tuple[str, bool]:
    old, new = edit["from"], edit["to"]
    if edit.get("whole"):
        return (new, True) if text == old else (text, False)
    return (text.replace(old, new), True) if old in text else (text, False)


def _faulty_summary(good: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    summary = json.loads(json.dumps(good))
    for edit in record.get("edits", []):
        where = edit.get("in", "summary")
        hit = False
        if where == "summary":
            summary["summary"], hit = _replace(summary["summary"], edit)
        elif where in _SUMMARY_LISTS:
            for item in summary[where]:
                for key, value in item.items():
                    item[key], found = _replace(value, edit)
                    hit = hit or found
        else:
            raise ValueError(f"edit 'in' must be summary or one of {_SUMMARY_LISTS}")
        if not hit:
            raise ValueError(f"edit text not found in the good {where}: {edit['from']!r}")
    for name, indexes in (record.get("drop") or {}).items():
        summary[name] = [x for i, x in enumerate(summary[name]) if i not in set(indexes)]
    if summary == good:
        raise ValueError("the fault leaves the summary unchanged")
    return ArticleSummary.model_validate(summary).model_dump()


def _faulty_translation(good: Answer, lang: str, record: dict[str, Any]) -> str:
    text = good.translations[lang]
    if record.get("op") == "untranslated":
        return str(good.summary["summary"])
    if "text" in record:
        return str(record["text"])
    if "cut_before" in record:
        marker = record["cut_before"]
        if marker not in text:
            raise ValueError(f"cut_before text not found in the good {lang}: {marker!r}")
        return text[: text.index(marker)].rstrip()
    if edits := record.get("edits"):
        for edit in edits:
            text, hit = _replace(text, edit)
            if not hit:
                raise ValueError(f"edit text not found in the good {lang}: {edit['from']!r}")
        return text
    raise ValueError("a translation fault needs op, text, cut_before or edits")


# --------------------------------------------------------------------------------------------
# The articles the set refers to


@dataclass(frozen=True)
class SourceArticle:
    """The fields of an article the runs' input file carries."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    lang: str | None = None


def load_articles(refs: Iterable[str], eval_file: Path = EVAL_FILE) -> dict[str, SourceArticle]:
    """ref -> the article (samples as ingest reads them); refs to absent eval data left out."""
    wanted = set(refs)
    found: dict[str, SourceArticle] = {}
    for prefix in (SAMPLES_PREFIX, SET_ARTICLES_PREFIX):
        found.update(_ingested(prefix, [r for r in wanted if r.startswith(prefix)]))
    evals = {r[len(EVAL_PREFIX) :]: r for r in wanted if r.startswith(EVAL_PREFIX)}
    if evals and eval_file.is_file():
        for line in eval_file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("id") in evals:
                found[evals[row["id"]]] = SourceArticle(
                    row["text"], row.get("title"), row.get("source"), row.get("url")
                )
    unknown = [r for r in wanted - set(found) if not r.startswith(EVAL_PREFIX)]
    if unknown:
        raise SetError(f"articles not found: {sorted(unknown)}")
    return found


def _ingested(prefix: str, refs: list[str]) -> dict[str, SourceArticle]:
    """The articles of the files the project ingests (`samples/articles/`, the set's own)."""
    found: dict[str, SourceArticle] = {}
    files = sorted({ref[len(prefix) :].partition("#")[0] for ref in refs})
    # One file at a time: ingest holds an id once per run, and the set's files each number
    # their articles from a-01.
    for article in (a for file in files for a in ingest(ROOT / prefix / file)):
        for ref in refs:
            file, _, row_id = ref[len(prefix) :].partition("#")
            named = article.source_file == str(ROOT / prefix / file)
            if named and (not row_id or article.article_id == row_id):
                published = article.published_at
                found[ref] = SourceArticle(
                    article.text,
                    article.title,
                    article.source,
                    article.url,
                    published.isoformat() if published else None,
                    article.lang_hint,
                )
    return found


# --------------------------------------------------------------------------------------------
# Running the variants through the flow


@dataclass
class Outcome:
    """The rows a run wrote for one variant (keyed by (lang, kind))."""

    variant: Variant
    status: str
    rows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def plan_runs(variants: Sequence[Variant]) -> list[list[Variant]]:
    """Run k holds the k-th variant of every article: no article twice in one run."""
    by_ref: dict[str, list[Variant]] = defaultdict(list)
    for variant in variants:
        by_ref[variant.ref].append(variant)
    depth = max((len(group) for group in by_ref.values()), default=0)
    return [[group[k] for group in by_ref.values() if k < len(group)] for k in range(depth)]


def _input_row(article: SourceArticle, article_id: str) -> dict[str, Any]:
    return {"id": article_id, **dataclasses.asdict(article)}


async def _run_all(
    runs: list[list[Variant]], articles: dict[str, SourceArticle], workdir: Path
) -> list[Outcome]:
    from prefect import flow

    from flows.articles import ingest_step, run_articles
    from tests.support.fake_openai import FakeOpenAI
    from tests.support.scripted_openai import Script, ScriptedAnswers

    answers = ScriptedAnswers()

    @flow(name="newsum-eval-checks")
    async def eval_checks_flow(base_url: str) -> list[Outcome]:
        done: list[Outcome] = []
        for k, run in enumerate(runs):
            folder = workdir / f"run-{k:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            ids = {f"{v.split}-{v.ref.rsplit('/', 1)[-1]}~{v.name}": v for v in run}
            path = folder / "input.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for article_id, v in ids.items():
                    row = _input_row(articles[v.ref], article_id)
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            answers.load(
                Script(articles[v.ref].text, v.answer.summary, v.answer.translations) for v in run
            )
            settings = load_settings(
                input=str(path),
                output=str(folder / "out"),
                targets=",".join(DEFAULT_TARGETS),
                base_url=base_url,
                api_key="sk-scripted",
                model="scripted-model",
                use_cache=False,
                progress=False,
            )
            ingested = ingest_step(settings.input, settings.max_text_chars)
            await run_articles(ingested, settings, f"eval-checks run {k}")
            done.extend(_outcomes(settings.output, ids))
        return done

    with FakeOpenAI(responder=answers) as fake:
        outcomes = await eval_checks_flow(fake.base_url)
    # Event summaries and their translations are not scripted (the default answer serves):
    # what matters is that every article row holds exactly the text scripted for it.
    wrong = _not_as_scripted(outcomes)
    if answers.served["unknown_article"] or wrong:
        raise RuntimeError(
            f"the scripted server did not answer as scripted: {dict(answers.served)}; "
            f"{len(wrong)} rows, e.g. {wrong[:5]}"
        )
    return outcomes


def _not_as_scripted(outcomes: Sequence[Outcome]) -> list[str]:
    """Rows whose text is not what their variant scripted (a served answer went astray)."""
    wrong = []
    for o in outcomes:
        if o.status != "ok":
            wrong.append(f"{o.variant.ref} {o.variant.name}: status {o.status}")
            continue
        expected = {(PIPELINE_LANG, "summary"): o.variant.answer.summary["summary"]}
        expected.update(
            ((lang, "translation"), text) for lang, text in o.variant.answer.translations.items()
        )
        for key, text in expected.items():
            row = o.rows.get(key)
            if row is None or row.get("text") != text:
                wrong.append(f"{o.variant.ref} {o.variant.name} {key}")
    return wrong


def _outcomes(root: Path, ids: dict[str, Variant]) -> list[Outcome]:
    statuses = {
        r["article_id"]: r["status"] for r in outputs.read_dataset(root, "articles").to_pylist()
    }
    found = {
        article_id: Outcome(v, statuses.get(article_id, "missing")) for article_id, v in ids.items()
    }
    for row in outputs.read_dataset(root, "summaries").to_pylist():
        if row["article_id"] in found:
            found[row["article_id"]].rows[(row["lang"], row["kind"])] = row
    return list(found.values())


def run_benchmark(variants: Sequence[Variant], workdir: Path) -> list[Outcome]:
    refs = {v.ref for v in variants}
    articles = load_articles(refs)
    skipped = sorted(refs - set(articles))
    if skipped:
        print(
            f"newsum eval-checks: {EVAL_FILE} not found: skipping {len(skipped)} articles "
            f"({', '.join(r.rsplit('#', 1)[-1] for r in skipped)}); set NEWSUM_EVAL_DIR",
            file=sys.stderr,
        )
    present = [v for v in variants if v.ref in articles]
    return asyncio.run(_run_all(plan_runs(present), articles, workdir))


# --------------------------------------------------------------------------------------------
# Scoring


def reasons_of(row: dict[str, Any] | None) -> set[str]:
    if not row:
        return set()
    return {r for r in str(row.get("review_reasons") or "").split(",") if r}


@dataclass
class Scored:
    """One faulty or good row, judged."""

    split: str
    ref: str
    variant: str
    kind: str
    lang: str
    row_kind: str
    present: bool
    flagged: bool
    caught: bool  # for faults: a reason the good row did not have
    reasons: list[str]
    new_reasons: list[str]
    # As a finding (newsum.review_levels): for a good row, that it has one; for a fault, a
    # finding its good row does not have.
    finding: bool


def score(outcomes: Sequence[Outcome]) -> list[Scored]:
    goods = {(o.variant.split, o.variant.ref): o for o in outcomes if o.variant.kind == "good"}
    scored: list[Scored] = []
    for outcome in outcomes:
        v = outcome.variant
        if v.kind == "good":
            for lang in [PIPELINE_LANG, *TRANSLATION_LANGS]:
                kind = "summary" if lang == PIPELINE_LANG else "translation"
                row = outcome.rows.get((lang, kind))
                given = sorted(reasons_of(row))
                scored.append(
                    Scored(v.split, v.ref, v.name, "good", lang, kind, row is not None,
                           bool(given), False, given, given, bool(findings(given, kind)))
                )  # fmt: skip
            continue
        row = outcome.rows.get((v.lang, v.row_kind))
        good = goods.get((v.split, v.ref))
        baseline = reasons_of(good.rows.get((v.lang, v.row_kind)) if good else None)
        reasons = reasons_of(row)
        new = sorted(reasons - baseline)
        finding = bool(findings(reasons, v.row_kind) - findings(baseline, v.row_kind))
        scored.append(
            Scored(v.split, v.ref, v.name, v.kind, v.lang, v.row_kind, row is not None,
                   bool(reasons), bool(new), sorted(reasons), new, finding)
        )  # fmt: skip
    return scored


@dataclass
class KindLine:
    split: str
    kind: str
    n: int
    hits: int
    missing: int
    reasons: Counter[str]
    findings: int  # caught (faults) or flagged (good rows) as a finding

    @property
    def share(self) -> float | None:
        return self.hits / self.n if self.n else None


def tally(scored: Sequence[Scored]) -> list[KindLine]:
    """Per split: one line per fault kind (caught), then the good summaries and translations
    (flagged), in a fixed order."""
    lines: list[KindLine] = []
    for split in SPLITS:
        mine = [s for s in scored if s.split == split]
        if not mine:
            continue
        groups: list[tuple[str, list[Scored]]] = [
            (kind, [s for s in mine if s.kind == kind]) for kind in FAULT_KINDS
        ]
        goods = [s for s in mine if s.kind == "good"]
        groups.append(("good summaries", [s for s in goods if s.row_kind == "summary"]))
        groups.append(("good translations", [s for s in goods if s.row_kind == "translation"]))
        for name, rows in groups:
            if not rows:
                continue
            is_good = name.startswith("good")
            hits = sum(s.flagged if is_good else s.caught for s in rows)
            reasons: Counter[str] = Counter(r for s in rows for r in s.new_reasons)
            missing = sum(not s.present for s in rows)
            found = sum(s.finding for s in rows)
            lines.append(KindLine(split, name, len(rows), hits, missing, reasons, found))
    return lines


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def markdown(lines: Sequence[KindLine], split: str) -> str:
    out = [
        "| kind | caught / flagged | share | as a finding | reasons given |",
        "|---|---|---|---|---|",
    ]
    for line in lines:
        if line.split != split:
            continue
        reasons = ", ".join(f"{r} {n}" for r, n in line.reasons.most_common()) or "-"
        missing = f" ({line.missing} rows missing)" if line.missing else ""
        found = f"{line.findings}/{line.n}"
        out.append(
            f"| {line.kind} | {line.hits}/{line.n}{missing} | {_pct(line.share)} | {found} "
            f"| {reasons} |"
        )
    return "\n".join(out)


def write_csvs(lines: Sequence[KindLine], scored: Sequence[Scored], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    kinds, rows = folder / "checks.csv", folder / "checks_rows.csv"
    with kinds.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["split", "kind", "n", "caught_or_flagged", "share", "missing", "reasons", "findings"]
        )
        for line in lines:
            share = "" if line.share is None else f"{line.share:.3f}"
            reasons = ";".join(f"{r}={n}" for r, n in line.reasons.most_common())
            writer.writerow(
                [
                    line.split,
                    line.kind,
                    line.n,
                    line.hits,
                    share,
                    line.missing,
                    reasons,
                    line.findings,
                ]
            )
    with rows.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["split", "ref", "variant", "kind", "lang", "row_kind", "present", "flagged",
             "caught", "reasons", "new_reasons", "finding"]
        )  # fmt: skip
        for s in scored:
            writer.writerow(
                [s.split, s.ref, s.variant, s.kind, s.lang, s.row_kind, s.present, s.flagged,
                 s.caught, ";".join(s.reasons), ";".join(s.new_reasons), s.finding]
            )  # fmt: skip
    return [kinds, rows]


# --------------------------------------------------------------------------------------------
# Entry point


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.eval_checks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--csv", default=str(ROOT / "outputs" / "eval"), help="CSV folder")
    parser.add_argument("--keep", help="keep the runs' inputs and outputs in this folder")
    args = parser.parse_args(argv)
    splits = SPLITS if args.split == "all" else (args.split,)
    variants = [v for split in splits for v in read_set(SET_DIR / f"{split}.jsonl")]
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newsum-checks-"))
    if args.keep and workdir.resolve().is_relative_to(ROOT.resolve()):
        print("newsum eval-checks: --keep must be outside the repository (licensed texts)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.keep and workdir.exists() and any(workdir.iterdir()):
        # A run leaves unchanged articles as they are: an earlier run's rows there would be
        # scored instead of this one's.
        print(f"newsum eval-checks: --keep {workdir} is not empty; give a new or empty folder",
              file=sys.stderr)  # fmt: skip
        return 2
    started = time.monotonic()
    try:
        outcomes = run_benchmark(variants, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    scored = score(outcomes)
    lines = tally(scored)
    runs = len(plan_runs([o.variant for o in outcomes]))
    print(
        f"\nnewsum eval-checks: {len(outcomes)} variants of "
        f"{len({o.variant.ref for o in outcomes})} articles in {runs} runs, "
        f"{time.monotonic() - started:.0f}s"
    )
    for split in splits:
        print(
            f"\n{split}: faulty rows caught (a reason the good row lacks); good rows flagged;"
            " 'as a finding': the same with review_level = 'finding' only\n"
        )
        print(markdown(lines, split))
    paths = write_csvs(lines, scored, Path(args.csv))
    print(f"\nCSV: {', '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
