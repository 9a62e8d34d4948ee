"""What a run takes: the articles to process and the items to remember once they are done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsum.intake.state import Item
from newsum.records import Article


@dataclass
class IntakeBatch:
    """What a run takes: articles to process (new, not yet summarised) and what to remember."""

    started_at: datetime
    articles: list[Article] = field(default_factory=list)
    skipped: int = 0  # already summarised (status ok in an earlier run): not sent again
    notes: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    new_files: int = 0
    new_entries: int = 0
    other_shards: int = 0  # rows and entries left to the other shards

    @property
    def nothing_new(self) -> bool:
        return not self.items and not self.articles
