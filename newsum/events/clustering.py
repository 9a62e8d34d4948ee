"""Agglomerative clustering over sparse similarities, with a top-k linkage."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from newsum.events.edges import Edges


@dataclass(frozen=True, slots=True)
class _Link:
    """The similarities between two groups: their sum and the largest few."""

    total: float = 0.0
    top: tuple[float, ...] = ()

    def add(self, other: _Link, keep: int) -> _Link:
        top = tuple(sorted((*self.top, *other.top), reverse=True)[:keep])
        return _Link(self.total + other.total, top)


class Clusters:
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
