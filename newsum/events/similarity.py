"""Similarities between summarised articles, within a time window, one block of rows at a time.

TF-IDF rows are sparse, and similarities are sparse products of a block of rows with the rows
published within `max_days` of it (never the whole n x n matrix), so memory stays bounded at tens
of thousands of articles a run.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import scipy.sparse as sp

from newsum.events.features import features, tfidf
from newsum.events.inputs import EventItem, GroupingOptions

_DAY = 86400.0
# Candidate pairs (rows x columns) per similarity block: bounds the memory of one block's
# products (about 100 bytes a pair at worst) whatever the number of articles.
_BLOCK_PAIRS = 1 << 20
_BLOCK_ROWS = 512
# Pairs less similar than this are no evidence of a shared event (nor counted in the mean
# similarity reported for an article).
FLOOR = 0.02


def timestamp(value: datetime | None) -> float:
    if value is None:
        return math.nan
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # naive dates are read as UTC
    return value.timestamp()


@dataclass(frozen=True)
class Space:
    """The summarised items as sparse rows, sorted by publication time (unknown dates last)."""

    items: np.ndarray  # row -> index into the items given to similarity_edges
    ts: np.ndarray  # seconds since the epoch; NaN when unknown
    # Word and name rows side by side, scaled by the square roots of their weights: one product
    # gives their weighted sum of cosines.
    text: sp.csr_array
    numbers: sp.csr_array
    shared: sp.csr_array  # the number rows as 0/1: counts shared figures

    @classmethod
    def of(cls, items: Sequence[EventItem], options: GroupingOptions) -> Space:
        idx = [i for i, item in enumerate(items) if item.text.strip()]
        ts = np.array([timestamp(items[i].published_at) for i in idx], dtype=np.float64)
        order = np.argsort(ts, kind="stable")  # NaN sorts last
        feats = [features(items[idx[k]], options) for k in order.tolist()]
        numbers = tfidf([f[2] for f in feats])
        shared = numbers.copy()
        shared.data[:] = 1.0
        return cls(
            items=np.asarray(idx, dtype=np.int64)[order],
            ts=ts[order],
            text=sp.csr_array(
                sp.hstack(
                    [
                        math.sqrt(options.word_weight) * tfidf([f[0] for f in feats]),
                        math.sqrt(options.name_weight) * tfidf([f[1] for f in feats]),
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


def _blocks(space: Space, days: float) -> Iterator[tuple[int, int, np.ndarray]]:
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
    space: Space, start: int, stop: int, cols: np.ndarray, options: GroupingOptions
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


def pairs(
    space: Space, options: GroupingOptions, floor: float
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(rows, columns, similarities) of every pair above `floor` within `max_days`, one block of
    rows at a time; both (i, j) and (j, i) come, never (i, i)."""
    for start, stop, cols in _blocks(space, options.max_days):
        sims = _block_similarity(space, start, stop, cols, options)
        rows, other = sims.coords[1] + start, cols[sims.coords[0]]
        apart = np.abs(space.ts[rows] - space.ts[other])
        keep = (rows != other) & (sims.data > floor) & ~(apart > options.max_days * _DAY)
        yield rows[keep], other[keep], sims.data[keep]


def mean_similarities(
    space: Space, event_of: dict[int, int], options: GroupingOptions, floor: float
) -> dict[int, float]:
    """Item index -> mean similarity to the other summarised members of its event (pairs below
    `floor` or further apart than `max_days` count as 0), for items that have such members.

    Exact, not read from the kept edges: a large event has far more members than neighbours.
    The products run over all pairs within `max_days` again but only same-event pairs are summed.
    """
    event = np.array([event_of[i] for i in space.items.tolist()], dtype=np.int64)
    peers = np.bincount(event, minlength=max(event, default=-1) + 1)[event] - 1
    totals = np.zeros(len(space), dtype=np.float64)
    for rows, cols, sims in pairs(space, options, floor):
        same = event[rows] == event[cols]
        totals += np.bincount(rows[same], weights=sims[same], minlength=len(space))
    return {
        item: round(float(totals[row] / peers[row]), 4)
        for row, item in enumerate(space.items.tolist())
        if peers[row] > 0
    }
