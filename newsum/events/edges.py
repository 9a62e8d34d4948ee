"""The similar pairs handed to the clustering, bounded so that they grow linearly with articles.

Articles joined by a pair similar enough to force their merge start the clustering as one group;
between groups each article keeps only its top_k strongest pairs with each of its `neighbours`
most similar groups, which is what the top-k linkage reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from newsum.events.inputs import EventItem, GroupingOptions
from newsum.events.similarity import FLOOR, Space, pairs


def strong_components(space: Space, options: GroupingOptions, floor: float) -> np.ndarray:
    """Row -> its component of the graph of pairs with similarity >= top_k x threshold.

    Such a pair alone lifts the top-k linkage of any two groups holding its articles to the
    threshold, so the clustering joins them whatever else happens (given events aside).
    """
    labels = np.arange(len(space))
    if options.top_k <= 0:
        return labels  # an average linkage promises nothing of the kind
    strong = options.top_k * options.threshold
    for rows, cols, sims in pairs(space, options, floor):
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
    items: Sequence[EventItem], options: GroupingOptions, floor: float = FLOOR
) -> Edges:
    """The similarities the clustering needs between summarised items published within
    `max_days` (pairs above `floor`): for each item, its top_k strongest pairs with each of the
    `neighbours` strongly linked components most similar to it, so at most
    top_k x neighbours x items edges. Pairs inside a component are left out."""
    space = Space.of(items, options)
    return unit_edges(space, strong_components(space, options, floor), len(items), options, floor)


def unit_edges(
    space: Space, unit: np.ndarray, n_items: int, options: GroupingOptions, floor: float
) -> Edges:
    """Edges between rows of different units (unit: row -> the group it starts in)."""
    if len(space) < 2:
        return _empty_edges()
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for rows, cols, sims in pairs(space, options, floor):
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
