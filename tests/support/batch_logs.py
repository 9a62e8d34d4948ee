"""Reading the batch progress lines (newsum.llm.batch._progress) back out of a run's logs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# batch batch-fake000002: in_progress, 11/24 done, 0 failed, waited 1.5s
_LINE = re.compile(
    r"batch (?P<id>\S+): (?P<status>\w+), (?P<done>\d+)/(?P<total>\d+) done, "
    r"(?P<failed>\d+) failed, waited (?P<waited>\S+)"
)


@dataclass(frozen=True)
class Progress:
    batch_id: str
    status: str
    done: int
    failed: int
    total: int
    waited: str

    @property
    def state(self) -> tuple[str, int, int, int]:
        """What changes between two lines of a batch that moved (not the time waited)."""
        return self.status, self.done, self.failed, self.total


def progress_lines(messages: Iterable[str]) -> list[Progress]:
    out = []
    for message in messages:
        found = _LINE.search(message)
        if found:
            g = found.groupdict()
            counts = int(g["done"]), int(g["failed"]), int(g["total"])
            out.append(Progress(g["id"], g["status"], *counts, g["waited"]))
    return out
