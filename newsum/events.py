"""Stage 7a: which articles report the same event.

An `event_id` given in the input wins. The other articles are grouped by what their summaries say:
TF-IDF over the pipeline-language summary (with its claims and figures), then agglomerative
clustering under a similarity threshold, where an unlabelled article may also join a given event.
Summaries put every language in one space when the model writes the pipeline language; when it
does not (small models often echo the source language), names still match across scripts because
words are transliterated to ASCII first ("Карабах", "Ղարաբաղ" and "Karabağ" share character
4-grams with "Karabakh"), and figures match as digits.

Only articles whose summary succeeded can be grouped by content; an article with neither a summary
nor a given event_id is left out. Automatic event ids are "auto-" + a hash of the cluster's
earliest article, so they stay the same across reruns and when later articles join.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Literal

import numpy as np
import yaml
from anyascii import anyascii

from newsum.checks import numbers_in
from newsum.tokens import is_dense, split_words

Grouping = Literal["given", "auto"]
TokenKind = Literal["word", "name", "dense"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class EventItem:
    """What grouping needs to know about one article."""

    article_id: str
    event_id: str | None = None  # given in the input
    text: str = ""  # pipeline-language summary, claims and figures; "" when not summarised
    published_at: datetime | None = None
    lang: str | None = None  # the language `text` is written in, when known
    source: str | None = None  # the outlet: its name says nothing about the event


@dataclass(frozen=True)
class Assignment:
    event_id: str
    grouping: Grouping
    # Mean similarity to the event's other summarised members; None when it has none.
    similarity: float | None


@dataclass(frozen=True)
class GroupingOptions:
    # Linkage at which two groups (or an article and a given event) merge. Chosen on the samples,
    # tests/support/event_corpus.py and the eval articles (figures in the README, "Events").
    threshold: float = 0.08
    # Linkage: the mean of the k most similar article pairs between two groups (0: all pairs).
    # An event is a chain of developments (operation, ceasefire, exodus): an article needs to
    # resemble some of its reports, not their average.
    top_k: int = 2
    # Articles published further apart never merge directly (unknown dates always may).
    max_days: float = 21.0
    # Weights of the feature blocks; they sum to 1, so similarities stay in [0, 1].
    word_weight: float = 0.45
    name_weight: float = 0.40
    number_weight: float = 0.15
    char_n: int = 4


def tokens(text: str) -> list[tuple[str, TokenKind]]:
    """Tokens in ASCII (transliterated, lower-cased), each a plain word, a name-like word
    (capitalised, or in a script without case such as Arabic) or a pair of characters of a script
    written without spaces (Chinese, Japanese, Thai)."""
    out: list[tuple[str, TokenKind]] = []
    previous_dense = ""
    for raw in split_words(text, fold=False):
        if len(raw) == 1 and is_dense(raw):
            if previous_dense:
                out.append((previous_dense + raw, "dense"))
            previous_dense = raw
            continue
        previous_dense = ""
        word = _NOT_ALNUM.sub("", anyascii(raw).lower())
        if not word:
            continue
        first = raw[0]
        uncased = first.isalpha() and first.lower() == first.upper()
        out.append((word, "name" if first.isupper() or uncased else "word"))
    return out


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    text = resources.files("newsum").joinpath("resources/stopwords.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    table: dict[str, list[str]] = {"*": data["always"], **data["stopwords"]}
    return {
        lang: frozenset(token for word in words for token, _ in tokens(str(word)))
        for lang, words in table.items()
    }


def stopwords(lang: str | None) -> frozenset[str]:
    """The language's function words plus English ones; every list when the language is unknown.

    Per language, because one language's function word is another's content word (de "war").
    """
    table = _stopwords()
    if lang is None or lang not in table:
        return frozenset().union(*table.values())
    return table[lang] | table["en"] | table["*"]


def _features(item: EventItem, options: GroupingOptions) -> dict[str, Counter[str]]:
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    stop = stopwords(item.lang) | {token for token, _ in tokens(item.source or "")}
    for token, kind in tokens(item.text):
        if kind == "dense":
            words[token] += 1
            continue
        if len(token) < 3 or token.isdigit() or token in stop:
            continue
        words[token] += 1
        if kind == "name" and len(token) >= options.char_n:
            padded = f"_{token}_"
            for i in range(len(padded) - options.char_n + 1):
                names[padded[i : i + options.char_n]] += 1
    # Figures as the checks read them ("5,600" is one number). Years and single digits say
    # little about which event it is.
    numbers = Counter(n for n in numbers_in(item.text) if len(n) > 1 and not _YEAR.match(n))
    return {"word": words, "name": names, "number": numbers}


def _tfidf(feats: list[Counter[str]]) -> np.ndarray:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf).

    Features seen in only one text cannot make two texts similar and get no column, but they
    count in the norm: a text that shares two words with another and has forty of its own is
    not like it.
    """
    n = len(feats)
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.keys())
    vocab = {term: i for i, term in enumerate(sorted(t for t, c in df.items() if c > 1))}
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    norms = np.zeros((n, 1), dtype=np.float32)
    for row, counts in enumerate(feats):
        squares = 0.0
        for term, count in counts.items():
            value = (1.0 + math.log(count)) * (math.log((1 + n) / (1 + df[term])) + 1.0)
            squares += value * value
            col = vocab.get(term)
            if col is not None:
                matrix[row, col] = value
        norms[row, 0] = math.sqrt(squares)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


def _days_apart(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None:
        return 0.0
    return abs((a - b).total_seconds()) / 86400.0


def similarity_edges(
    items: Sequence[EventItem], options: GroupingOptions, floor: float = 0.02
) -> dict[tuple[int, int], float]:
    """Pairwise similarities above `floor` between summarised items (by index), in row blocks.

    The similarity is the weighted mean of the word, name and number cosines; the number cosine
    is damped by k/(k+1) for k shared figures, since one shared figure is often chance.
    """
    idx = [i for i, item in enumerate(items) if item.text.strip()]
    if len(idx) < 2:
        return {}
    feats = [_features(items[i], options) for i in idx]
    words = _tfidf([f["word"] for f in feats])
    names = _tfidf([f["name"] for f in feats])
    numbers = _tfidf([f["number"] for f in feats])
    shared = (numbers > 0).astype(np.float32)
    edges: dict[tuple[int, int], float] = {}
    step = 512
    for start in range(0, len(idx), step):
        stop = start + step
        k = shared[start:stop] @ shared.T
        block = (
            options.word_weight * (words[start:stop] @ words.T)
            + options.name_weight * (names[start:stop] @ names.T)
            + options.number_weight * (numbers[start:stop] @ numbers.T) * (k / (k + 1.0))
        )
        rows, cols = np.nonzero(block > floor)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = idx[start + r], idx[c]
            if i < j and _days_apart(items[i].published_at, items[j].published_at) <= (
                options.max_days
            ):
                edges[(i, j)] = float(block[r, c])
    return edges


def auto_event_id(members: Iterable[EventItem]) -> str:
    """Stable across reruns: named after the earliest member (date, then id)."""
    far = datetime.max.replace(tzinfo=None)
    anchor = min(
        members,
        key=lambda m: (
            (m.published_at.replace(tzinfo=None) if m.published_at else far),
            m.article_id,
        ),
    )
    return "auto-" + hashlib.sha256(anchor.article_id.encode("utf-8")).hexdigest()[:12]


@dataclass
class _Link:
    """The similarities between two groups: their sum and the largest few."""

    total: float = 0.0
    top: tuple[float, ...] = ()

    def add(self, other: _Link, keep: int) -> _Link:
        top = tuple(sorted((*self.top, *other.top), reverse=True)[:keep])
        return _Link(self.total + other.total, top)


class _Clusters:
    """Agglomeration over sparse similarities (missing pairs count as 0).

    The linkage of two groups is the mean of their `top_k` most similar article pairs, or the
    average over all pairs when top_k is 0.
    """

    def __init__(self, groups: list[list[int]], given: list[str | None], top_k: int) -> None:
        self.members = dict(enumerate(groups))
        self.given = dict(enumerate(given))
        self.links: dict[int, dict[int, _Link]] = {c: {} for c in self.members}
        self.next_id = len(groups)
        self.top_k = top_k

    def add_edges(self, cluster_of: dict[int, int], edges: dict[tuple[int, int], float]) -> None:
        keep = max(1, self.top_k)
        for (i, j), sim in edges.items():
            a, b = cluster_of[i], cluster_of[j]
            if a != b:
                link = self.links[a].get(b, _Link()).add(_Link(sim, (sim,)), keep)
                self.links[a][b] = self.links[b][a] = link

    def linkage(self, a: int, b: int) -> float:
        link = self.links[a].get(b, _Link())
        pairs = len(self.members[a]) * len(self.members[b])
        if self.top_k <= 0:
            return link.total / pairs
        return sum(link.top) / min(self.top_k, pairs)

    def mergeable(self, a: int, b: int) -> bool:
        # Two events given by the input stay apart, whatever their texts say.
        return self.given[a] is None or self.given[b] is None

    def run(self, threshold: float) -> None:
        heap = [
            (-self.linkage(a, b), a, b)
            for a in self.links
            for b in self.links[a]
            if a < b and self.mergeable(a, b)
        ]
        heapq.heapify(heap)
        while heap:
            negative, a, b = heapq.heappop(heap)
            if a not in self.members or b not in self.members:
                continue  # merged away since this entry was pushed
            if -negative < threshold:
                break
            c = self._merge(a, b)
            for other in self.links[c]:
                if self.mergeable(c, other):
                    low, high = sorted((c, other))
                    heapq.heappush(heap, (-self.linkage(c, other), low, high))

    def _merge(self, a: int, b: int) -> int:
        c, self.next_id = self.next_id, self.next_id + 1
        self.members[c] = self.members.pop(a) + self.members.pop(b)
        given_a, given_b = self.given.pop(a), self.given.pop(b)
        self.given[c] = given_a or given_b
        keep = max(1, self.top_k)
        links: dict[int, _Link] = {}
        for old in (a, b):
            for other, link in self.links.pop(old).items():
                if other in (a, b):
                    continue
                links[other] = links.get(other, _Link()).add(link, keep)
                del self.links[other][old]
                self.links[other][c] = links[other]
        self.links[c] = links
        return c


def group_events(
    items: Sequence[EventItem], options: GroupingOptions | None = None
) -> dict[str, Assignment]:
    """article_id -> its event. Items with neither a summary nor a given event are left out."""
    options = options or GroupingOptions()
    items = [item for item in items if item.event_id or item.text.strip()]
    groups: list[list[int]] = []
    given: list[str | None] = []
    by_event: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.event_id:
            if item.event_id not in by_event:
                by_event[item.event_id] = len(groups)
                groups.append([])
                given.append(item.event_id)
            groups[by_event[item.event_id]].append(i)
        else:
            groups.append([i])
            given.append(None)
    cluster_of = {i: c for c, group in enumerate(groups) for i in group}
    edges = similarity_edges(items, options)
    clusters = _Clusters(groups, given, options.top_k)
    clusters.add_edges(cluster_of, edges)
    clusters.run(options.threshold)

    result: dict[str, Assignment] = {}
    for c, members in clusters.members.items():
        event_id = clusters.given[c] or auto_event_id(items[i] for i in members)
        for i in members:
            item = items[i]
            result[item.article_id] = Assignment(
                event_id,
                "given" if item.event_id else "auto",
                _mean_similarity(i, members, items, edges),
            )
    return result


def _mean_similarity(
    i: int, members: list[int], items: Sequence[EventItem], edges: dict[tuple[int, int], float]
) -> float | None:
    if not items[i].text.strip():
        return None
    peers = [j for j in members if j != i and items[j].text.strip()]
    if not peers:
        return None
    total = sum(edges.get((min(i, j), max(i, j)), 0.0) for j in peers)
    return round(total / len(peers), 4)


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> PairScores:
    """Pairwise precision/recall of a grouping over the articles present in both mappings."""
    ids = sorted(predicted.keys() & truth.keys())
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_pred = predicted[a] == predicted[b]
        same_true = truth[a] == truth[b]
        tp += same_pred and same_true
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(round(precision, 4), round(recall, 4), round(f1, 4), tp + fn, tp + fp)
