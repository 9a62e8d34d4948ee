"""A run's client: built from the endpoint and the settings, opened and closed in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from newsum.cache import ResponseCache
from newsum.llm.client import LLMClient
from newsum.llm.limiter import ConcurrencyLimiter, make_limiter
from newsum.llm.transport import CircuitBreaker

if TYPE_CHECKING:
    from newsum.config import Settings
    from newsum.endpoint import Endpoint
    from newsum.run_control import RunControl


def client_for(
    endpoint: Endpoint,
    settings: Settings,
    *,
    like: LLMClient | None = None,
    limiter: ConcurrencyLimiter | None = None,
) -> LLMClient:
    """The client for an endpoint; `like`: an earlier client of this run whose capability,
    learnt parameters and concurrency carry over. `limiter`: by default `like`'s, else a new
    one: fixed at LLM_CONCURRENCY, or adaptive up to LLM_CONCURRENCY_MAX when that is unset."""
    if limiter is None:
        limiter = (
            like.limiter
            if like is not None
            else make_limiter(endpoint.concurrency, settings.concurrency_max)
        )
    capability = endpoint.capability
    if like is not None and like.capability is not None:
        capability = like.capability
    client = LLMClient(
        model=endpoint.model,
        base_url=endpoint.base_url,
        api_key=endpoint.api_key,
        capability=capability,
        cache=ResponseCache(settings.resolved_cache_path) if settings.use_cache else None,
        params=like.params if like is not None else None,
        timeout_s=settings.timeout_s,
        max_attempts=settings.max_attempts,
        breaker=CircuitBreaker(
            settings.circuit_breaker_failures, settings.circuit_breaker_cooldown_s
        ),
        replica_urls=endpoint.replica_urls,
        limiter=limiter,
        temperature=settings.temperature,
        extra_body=endpoint.extra_body,
        reasoning_effort=settings.reasoning_effort,
    )
    if like is not None and like.settled:
        client.settled = client.capability is not None
    return client


@asynccontextmanager
async def open_client(
    endpoint: Endpoint,
    settings: Settings,
    *,
    like: LLMClient | None = None,
    limiter: ConcurrencyLimiter | None = None,
) -> AsyncIterator[LLMClient]:
    """A client that is closed (connections and cache) however the block ends."""
    client = client_for(endpoint, settings, like=like, limiter=limiter)
    try:
        yield client
    finally:
        await client.aclose()
        if client.cache is not None:
            client.cache.close()


@asynccontextmanager
async def stage_client(
    endpoint: Endpoint, settings: Settings, control: RunControl, like: LLMClient | None = None
) -> AsyncIterator[LLMClient]:
    """A client for one stage (open_client); on the way out its fatal latch is read into
    `control`, so the run stops for every later stage too."""
    async with open_client(endpoint, settings, like=like) as client:
        try:
            yield client
        finally:
            control.absorb(client)
