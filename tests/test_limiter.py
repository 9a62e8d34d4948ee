"""The concurrency limiters against simulated endpoints (bench.limiter_sim): a virtual clock,
so every figure is exact and no timing is asserted; and the client wiring on loopback."""

from __future__ import annotations

import asyncio
import random

import pytest
from pydantic import BaseModel

from bench.limiter_sim import LATENCY, Clock, Endpoint, Overloaded, Result, simulate
from newsum.config import Capability, load_settings
from newsum.llm import CallStats, LLMClient
from newsum.llm.limiter import AdaptiveLimiter, FixedLimiter, make_limiter
from newsum.prompts import PromptTemplate
from tests.support.fake_openai import FakeOpenAI


def run(endpoint: Endpoint, calls: int = 2000, **options: float) -> tuple[AdaptiveLimiter, Result]:
    clock = Clock()
    limiter = AdaptiveLimiter(clock=clock, **options)  # type: ignore[arg-type]
    return limiter, asyncio.run(simulate(limiter, clock, endpoint, calls))


def share_of_ideal(endpoint: Endpoint, result: Result, calls: int) -> float:
    return result.share_of_ideal(endpoint, calls)


# ---------------------------------------------------------------------------------------------


def test_fixed_limiter_stays_fixed_whatever_the_endpoint_says() -> None:
    clock = Clock()
    limiter = FixedLimiter(8, clock=clock)
    result = asyncio.run(simulate(limiter, clock, Endpoint(8, overflow="429"), 500))
    assert result.most_over_limit == 0  # full, never beyond
    assert set(result.limits) == {8} and limiter.peak == 8 and result.refused == 0
    result = asyncio.run(simulate(limiter, clock, Endpoint(4, overflow="429"), 500))
    assert set(result.limits) == {8} and result.refused > 0  # refusals change nothing


def test_grows_to_the_max_while_latency_stays_flat() -> None:
    limiter, result = run(Endpoint(200), max_limit=64)
    assert result.most_over_limit <= 0
    assert limiter.limit == limiter.peak == 64
    assert max(result.limits) == 64  # never beyond the max
    # From 8 to 64 in slow start: a few round trips, not dozens.
    assert result.limits.index(64) < 8 + 16 + 32 + 64
    assert share_of_ideal(Endpoint(64), result, 2000) > 0.9


def test_the_max_bounds_the_limit() -> None:
    limiter, result = run(Endpoint(200), max_limit=20)
    assert max(result.limits) == limiter.peak == 20


def test_endpoint_that_queues_stops_growth_without_losing_throughput() -> None:
    endpoint = Endpoint(16)
    _, result = run(endpoint, calls=3000)
    settled = result.limits[len(result.limits) // 2 :]
    # At least the endpoint's width (its throughput), at most ~2x (latency 2x): no runaway.
    assert min(settled) >= 16
    assert max(settled) <= 2 * 16 + 2
    assert share_of_ideal(endpoint, result, 3000) > 0.9
    fixed_clock = Clock()
    fixed = asyncio.run(
        simulate(FixedLimiter(8, clock=fixed_clock), fixed_clock, Endpoint(16), 3000)
    )
    assert fixed.finished_at > 1.7 * result.finished_at  # 8 fixed gets half of it


def test_endpoint_that_refuses_beyond_8_gets_few_429s() -> None:
    endpoint = Endpoint(8, overflow="429")
    _, result = run(endpoint, calls=2000)
    assert result.refused <= 0.02 * result.sent
    assert result.most_over_limit <= 0
    settled = result.limits[len(result.limits) // 4 :]
    assert min(settled) >= 7 and max(settled) <= 9  # found and kept: 8, probing 9 rarely
    assert share_of_ideal(endpoint, result, 2000) > 0.85


def test_refusals_take_it_below_the_start() -> None:
    limiter, result = run(Endpoint(3, overflow="429"), calls=1000)
    assert result.limits[-1] <= 3
    assert result.refused <= 0.05 * result.sent
    assert limiter.peak >= 8  # the start is still what it reached


def test_one_burst_of_429s_is_one_decrease() -> None:
    clock = Clock()
    limiter = AdaptiveLimiter(initial=8, clock=clock)

    async def burst() -> None:
        managers = [limiter.slot() for _ in range(8)]
        slots = [await m.__aenter__() for m in managers]
        clock.now += 0.01
        for manager, slot in zip(managers[4:], slots[4:], strict=True):
            slot.overloaded()
            await manager.__aexit__(Overloaded, Overloaded(), None)
        for manager in managers[:4]:
            await manager.__aexit__(None, None, None)

    asyncio.run(burst())
    # The 5th in flight was refused: the limit goes to 4, not 8 x 0.9^4 or lower.
    assert limiter.limit == 4


def test_latency_noise_does_not_collapse_the_limit() -> None:
    rng = random.Random(7)
    noisy = Endpoint(200, latency=lambda: LATENCY * rng.uniform(0.4, 1.6))
    limiter, result = run(noisy, calls=4000)
    assert min(result.limits) >= 8  # never below the start on latency alone
    assert limiter.peak == 64


def test_latency_rising_for_other_reasons_holds_at_the_start() -> None:
    # The endpoint (or a busy client) gets 3x slower half-way: the limit shrinks, but not
    # below where it started.
    slow = {"factor": 1.0}
    endpoint = Endpoint(1000, latency=lambda: LATENCY * slow["factor"])
    clock = Clock()
    limiter = AdaptiveLimiter(clock=clock)
    asyncio.run(simulate(limiter, clock, endpoint, 1500))
    assert limiter.limit == 64
    slow["factor"] = 3.0
    result = asyncio.run(simulate(limiter, clock, endpoint, 1500))
    assert result.limits[-1] < 64
    assert min(result.limits) >= 8


def test_a_partly_used_limit_does_not_grow() -> None:
    clock = Clock()
    limiter = AdaptiveLimiter(initial=8, clock=clock)

    async def trickle() -> None:
        for _ in range(200):  # one call at a time: nothing says the endpoint takes more
            async with limiter.slot():
                clock.now += LATENCY

    asyncio.run(trickle())
    assert limiter.limit == 8


def test_waiters_are_admitted_in_order_and_cancellation_frees_the_place() -> None:
    async def scenario() -> list[str]:
        limiter = FixedLimiter(1)
        order: list[str] = []
        gate = asyncio.Event()

        async def call(name: str) -> None:
            async with limiter.slot():
                order.append(name)
                await gate.wait()

        first = asyncio.create_task(call("a"))
        await asyncio.sleep(0)
        waiting = [asyncio.create_task(call(name)) for name in "bcd"]
        await asyncio.sleep(0)
        assert order == ["a"] and limiter.in_flight == 1
        waiting[0].cancel()  # "b" gives up while waiting
        gate.set()
        await asyncio.gather(first, *waiting[1:])
        assert waiting[0].cancelled() and limiter.in_flight == 0
        return order

    assert asyncio.run(scenario()) == ["a", "c", "d"]


def test_make_limiter_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LLM_CONCURRENCY", raising=False)
    monkeypatch.delenv("LLM_CONCURRENCY_MAX", raising=False)
    settings = load_settings()
    assert settings.concurrency is None and settings.concurrency_max == 64
    limiter = make_limiter(settings.concurrency, settings.concurrency_max)
    assert isinstance(limiter, AdaptiveLimiter) and limiter.limit == 8
    monkeypatch.setenv("LLM_CONCURRENCY", "")
    assert load_settings().concurrency is None
    monkeypatch.setenv("LLM_CONCURRENCY", "12")
    monkeypatch.setenv("LLM_CONCURRENCY_MAX", "4")
    settings = load_settings()
    fixed = make_limiter(settings.concurrency, settings.concurrency_max)
    assert isinstance(fixed, FixedLimiter) and fixed.limit == fixed.peak == 12
    small = make_limiter(None, 4)
    assert small.limit == 4  # the start never exceeds the max


class Answer(BaseModel):
    summary: str


def test_client_tells_the_limiter_about_429s_from_a_real_endpoint() -> None:
    # Loopback fake serving 3 at once and answering 429 beyond; real time, nothing timed.
    template = PromptTemplate(name="t", version=1, system="Summarise.", prompt="$article")
    limiter = AdaptiveLimiter(initial=8)
    with FakeOpenAI(latency=0.02, concurrency=3, overflow="429") as server:
        client = LLMClient(
            model="fake-model",
            base_url=server.base_url,
            api_key="sk-test",
            capability=Capability.JSON_SCHEMA,
            limiter=limiter,
            backoff_base_s=0.01,
            backoff_max_s=0.05,
            max_attempts=10,
        )

        async def many() -> list[Answer]:
            try:
                return await asyncio.gather(
                    *(
                        client.structured(
                            template.render(article=f"a{i}"),
                            Answer,
                            max_tokens=50,
                            stats=CallStats(),
                        )
                        for i in range(60)
                    )
                )
            finally:
                await client.aclose()

        answers = asyncio.run(many())
        refused = server.kinds()["over_capacity"]
    assert len(answers) == 60
    assert refused >= 1  # it started at 8 against 3
    assert limiter.limit <= 3 and limiter.peak >= 8
    assert server.max_in_flight <= 3
