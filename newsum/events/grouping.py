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
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from newsum.events.clustering import Clusters
from newsum.events.edges import strong_components, unit_edges
from newsum.events.inputs import EventItem, GroupingOptions
from newsum.events.similarity import FLOOR, Space, mean_similarities, timestamp
from newsum.events.units import starting_units

Grouping = Literal["given", "auto"]


@dataclass(frozen=True)
class Assignment:
    event_id: str
    grouping: Grouping
    # Mean similarity to the event's other summarised members; None when it has none.
    similarity: float | None


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


def _canonical(items: Sequence[EventItem]) -> list[EventItem]:
    """The items in an order of their own (date, id), so that results and ties do not depend on
    the order of the input."""
    far = math.inf

    def key(pair: tuple[int, EventItem]) -> tuple[float, str, int]:
        index, item = pair
        ts = timestamp(item.published_at)
        return (far if math.isnan(ts) else ts, item.article_id, index)

    return [item for _, item in sorted(enumerate(items), key=key)]


def group_events(
    items: Sequence[EventItem], options: GroupingOptions | None = None
) -> dict[str, Assignment]:
    """article_id -> its event. Items with neither a summary nor a given event are left out."""
    options = options or GroupingOptions()
    items = _canonical([item for item in items if item.event_id or item.text.strip()])
    space = Space.of(items, options)
    unit = starting_units(items, space, strong_components(space, options, FLOOR))
    groups: list[list[int]] = [[] for _ in range(int(unit.max(initial=-1)) + 1)]
    given: list[str | None] = [None] * len(groups)
    for i, u in enumerate(unit.tolist()):
        groups[u].append(i)
        given[u] = given[u] or items[i].event_id
    clusters = Clusters(groups, given, options.top_k)
    clusters.add_edges(
        unit.tolist(), unit_edges(space, unit[space.items], len(items), options, FLOOR)
    )
    clusters.run(options.threshold)

    event_of = {i: c for c, members in clusters.members.items() for i in members}
    similarity = mean_similarities(space, event_of, options, FLOOR)
    result: dict[str, Assignment] = {}
    for c, members in clusters.members.items():
        event_id = clusters.given[c] or auto_event_id(items[i] for i in members)
        for i in members:
            item = items[i]
            result[item.article_id] = Assignment(
                event_id, "given" if item.event_id else "auto", similarity.get(i)
            )
    return result
