"""Where the clustering starts: given events and strongly linked articles as groups, with two
given events never in one group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from newsum.events.inputs import EventItem
from newsum.events.similarity import Space


def starting_units(items: Sequence[EventItem], space: Space, strong: np.ndarray) -> np.ndarray:
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
