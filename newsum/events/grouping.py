"""Stage 7a: which articles report the same event.

An `event_id` given in the input wins. The other articles are grouped by what their summaries say:
TF-IDF over the pipeline-language summary (with its claims and figures), then agglomerative
clustering under a similarity threshold, where an unlabelled article may also join a given event.
Summaries put every language in one space when the model writes the pipeline language; when it
does not (small models often echo the source language), names still match across scripts because
words are transliterated to ASCII first ("Карабах", "Ղարաբաղ" and "Karabağ" share character
4-grams with "Karabakh"), and figures match as digits.

At scale (tens of thousands of articles a run) memory stays bounded and edges grow linearly:
TF-IDF rows are sparse; similarities are sparse products of a block of rows with the rows
published within `max_days` of it (never the whole n x n matrix); articles joined by a pair
similar enough to force their merge start the clustering as one group; and between groups each
article keeps only its top_k strongest pairs with each of its `neighbours` most similar groups,
which is what the top-k linkage reads. bench/events.py measures it against the earlier version.

Only articles whose summary succeeded can be grouped by content; an article with neither a summary
nor a given event_id is left out. Automatic event ids are "auto-" + a hash of the cluster's
earliest article, so they stay the same across reruns and when later articles join.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

import numpy as np
import scipy.sparse as sp
import yaml
from anyascii import anyascii
from scipy.sparse.csgraph import connected_components

from newsum.checks import numbers_in
from newsum.tokens import is_dense

Grouping = Literal["given", "auto"]
TokenKind = Literal["word", "name", "dense"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DAY = 86400.0
# Candidate pairs (rows x columns) per similarity block: bounds the memory of one block's
# products (about 100 bytes a pair at worst) whatever the number of articles.
_BLOCK_PAIRS = 1 << 20
_BLOCK_ROWS = 512
# Pairs less similar than this are no evidence of a shared event (nor counted in the mean
# similarity reported for an article).
_FLOOR = 0.02


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
    # Edges kept per article: its `top_k` strongest pairs with each of the `neighbours` groups
    # most similar to it, where a group is what the clustering would join anyway (see `_units`).
    # Keeping every pair above the floor made edges quadratic when many articles report the same
    # few events; the linkage only reads the strongest pairs between two groups.
    neighbours: int = 16


# --------------------------------------------------------------------------------------------
# Tokens


class _Translate(dict[int, str]):
    """A str.translate table filled on first sight of each character: a word character (letter,
    mark, digit) stays, one of a script written without spaces stands alone, anything else
    becomes a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = " "
        if unicodedata.category(ch)[0] in "LMN":
            value = f" {ch} " if is_dense(ch) else ch
        self[code] = value
        return value


_TRANSLATE = _Translate()


def _raw_words(text: str) -> list[str]:
    # newsum.tokens.split_words(text, fold=False) in one C-level pass instead of a Python step
    # per character (tests/test_events.py checks they agree).
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATE).split()


@lru_cache(maxsize=1 << 16)
def _token(raw: str) -> tuple[str, TokenKind] | None:
    # Cached: transliteration is the costly step and a corpus repeats its words.
    word = _NOT_ALNUM.sub("", anyascii(raw).lower())
    if not word:
        return None
    first = raw[0]
    uncased = first.isalpha() and first.lower() == first.upper()
    return word, "name" if first.isupper() or uncased else "word"


@cache
def _dense_char(raw: str) -> bool:
    return len(raw) == 1 and is_dense(raw)


def tokens(text: str) -> list[tuple[str, TokenKind]]:
    """Tokens in ASCII (transliterated, lower-cased), each a plain word, a name-like word
    (capitalised, or in a script without case such as Arabic) or a pair of characters of a script
    written without spaces (Chinese, Japanese, Thai)."""
    out: list[tuple[str, TokenKind]] = []
    previous_dense = ""
    for raw in _raw_words(text):
        if _dense_char(raw):
            if previous_dense:
                out.append((previous_dense + raw, "dense"))
            previous_dense = raw
            continue
        previous_dense = ""
        token = _token(raw)
        if token is not None:
            out.append(token)
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


@lru_cache(maxsize=256)
def stopwords(lang: str | None) -> frozenset[str]:
    """The language's function words plus English ones; every list when the language is unknown.

    Per language, because one language's function word is another's content word (de "war").
    """
    table = _stopwords()
    if lang is None or lang not in table:
        return frozenset().union(*table.values())
    return table[lang] | table["en"] | table["*"]


@lru_cache(maxsize=4096)
def _source_words(source: str | None) -> frozenset[str]:
    return frozenset(token for token, _ in tokens(source or ""))


@lru_cache(maxsize=1 << 16)
def _grams(token: str, n: int) -> tuple[str, ...]:
    padded = f"_{token}_"
    return tuple(padded[i : i + n] for i in range(len(padded) - n + 1))


_Features = tuple[Counter[str], Counter[str], Counter[str]]


def _features(item: EventItem, options: GroupingOptions) -> _Features:
    """Word, name (character n-grams of names) and number counts of one summary."""
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    stop, own = stopwords(item.lang), _source_words(item.source)
    for token, kind in tokens(item.text):
        if kind == "dense":
            words[token] += 1
            continue
        if len(token) < 3 or token.isdigit() or token in stop or token in own:
            continue
        words[token] += 1
        if kind == "name" and len(token) >= options.char_n:
            names.update(_grams(token, options.char_n))
    # Figures as the checks read them ("5,600" is one number). Years and single digits say
    # little about which event it is.
    numbers = Counter(n for n in numbers_in(item.text) if len(n) > 1 and not _YEAR.match(n))
    return words, names, numbers


# --------------------------------------------------------------------------------------------
# Similarities


def _tfidf(feats: Sequence[Counter[str]]) -> sp.csr_array:
    """L2-normalised sparse TF-IDF rows (sublinear tf, smoothed idf).

    Features seen in only one text cannot make two texts similar and get no column, but they
    count in the norm: a text that shares two words with another and has forty of its own is
    not like it. Columns are in term order, so products sum in an order that does not depend on
    the order of the texts.
    """
    n = len(feats)
    ids: dict[str, int] = {}
    terms: list[int] = []
    counts: list[int] = []
    sizes = np.fromiter((len(f) for f in feats), dtype=np.int64, count=n)
    for f in feats:
        for name, count in f.items():
            terms.append(ids.setdefault(name, len(ids)))
            counts.append(count)
    term = np.asarray(terms, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
    df = np.bincount(term, minlength=len(ids))
    values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * (
        np.log((1.0 + n) / (1.0 + df[term])) + 1.0
    )
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
    column = np.full(len(ids), -1, dtype=np.int64)
    shared_terms = sorted(t for t, i in ids.items() if df[i] > 1)
    column[np.array([ids[t] for t in shared_terms], dtype=np.int64)] = np.arange(len(shared_terms))
    keep = column[term] >= 0
    matrix = sp.csr_array(
        (values[keep] / norms[rows[keep]], (rows[keep], column[term[keep]])),
        shape=(n, len(shared_terms)),
    )
    matrix.sort_indices()
    return matrix


def _timestamp(value: datetime | None) -> float:
    if value is None:
        return math.nan
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # naive dates are read as UTC
    return value.timestamp()


@dataclass(frozen=True)
class _Space:
    """The summarised items as sparse rows, sorted by publication time (unknown dates last)."""

    items: np.ndarray  # row -> index into the items given to similarity_edges
    ts: np.ndarray  # seconds since the epoch; NaN when unknown
    # Word and name rows side by side, scaled by the square roots of their weights: one product
    # gives their weighted sum of cosines.
    text: sp.csr_array
    numbers: sp.csr_array
    shared: sp.csr_array  # the number rows as 0/1: counts shared figures

    @classmethod
    def of(cls, items: Sequence[EventItem], options: GroupingOptions) -> _Space:
        idx = [i for i, item in enumerate(items) if item.text.strip()]
        ts = np.array([_timestamp(items[i].published_at) for i in idx], dtype=np.float64)
        order = np.argsort(ts, kind="stable")  # NaN sorts last
        feats = [_features(items[idx[k]], options) for k in order.tolist()]
        numbers = _tfidf([f[2] for f in feats])
        shared = numbers.copy()
        shared.data[:] = 1.0
        return cls(
            items=np.asarray(idx, dtype=np.int64)[order],
            ts=ts[order],
            text=sp.csr_array(
                sp.hstack(
                    [
                        math.sqrt(options.word_weight) * _tfidf([f[0] for f in feats]),
                        math.sqrt(options.name_weight) * _tfidf([f[1] for f in feats]),
                    ],
                    format="csr",
                )
            ),
            numbers=numbers,
            shared=shared,
        )

    def __len__(self) -> int:
        return len(self.items)


def _window(ts: np.ndarray, start: int, stop: int, days: float) -> np.ndarray:
    """Rows of the time-sorted `ts` that rows [start, stop) may be similar to: those published
    within `days` of them, and those of unknown date (all rows when the block has one)."""
    n = len(ts)
    dated = int(np.searchsorted(ts, np.inf))  # NaNs sort after inf
    if stop > dated:
        return np.arange(n)
    low = int(np.searchsorted(ts, ts[start] - days * _DAY, side="left"))
    high = int(np.searchsorted(ts, ts[stop - 1] + days * _DAY, side="right"))
    return np.concatenate([np.arange(low, high), np.arange(dated, n)])


def _blocks(space: _Space, days: float) -> Iterator[tuple[int, int, np.ndarray]]:
    """Row blocks with their candidate columns, each block's product at most _BLOCK_PAIRS
    (beyond a minimum of 8 rows)."""
    start = 0
    while start < len(space):
        stop = min(len(space), start + _BLOCK_ROWS)
        cols = _window(space.ts, start, stop, days)
        if (stop - start) * len(cols) > _BLOCK_PAIRS:
            stop = min(stop, start + max(8, _BLOCK_PAIRS // len(cols)))
            cols = _window(space.ts, start, stop, days)
        yield start, stop, cols
        start = stop


def _block_similarity(
    space: _Space, start: int, stop: int, cols: np.ndarray, options: GroupingOptions
) -> sp.coo_array:
    """Similarities of rows `cols` (first axis) with rows [start, stop) (second): the weighted
    mean of the word, name and number cosines, the number cosine damped by k/(k+1) for k shared
    figures, since one shared figure is often chance."""

    def product(matrix: sp.csr_array) -> sp.csr_array:
        # Window times block, not block times window: the transposed operand is the small one.
        return sp.csr_array(matrix[cols] @ matrix[start:stop].T)

    shared = product(space.shared)
    shared.data = shared.data / (shared.data + 1.0)
    numbers = product(space.numbers).multiply(shared)
    return sp.coo_array(product(space.text) + options.number_weight * numbers)


def _pairs(
    space: _Space, options: GroupingOptions, floor: float
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(rows, columns, similarities) of every pair above `floor` within `max_days`, one block of
    rows at a time; both (i, j) and (j, i) come, never (i, i)."""
    for start, stop, cols in _blocks(space, options.max_days):
        sims = _block_similarity(space, start, stop, cols, options)
        rows, other = sims.coords[1] + start, cols[sims.coords[0]]
        apart = np.abs(space.ts[rows] - space.ts[other])
        keep = (rows != other) & (sims.data > floor) & ~(apart > options.max_days * _DAY)
        yield rows[keep], other[keep], sims.data[keep]


def _strong_components(space: _Space, options: GroupingOptions, floor: float) -> np.ndarray:
    """Row -> its component of the graph of pairs with similarity >= top_k x threshold.

    Such a pair alone lifts the top-k linkage of any two groups holding its articles to the
    threshold, so the clustering joins them whatever else happens (given events aside).
    """
    labels = np.arange(len(space))
    if options.top_k <= 0:
        return labels  # an average linkage promises nothing of the kind
    strong = options.top_k * options.threshold
    for rows, cols, sims in _pairs(space, options, floor):
        hit = sims >= strong
        if hit.any():
            labels = _join(labels, labels[rows[hit]], labels[cols[hit]])
    return labels


def _join(labels: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Labels after joining label a[k] with b[k] for every k."""
    size = len(labels)
    graph = sp.coo_array((np.ones(len(a)), (a, b)), shape=(size, size))
    _, component = connected_components(graph, directed=False)
    return np.asarray(component, dtype=np.int64)[labels]


def _strongest_pairs(
    rows: np.ndarray,
    cols: np.ndarray,
    sims: np.ndarray,
    unit: np.ndarray,
    options: GroupingOptions,
) -> np.ndarray:
    """Which pairs a row keeps: its top_k strongest with each of its `neighbours` most similar
    other units (ties to the lower column, so reruns agree)."""
    pick = np.flatnonzero(unit[rows] != unit[cols])
    r, c, s = rows[pick], cols[pick], sims[pick]
    u = unit[c]
    key = r * (int(unit.max()) + 1) + u
    order = np.lexsort((c, -s, key))
    rank = np.arange(len(order)) - np.searchsorted(key[order], key[order], side="left")
    # The units of a row ranked by their strongest pair with it.
    best = order[rank == 0]
    by_row = best[np.lexsort((u[best], -s[best], r[best]))]
    unit_rank = np.arange(len(by_row)) - np.searchsorted(r[by_row], r[by_row], side="left")
    allowed = key[by_row[unit_rank < options.neighbours]]
    chosen = order[rank < max(1, options.top_k)]
    return pick[chosen[np.isin(key[chosen], allowed)]]


@dataclass(frozen=True)
class Edges:
    """Similar item pairs: indices i < j into the items, and their similarity."""

    i: np.ndarray
    j: np.ndarray
    sim: np.ndarray

    def __len__(self) -> int:
        return len(self.sim)


def _empty_edges() -> Edges:
    empty = np.zeros(0, dtype=np.int64)
    return Edges(empty, empty, np.zeros(0, dtype=np.float64))


def similarity_edges(
    items: Sequence[EventItem], options: GroupingOptions, floor: float = _FLOOR
) -> Edges:
    """The similarities the clustering needs between summarised items published within
    `max_days` (pairs above `floor`): for each item, its top_k strongest pairs with each of the
    `neighbours` strongly linked components most similar to it, so at most
    top_k x neighbours x items edges. Pairs inside a component are left out."""
    space = _Space.of(items, options)
    return _edges(space, _strong_components(space, options, floor), len(items), options, floor)


def _edges(
    space: _Space, unit: np.ndarray, n_items: int, options: GroupingOptions, floor: float
) -> Edges:
    """Edges between rows of different units (unit: row -> the group it starts in)."""
    if len(space) < 2:
        return _empty_edges()
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for rows, cols, sims in _pairs(space, options, floor):
        keep = _strongest_pairs(rows, cols, sims, unit, options)
        kept.append((rows[keep], cols[keep], sims[keep]))
    rows = np.concatenate([k[0] for k in kept])
    cols = np.concatenate([k[1] for k in kept])
    sims = np.concatenate([k[2] for k in kept])
    # A pair kept from both ends comes twice, with the same value (products sum in term order).
    i, j = space.items[rows], space.items[cols]
    low, high = np.minimum(i, j), np.maximum(i, j)
    _, first = np.unique(low * n_items + high, return_index=True)
    return Edges(low[first], high[first], sims[first])


def _mean_similarities(
    space: _Space, event_of: dict[int, int], options: GroupingOptions, floor: float
) -> dict[int, float]:
    """Item index -> mean similarity to the other summarised members of its event (pairs below
    `floor` or further apart than `max_days` count as 0), for items that have such members.

    Exact, not read from the kept edges: a large event has far more members than neighbours.
    The products run over all pairs within `max_days` again but only same-event pairs are summed.
    """
    event = np.array([event_of[i] for i in space.items.tolist()], dtype=np.int64)
    peers = np.bincount(event, minlength=max(event, default=-1) + 1)[event] - 1
    totals = np.zeros(len(space), dtype=np.float64)
    for rows, cols, sims in _pairs(space, options, floor):
        same = event[rows] == event[cols]
        totals += np.bincount(rows[same], weights=sims[same], minlength=len(space))
    return {
        item: round(float(totals[row] / peers[row]), 4)
        for row, item in enumerate(space.items.tolist())
        if peers[row] > 0
    }


# --------------------------------------------------------------------------------------------
# Clustering


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


@dataclass(frozen=True, slots=True)
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

    A merge keeps the id of the group with more links and moves the other's links into it, so a
    large event absorbing articles one by one costs the newcomers' links, not its own. The heap
    is lazy: an entry whose linkage has changed since it was pushed is skipped, a fresh one having
    been pushed with the change.
    """

    def __init__(self, groups: list[list[int]], given: list[str | None], top_k: int) -> None:
        self.members = dict(enumerate(groups))
        self.given = dict(enumerate(given))
        self.links: dict[int, dict[int, _Link]] = {c: {} for c in self.members}
        self.top_k = top_k
        self.keep = max(1, top_k)
        self.heap: list[tuple[float, int, int]] = []

    def add_edges(self, cluster_of: list[int], edges: Edges) -> None:
        pairs = zip(edges.i.tolist(), edges.j.tolist(), edges.sim.tolist(), strict=True)
        for i, j, sim in pairs:
            a, b = cluster_of[i], cluster_of[j]
            if a != b:
                old = self.links[a].get(b)
                link = _Link(sim, (sim,)) if old is None else old.add(_Link(sim, (sim,)), self.keep)
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

    def _push(self, a: int, b: int) -> None:
        if self.mergeable(a, b):
            low, high = sorted((a, b))
            heapq.heappush(self.heap, (-self.linkage(low, high), low, high))

    def run(self, threshold: float) -> None:
        for a, links in self.links.items():
            for b in links:
                if a < b:
                    self._push(a, b)
        while self.heap:
            negative, a, b = heapq.heappop(self.heap)
            if b not in self.links.get(a, {}) or not self.mergeable(a, b):
                continue  # merged away, or now holds a given event as the other does
            if -negative != self.linkage(a, b):
                continue  # stale
            if -negative < threshold:
                break
            self._merge(a, b)

    def _merge(self, a: int, b: int) -> None:
        keep, gone = (a, b) if len(self.links[a]) >= len(self.links[b]) else (b, a)
        # The pair count in a top-k linkage's denominator changes for every link of a group
        # smaller than k, so those are all pushed again.
        refresh_all = self.top_k <= 0 or len(self.members[keep]) < self.top_k
        short, long = sorted((self.members.pop(a), self.members.pop(b)), key=len)
        long.extend(short)
        self.members[keep] = long
        given_gone = self.given.pop(gone)
        self.given[keep] = self.given[keep] or given_gone
        links = self.links[keep]
        del links[gone]
        changed = []
        for other, link in self.links.pop(gone).items():
            if other == keep:
                continue
            old = links.get(other)
            links[other] = self.links[other][keep] = (
                link if old is None else old.add(link, self.keep)
            )
            del self.links[other][gone]
            changed.append(other)
        for other in links if refresh_all else changed:
            self._push(keep, other)


def _canonical(items: Sequence[EventItem]) -> list[EventItem]:
    """The items in an order of their own (date, id), so that results and ties do not depend on
    the order of the input."""
    far = math.inf

    def key(pair: tuple[int, EventItem]) -> tuple[float, str, int]:
        index, item = pair
        ts = _timestamp(item.published_at)
        return (far if math.isnan(ts) else ts, item.article_id, index)

    return [item for _, item in sorted(enumerate(items), key=key)]


def _units(items: Sequence[EventItem], space: _Space, strong: np.ndarray) -> np.ndarray:
    """Item -> the group it starts the clustering in (numbered in item order).

    An item starts with the items of its given event and with those its strong component reaches
    (which it would join anyway), unless that puts two given events together: then the items
    of that component start as they are given, each with its event or alone.
    """
    n = len(items)
    names = sorted({item.event_id for item in items if item.event_id})
    code = {name: k for k, name in enumerate(names)}
    given = np.array(
        [code[item.event_id] if item.event_id else -1 for item in items], dtype=np.int64
    )
    has = np.flatnonzero(given >= 0)
    # Nodes: the items, then the given events, then the strong components.
    a = np.concatenate([has, space.items])
    b = np.concatenate([n + given[has], n + len(names) + strong])
    size = n + len(names) + (int(strong.max()) + 1 if len(strong) else 0)
    _, joined = connected_components(
        sp.coo_array((np.ones(len(a)), (a, b)), shape=(size, size)), directed=False
    )
    unit = np.asarray(joined[:n], dtype=np.int64)
    events_in = np.bincount(np.unique(np.stack([unit[has], given[has]]), axis=1)[0], minlength=size)
    clash = events_in[unit] > 1
    base = size
    unit[clash & (given >= 0)] = base + given[clash & (given >= 0)]
    alone = np.flatnonzero(clash & (given < 0))
    unit[alone] = base + len(names) + alone
    _, first, inverse = np.unique(unit, return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[inverse]


def group_events(
    items: Sequence[EventItem], options: GroupingOptions | None = None
) -> dict[str, Assignment]:
    """article_id -> its event. Items with neither a summary nor a given event are left out."""
    options = options or GroupingOptions()
    items = _canonical([item for item in items if item.event_id or item.text.strip()])
    space = _Space.of(items, options)
    unit = _units(items, space, _strong_components(space, options, _FLOOR))
    groups: list[list[int]] = [[] for _ in range(int(unit.max(initial=-1)) + 1)]
    given: list[str | None] = [None] * len(groups)
    for i, u in enumerate(unit.tolist()):
        groups[u].append(i)
        given[u] = given[u] or items[i].event_id
    clusters = _Clusters(groups, given, options.top_k)
    clusters.add_edges(unit.tolist(), _edges(space, unit[space.items], len(items), options, _FLOOR))
    clusters.run(options.threshold)

    event_of = {i: c for c, members in clusters.members.items() for i in members}
    similarity = _mean_similarities(space, event_of, options, _FLOOR)
    result: dict[str, Assignment] = {}
    for c, members in clusters.members.items():
        event_id = clusters.given[c] or auto_event_id(items[i] for i in members)
        for i in members:
            item = items[i]
            result[item.article_id] = Assignment(
                event_id, "given" if item.event_id else "auto", similarity.get(i)
            )
    return result
