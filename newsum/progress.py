"""A progress line on the terminal (stderr): rewritten in place on a TTY, periodic otherwise."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TextIO


class Progress:
    def __init__(
        self,
        total: int,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        every_s: float = 0.5,
    ) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every_s = every_s if self.tty else max(every_s, 10.0)
        self.counts: Counter[str] = Counter()
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, statuses: list[str]) -> None:
        self.counts.update(statuses)
        self.done += len(statuses)
        now = time.monotonic()
        if now - self._last >= self.every_s or self.done >= self.total:
            self._last = now
            self._print(final=False)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        counts = " ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        return (
            f"[{self.done}/{self.total}] {counts} | {self.done / elapsed:.1f} articles/s, "
            f"{elapsed:.0f}s"
        )

    def _print(self, final: bool) -> None:
        if not self.enabled:
            return
        end = "\n" if final or not self.tty else ""
        prefix = "\r" if self.tty else ""
        print(f"{prefix}{self.line()}", end=end, file=self.stream, flush=True)

    def close(self) -> None:
        self._print(final=True)
