"""Event grouping at scale: the current newsum.events against an earlier version, in one run.

    .venv/bin/python -m bench.events [--sizes 1000,5000,10000] [--before-max 10000]

Items are built from the generated corpus (bench/corpus.py): the "summary" is the title and the
first paragraph (2-4 sentences) in the article's language, as the fake server's lead-echoing
summaries look; many articles share sentence templates, names and places, so most same-language
pairs are similar, the hard case for grouping at scale.

Each (version, size) runs in a child process of its own, so the peak RSS is that run's alone:
`rss_mb` is the peak minus the RSS once the items were built. `edges` counts the pairs handed to
the clustering. `agree_p`/`agree_r` compare the current grouping with the earlier one (pairwise
precision/recall, the earlier version as the truth).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.corpus import LANGUAGES, iter_articles
from newsum.events import grouping as events
from newsum.text import split_sentences
from tests.support.event_corpus import CORPUS

# The last version before sparse features and bounded edges (git show REF:newsum/events.py).
BEFORE_REF = "929e77688fea165ee50af034dcc3964a7ebbffb2"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> PairScores:
    """Pairwise precision/recall of a grouping over the articles present in both mappings.

    Counted per (predicted, true) cell, so linear in the articles rather than in their pairs.
    """
    ids = predicted.keys() & truth.keys()
    cells = Counter((predicted[a], truth[a]) for a in ids)
    pred = Counter(predicted[a] for a in ids)
    true = Counter(truth[a] for a in ids)

    def pairs(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    tp = pairs(cells.values())
    fp, fn = pairs(pred.values()) - tp, pairs(true.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(round(precision, 4), round(recall, 4), round(f1, 4), tp + fn, tp + fp)


def items(n: int) -> list[events.EventItem]:
    out = []
    for index, row in enumerate(iter_articles(n)):
        lead = row["text"].split("\n\n", 1)[0]
        out.append(
            events.EventItem(
                article_id=row["id"],
                text=f"{row['title']}. {lead}",
                published_at=datetime.fromisoformat(row["published_at"]),
                lang=LANGUAGES[index % len(LANGUAGES)],
                source=row["source"],
            )
        )
    return out


def scaled_event_items(
    copies: int, variant: str = "own", seed: int = 0
) -> tuple[list[events.EventItem], dict[str, str]]:
    """tests/support/event_corpus.py at scale, with its truth: `copies` variants of each article
    (a sentence dropped at times, published up to 36 hours earlier or later). With many copies an
    article's nearest neighbours are all in its own language: the case bounded edges must
    survive."""
    rng = random.Random(seed)
    out: list[events.EventItem] = []
    truth: dict[str, str] = {}
    for copy in range(copies):
        for a in CORPUS:
            sentences = split_sentences(a.text if variant == "own" else a.en)
            if len(sentences) > 1 and rng.random() < 0.5:
                del sentences[rng.randrange(len(sentences))]
            article_id = f"{a.article_id}~{copy}"
            out.append(
                events.EventItem(
                    article_id,
                    None,
                    " ".join(sentences),
                    a.published_at + timedelta(hours=rng.randint(-36, 36)),
                    a.lang if variant == "own" else "en",
                    a.source,
                )
            )
            truth[article_id] = a.event
    return out, truth


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _before_module() -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{BEFORE_REF}:newsum/events.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "events_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("events_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["events_before"] = module
    spec.loader.exec_module(module)
    return module


def _timed(module: ModuleType, name: str, times: dict[str, float], counts: dict[str, int]) -> None:
    """Wrap module.name to add its seconds to times[name] (and the length of what it returns)."""
    inner: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        result = inner(*args, **kwargs)
        times[name] = times.get(name, 0.0) + time.process_time() - start
        if name in ("unit_edges", "similarity_edges"):
            counts["edges"] = len(result)
        return result

    setattr(module, name, wrapper)


def child(version: str, n: int, out: Path) -> None:
    module = _before_module() if version == "before" else events
    data = [module.EventItem(**vars(item)) for item in items(n)]
    times: dict[str, float] = {}
    counts: dict[str, int] = {}
    stages = (
        ["similarity_edges"]
        if version == "before"
        else ["strong_components", "unit_edges", "mean_similarities"]
    )
    if version == "after":
        events.Space.of = _wrap_classmethod(events.Space.of, times)  # type: ignore[method-assign]
    for name in stages:
        _timed(module, name, times, counts)
    base = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = module.group_events(data)
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "version": version,
        "n": n,
        "s": round(seconds, 2),
        "cpu_s": round(cpu_s, 2),
        "ms_per_article": round(1000 * cpu_s / n, 3),
        "rss_mb": round(peak - base, 1),
        "edges": counts.get("edges", 0),
        "events": len({a.event_id for a in result.values()}),
        "stages_s": {k: round(v, 2) for k, v in times.items()},
    }
    out.write_text(
        json.dumps({"report": report, "events": {k: a.event_id for k, a in result.items()}}),
        encoding="utf-8",
    )


def _wrap_classmethod(method: Callable[..., Any], times: dict[str, float]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        result = method(*args, **kwargs)
        times["features"] = times.get("features", 0.0) + time.process_time() - start
        return result

    return wrapper


def _run(version: str, n: int, workdir: Path) -> dict[str, Any]:
    out = workdir / f"{version}-{n}.json"
    subprocess.run(
        [sys.executable, "-m", "bench.events", "--child", version, str(n), str(out)],
        cwd=ROOT,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.events")
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument(
        "--before-max", type=int, default=10_000, help="skip the earlier version above this size"
    )
    parser.add_argument("--child", nargs=3, metavar=("VERSION", "N", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), Path(args.child[2]))
        return
    header = "version      n      s  cpu_s  ms/article  rss_mb   edges  events  agree_p  agree_r"
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            after = _run("after", n, Path(tmp))
            before = _run("before", n, Path(tmp)) if n <= args.before_max else None
            for run in (before, after):
                if run is None:
                    continue
                r = run["report"]
                agree = ("", "")
                if run is after and before is not None:
                    scores = pairwise_scores(after["events"], before["events"])
                    agree = (f"{scores.precision:.4f}", f"{scores.recall:.4f}")
                print(
                    f"{r['version']:<7}{r['n']:>7}{r['s']:>7}{r['cpu_s']:>7}"
                    f"{r['ms_per_article']:>12}{r['rss_mb']:>8}{r['edges']:>8}{r['events']:>8}"
                    f"{agree[0]:>9}{agree[1]:>9}  {r['stages_s']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
