"""The concurrency limiters (newsum.llm.limiter) against simulated endpoints, in virtual time.

`simulate` plays calls through a limiter: slots are filled up to the limit, the endpoint model
decides each call's latency (or a 429) as it is sent, and calls leave their slots in completion
order with the clock set to that moment. Every figure is exact and the same on every machine:
the limiter's own share of the ideal, apart from what a busy machine takes from the client.
Used by tests/test_limiter.py and by bench.run's adaptive-concurrency figures.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from newsum.llm.limiter import AdaptiveLimiter, FixedLimiter, Slot

LATENCY = 0.2


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Overloaded(Exception):
    """What the caller raises after a 429/503 (the client's APIStatusError)."""


@dataclass
class Endpoint:
    """Serves `capacity` calls at once; beyond, queues them (FIFO) or answers 429 at once."""

    capacity: int
    overflow: str = "queue"
    latency: Callable[[], float] = lambda: LATENCY
    free_at: list[float] = field(default_factory=list)  # per busy server slot, when it frees

    def send(self, now: float) -> float | None:
        """When the answer comes back; None: a 429, answered at once."""
        self.free_at = sorted(t for t in self.free_at if t > now)
        if len(self.free_at) < self.capacity:
            start = now
        elif self.overflow == "429":
            return None
        else:
            start = self.free_at.pop(0)  # waits for the first slot to free
        done = start + self.latency()
        self.free_at.append(done)
        return done


@dataclass
class Result:
    sent: int = 0
    refused: int = 0
    finished_at: float = 0.0
    limits: list[int] = field(default_factory=list)  # the limit after each completion
    most_over_limit: int = -1  # in flight minus the limit, at its highest when a call got in

    def share_of_ideal(self, endpoint: Endpoint, calls: int) -> float:
        """Calls per second against the endpoint's width / latency."""
        return calls * LATENCY / endpoint.capacity / self.finished_at


async def simulate(
    limiter: AdaptiveLimiter | FixedLimiter, clock: Clock, endpoint: Endpoint, calls: int
) -> Result:
    result = Result()
    pending = calls
    heap: list[tuple[float, int, AbstractAsyncContextManager[Slot], Slot, bool]] = []
    order = 0
    while pending or heap:
        while pending and limiter.in_flight < limiter.limit:
            manager: AbstractAsyncContextManager[Slot] = limiter.slot()
            slot = await manager.__aenter__()
            result.most_over_limit = max(result.most_over_limit, limiter.in_flight - limiter.limit)
            pending -= 1
            result.sent += 1
            done = endpoint.send(clock.now)
            refused = done is None
            heapq.heappush(
                heap, (clock.now + 0.001 if done is None else done, order, manager, slot, refused)
            )
            order += 1
        at, _, manager, slot, refused = heapq.heappop(heap)
        clock.now = at
        if refused:
            result.refused += 1
            pending += 1  # retried later, as the client does
            slot.overloaded()
            await manager.__aexit__(Overloaded, Overloaded(), None)
        else:
            await manager.__aexit__(None, None, None)
        result.limits.append(limiter.limit)
    result.finished_at = clock.now
    return result


def figures(calls: int = 2058) -> list[tuple[str, str]]:
    """(case, share of ideal and 429s) for the bench's endpoints, adaptive vs fixed."""
    out = []
    for width, overflow in ((16, "queue"), (64, "queue"), (8, "429")):
        for fixed in dict.fromkeys((None, 8, width)):
            name = "unset" if fixed is None else str(fixed)
            clock = Clock()
            limiter: AdaptiveLimiter | FixedLimiter = (
                AdaptiveLimiter(clock=clock) if fixed is None else FixedLimiter(fixed, clock=clock)
            )
            endpoint = Endpoint(width, overflow=overflow)
            result = asyncio.run(simulate(limiter, clock, endpoint, calls))
            beyond = "queues" if overflow == "queue" else "429"
            out.append(
                (
                    f"serves {width}, {beyond} beyond, LLM_CONCURRENCY {name}",
                    f"{result.share_of_ideal(endpoint, calls):.0%} of ideal, 429s "
                    f"{result.refused} of {result.sent} calls "
                    f"({result.refused / result.sent:.1%}), limit peak {limiter.peak}",
                )
            )
    return out
