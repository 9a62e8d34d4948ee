"""How many LLM calls may be in flight at once: fixed, or learnt from the endpoint's answers.

Users rarely know their endpoint's limit: a vLLM server serves 64+ requests at once at little
extra latency, a new OpenAI key may take 8. `AdaptiveLimiter` starts moderate and learns it, the
way TCP congestion control does: it grows while latency stays flat and nothing is refused, and
shrinks on 429/503 (`Slot.overloaded()`) or on latency rising as the endpoint queues.

The caller's whole contract::

    async with limiter.slot() as slot:  # waits while `limit` calls are in flight
        try:
            answer = await post(...)  # one HTTP attempt; retries and backoff go outside
        except APIStatusError as exc:
            if exc.status_code in (429, 503):  # not a quota error: that is fatal, not load
                slot.overloaded()
            raise

Latency is measured by the limiter itself, from entering the slot to leaving it; a slot left by
an exception gives no latency sample (a reset's or a timeout's time says nothing about load).
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol


class Slot(Protocol):
    def overloaded(self) -> None:
        """The endpoint answered 429 or 503 to this call: too much load."""


class ConcurrencyLimiter(Protocol):
    def slot(self) -> AbstractAsyncContextManager[Slot]:
        """One call in flight; waits while `limit` are."""

    @property
    def limit(self) -> int:
        """Calls allowed in flight now."""

    @property
    def peak(self) -> int:
        """The highest limit reached (for the `runs` row)."""


class _Token:
    __slots__ = ("entered", "flagged", "seq", "started")

    def __init__(self, seq: int, entered: int, started: float) -> None:
        self.seq = seq  # order of entry: signals from calls sent before a decrease are stale
        self.entered = entered  # calls in flight once this one was admitted, itself included
        self.started = started
        self.flagged = False

    def overloaded(self) -> None:
        self.flagged = True


class _Gate:
    """Admission in arrival order against a limit that may change while calls wait."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._in_flight = 0
        self._seq = 0
        self._waiters: deque[asyncio.Future[int]] = deque()

    @property
    def limit(self) -> int:
        raise NotImplementedError

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Slot]:
        entered = await self._acquire()
        self._seq += 1
        token = _Token(self._seq, entered, self._clock())
        try:
            yield token
        except BaseException:
            self._release()
            self._done(token, None)
            raise
        self._release()
        self._done(token, self._clock() - token.started)

    def _done(self, token: _Token, latency: float | None) -> None:
        """A call left its slot: `latency` None when it left by an exception."""

    async def _acquire(self) -> int:
        """Calls in flight once this one was admitted, itself included."""
        if not self._waiters and self._in_flight < self.limit:
            self._in_flight += 1
            return self._in_flight
        waiter: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release()  # admitted, then cancelled before it could run: pass it on
            else:
                self._waiters.remove(waiter)
            raise

    def _release(self) -> None:
        self._in_flight -= 1
        self._admit()

    def _admit(self) -> None:
        # Admitting counts the call as in flight at once, so a later `limit` sees it.
        while self._waiters and self._in_flight < self.limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_flight += 1
                waiter.set_result(self._in_flight)


class FixedLimiter(_Gate):
    """`LLM_CONCURRENCY=N`: N calls at once, whatever the endpoint says."""

    def __init__(self, limit: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1:
            raise ValueError(f"concurrency limit must be >= 1, got {limit}")
        super().__init__(clock)
        self._limit = limit

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def peak(self) -> int:
        return self._limit


class AdaptiveLimiter(_Gate):
    """An AIMD limiter with a latency gradient, in windows of about one limit's worth of calls.

    - Slow start: +1 per flat-latency answer (doubling per round trip) until the first sign of
      load, so a 64-wide endpoint is reached from 8 in three round trips.
    - 429/503: the limit drops below the number in flight when the refused call was sent (an
      endpoint that serves N at once refused the N+1st), at least by `backoff`; that level is
      remembered as the ceiling, approached by +1 per window and probed again only every
      `probe_windows` windows, so refusals stay rare. One decrease per round trip: refusals of
      calls sent before the last decrease are the same event.
    - Latency: each window's median (not single calls: answers of different lengths take
      different times). Up to `tolerance` x a low percentile of the recent windows' medians it
      may grow (+sqrt(limit) a window) while also below the midpoint of `tolerance` and
      `shrink_at` x their lowest; beyond `shrink_at` x their lowest it shrinks by
      `backoff` (the endpoint queues: more calls only wait longer); in between it holds. Never
      below the start on latency alone: only a refusal takes it lower, so noise, or a busy
      client on a small machine adding its own latency, cannot collapse it below the fixed
      default of old.
    """

    def __init__(
        self,
        *,
        initial: int = 8,
        max_limit: int = 64,
        min_limit: int = 1,
        tolerance: float = 1.5,
        shrink_at: float = 2.0,
        backoff: float = 0.9,
        probe_windows: int = 16,
        baseline_windows: int = 500,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 1 <= min_limit <= max_limit:
            raise ValueError(f"need 1 <= min_limit <= max_limit, got {min_limit}, {max_limit}")
        if not 1 < tolerance <= shrink_at:
            raise ValueError("need 1 < tolerance <= shrink_at")
        super().__init__(clock)
        self._min = min_limit
        self._max = max_limit
        self._floor = min(max(initial, min_limit), max_limit)  # latency alone goes no lower
        self._limit = float(self._floor)
        self._peak = self.limit
        self._tolerance = tolerance
        self._shrink_at = shrink_at
        self._backoff = backoff
        self._probe_windows = probe_windows
        self._probe_every = probe_windows  # doubles each time a probe meets the same ceiling
        self._slow_start = True
        self._ceiling: int | None = None  # in flight when the last 429/503 came
        self._windows_since_overload = 0
        self._stale_before = 0  # tokens with seq <= this were sent before the last decrease
        self._medians: deque[float] = deque(maxlen=baseline_windows)
        self._window: list[float] = []
        # Fixed when a window starts: slow start grows the limit within it.
        self._window_size = max(self.limit, 8)
        self._window_full = False  # the window had `limit` calls in flight at some point

    @property
    def limit(self) -> int:
        return int(self._limit)

    @property
    def peak(self) -> int:
        return self._peak

    @property
    def baseline(self) -> float | None:
        """Latency without load (seconds): a low percentile of the recent windows' medians.

        Not their minimum: the lowest of hundreds of noisy medians sits well below a typical
        one, and would read as load.
        """
        if not self._medians:
            return None
        ordered = sorted(self._medians)
        return ordered[len(ordered) // 10]

    def _done(self, token: _Token, latency: float | None) -> None:
        if token.seq <= self._stale_before:
            return  # sent under a limit already judged too high
        if token.flagged:
            self._on_overload(token)
        elif latency is not None:
            self._on_latency(token, latency)

    def _on_overload(self, token: _Token) -> None:
        if self._ceiling is not None and token.entered >= self._ceiling:
            self._probe_every = min(2 * self._probe_every, 8 * self._probe_windows)
        self._set_limit(min(self._limit * self._backoff, token.entered - 1))
        self._ceiling = token.entered
        self._slow_start = False
        self._windows_since_overload = 0
        self._new_window(stale=True)

    def _on_latency(self, token: _Token, latency: float) -> None:
        self._window.append(latency)
        self._window_full |= token.entered >= self.limit
        baseline = self.baseline
        flat = baseline is None or latency <= self._tolerance * baseline
        if self._slow_start and flat and 2 * token.entered >= self.limit:
            self._set_limit(self._limit + 1)
        if len(self._window) >= self._window_size:
            self._end_window()

    def _end_window(self) -> None:
        median = statistics.median(self._window)
        self._medians.append(median)
        typical, lowest = self.baseline or median, min(self._medians)
        self._windows_since_overload += 1
        # Against the lowest median too: the percentile creeps up while the endpoint queues for
        # long, the lowest of the last windows does not. Growth stops short of the shrink line.
        if median > self._shrink_at * lowest:
            self._slow_start = False
            if self._limit > self._floor:
                self._set_limit(max(self._floor, self._limit * self._backoff))
                self._new_window(stale=True)
                return
        elif (
            median > self._tolerance * typical
            or median > (self._tolerance + self._shrink_at) / 2 * lowest
        ):
            self._slow_start = False
        elif self._window_full and not self._slow_start:
            self._grow()
        self._new_window(stale=False)

    def _grow(self) -> None:
        if self._ceiling is None:
            self._set_limit(self._limit + math.sqrt(self._limit))
        elif self._limit + 1 < self._ceiling:
            self._set_limit(self._limit + 1)
        elif self._windows_since_overload >= self._probe_every:
            # No refusal for a while at the old ceiling: probe one above it. If that holds too,
            # the ceiling is forgotten and growth speeds up again.
            if self._limit >= self._ceiling:
                self._ceiling = None
                self._probe_every = self._probe_windows
            self._set_limit(self._limit + 1)
            self._windows_since_overload = 0

    def _set_limit(self, value: float) -> None:
        self._limit = min(float(self._max), max(float(self._min), value))
        self._peak = max(self._peak, self.limit)
        self._admit()

    def _new_window(self, *, stale: bool) -> None:
        self._window = []
        self._window_size = max(self.limit, 8)
        self._window_full = False
        if stale:
            self._stale_before = self._seq


def make_limiter(concurrency: int | None, max_concurrency: int = 64) -> ConcurrencyLimiter:
    """`concurrency` set: fixed at it. None: adaptive, from 8 (or the max if lower) to the max."""
    if concurrency is not None:
        return FixedLimiter(concurrency)
    return AdaptiveLimiter(initial=min(8, max_concurrency), max_limit=max_concurrency)
