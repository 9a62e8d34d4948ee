"""What event grouping reads: one article (`EventItem`) and the settings (`GroupingOptions`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
    # most similar to it, where a group is what the clustering would join anyway (see
    # `starting_units`). Keeping every pair above the floor made edges quadratic when many
    # articles report the same few events; the linkage only reads the strongest pairs between two
    # groups.
    neighbours: int = 16
