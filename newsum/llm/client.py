"""The one place that talks to an LLM endpoint: cache -> ask -> repair.

One code path for every OpenAI-compatible server. What differs between servers is learnt once
per run: the structured-output capability (formats.py) when it is "auto", and the parameters
the model takes (params.py). Getting a body to a server is the transport's job (transport.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from newsum.cache import BatchAnswer, ResponseCache, cache_key
from newsum.config import Capability
from newsum.errors import EndpointFatal, LLMError, LLMOutputError
from newsum.llm.formats import (
    NEGOTIATION_ORDER,
    ChatRequest,
    check_finish,
    parse_answer,
    request_body,
)
from newsum.llm.limiter import ConcurrencyLimiter, FixedLimiter
from newsum.llm.params import ReasoningEffort, RequestParams, default_token_field
from newsum.llm.transport import (
    CallStats,
    CircuitBreaker,
    Completion,
    Rejected,
    RetryPolicy,
    Transport,
)
from newsum.prompts import RenderedPrompt

log = logging.getLogger("newsum.llm")
T = TypeVar("T", bound=BaseModel)


class FormatRejected(LLMError):
    """The endpoint refused the response_format we sent (drives capability negotiation)."""


class Deferred(Exception):
    """A collecting client's answer to a request it has no answer for yet (batch mode): the
    request was noted for the next batch. Not an LLMError, so no stage takes it for a failure."""


@dataclass(frozen=True)
class Collected:
    """A request a collecting client noted: what a batch line and a settling call need."""

    key: str
    request: ChatRequest
    prompt: RenderedPrompt
    answer_model: type[BaseModel]


@dataclass
class Collector:
    """The requests of one collect pass, once each (articles may share a request)."""

    requests: dict[str, Collected] = field(default_factory=dict)

    def add(self, item: Collected) -> None:
        self.requests.setdefault(item.key, item)


class LLMClient:
    """Validated answers to rendered prompts, through one `Transport`."""

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None,
        api_key: str | None,
        capability: Capability = Capability.AUTO,
        cache: ResponseCache | None = None,
        params: RequestParams | None = None,
        transport: Transport | None = None,
        # Shorthands for the transport and the parameters, when they are not given whole:
        concurrency: int = 8,
        timeout_s: float = 120.0,
        max_attempts: int = 5,
        breaker: CircuitBreaker | None = None,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 20.0,
        replica_urls: Sequence[str] = (),
        limiter: ConcurrencyLimiter | None = None,
        temperature: float = 0.0,
        extra_body: dict[str, Any] | None = None,
        reasoning_effort: ReasoningEffort | None = None,
    ) -> None:
        self.model = model
        self.capability: Capability | None = None if capability is Capability.AUTO else capability
        self.cache = cache
        self.params = params or RequestParams(
            token_field=default_token_field(base_url, api_key),
            temperature=temperature,
            reasoning_effort=reasoning_effort,
            extra_body=dict(extra_body or {}),
        )
        self.transport = transport or Transport(
            [base_url, *replica_urls],
            api_key,
            timeout_s=timeout_s,
            limiter=limiter or FixedLimiter(concurrency),
            retry=RetryPolicy(max_attempts, backoff_base_s, backoff_max_s),
            breaker=breaker,
        )
        # Until one call has gone through, calls wait for it: what it learns (capability,
        # parameters) is learnt once, not by every call of the first wave. Skipped where there
        # is little to learn and a lone first call costs most (a configured capability on a
        # server other than OpenAI's: the embedded model's first call takes seconds).
        self.settled = not (
            self.capability is None or self.params.token_field == "max_completion_tokens"
        )
        self._first: asyncio.Lock | None = None
        # Batch mode (newsum.llm.batch): while a collector is set, a request with no answer in
        # the cache is noted there and raises Deferred instead of being sent. What a collect
        # pass did get answered (batch answers read, repairs, the settling call) is kept per
        # key, so the pass that makes the rows counts it as calls rather than cache hits.
        self.collector: Collector | None = None
        self.answered: dict[str, CallStats] = {}

    @property
    def stats(self) -> CallStats:
        return self.transport.stats

    @property
    def fatal(self) -> EndpointFatal | None:
        return self.transport.fatal

    @property
    def replicas(self) -> int:
        """How many servers of the model this client spreads its calls over."""
        return len(self.transport.replicas.clients)

    @property
    def limiter(self) -> ConcurrencyLimiter:
        return self.transport.limiter

    def redact(self, text: str) -> str:
        return self.transport.redact(text)

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def structured(
        self,
        prompt: RenderedPrompt,
        answer_model: type[T],
        *,
        max_tokens: int,
        stats: CallStats,
        schema: dict[str, Any] | None = None,
    ) -> T:
        """A validated answer: from the cache, or from the endpoint with one repair re-ask."""
        request = ChatRequest(
            prompt.messages, schema or answer_model.model_json_schema(), max_tokens
        )
        key = self._key(prompt, request)
        batched: BatchAnswer | None = None
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            try:
                value = parse_answer(hit.content, answer_model)
            except ValueError:
                value = None  # an answer model changed shape: ask again
            if value is not None:
                if self.collector is None and key in self.answered:
                    stats.add(self.answered.pop(key))  # asked in a collect pass of this run
                    return value
                stats.cached += 1
                self.stats.cached += 1
                return value
        if self.cache is not None:
            batched = self.cache.batch_answer(key)
        if batched is None and self.collector is not None:
            self.collector.add(Collected(key, request, prompt, answer_model))
            raise Deferred(key)
        call = CallStats()  # this request's own usage (map-reduce parts share `stats`)
        try:
            value = await self._ask(request, answer_model, call, batched)
        finally:
            stats.add(call)
        if self.collector is not None:
            self.answered[key] = call
        if self.cache is not None:
            self.cache.put(
                key,
                self.model,
                prompt.label,
                value.model_dump_json(),
                call.prompt_tokens,
                call.completion_tokens,
            )
        return value

    async def _ask(
        self,
        request: ChatRequest,
        answer_model: type[T],
        call: CallStats,
        batched: BatchAnswer | None = None,
    ) -> T:
        """A valid answer in at most two completions: the first may have come from a batch
        (read like any completion); the repair re-ask is always synchronous."""
        original, error, answer = request.messages, "", Completion(None, None)
        for attempt in (1, 2):
            if attempt == 1 and batched is not None:
                answer = self._from_batch(batched, call)
            else:
                answer = await self._complete(request, call)
            check_finish(answer, self.params.describe_budget(request.max_tokens), attempt)
            try:
                return parse_answer(answer.content, answer_model, request.schema)
            except ValueError as exc:
                error = str(exc)
                request = request.repaired(original, answer.content, error)
        raise LLMOutputError(f"invalid answer: {error}", 2, (answer.content or "")[:300])

    def _from_batch(self, batched: BatchAnswer, call: CallStats) -> Completion:
        for total in (call, self.stats):
            total.calls += 1
            total.batch_calls += 1
            total.prompt_tokens += batched.prompt_tokens
            total.completion_tokens += batched.completion_tokens
            total.reasoning_tokens += batched.reasoning_tokens
            total.batch_prompt_tokens += batched.prompt_tokens
            total.batch_completion_tokens += batched.completion_tokens
        return Completion(
            batched.content, batched.finish_reason, batched.refusal, batched.reasoning_tokens
        )

    def batch_body(self, request: ChatRequest) -> dict[str, Any]:
        """The chat-completion body of a batch line: what `_send` would post now."""
        assert self.capability is not None, "settle the client before building batch lines"
        fields = self.params.fields(request.max_tokens)
        return request_body(self.model, self.capability, request, fields, self.params.strict)

    async def settle(self, item: Collected) -> None:
        """Answer one collected request synchronously, so that the capability and the
        parameters are learnt before batch lines are built with them."""
        collector, self.collector = self.collector, None
        stats = CallStats()
        try:
            await self.structured(
                item.prompt,
                item.answer_model,
                max_tokens=item.request.max_tokens,
                stats=stats,
                schema=item.request.schema,
            )
        finally:
            self.collector = collector
            if stats.calls:
                self.answered[item.key] = stats

    def _key(self, prompt: RenderedPrompt, request: ChatRequest) -> str:
        params = self.params.cache_fields(request.max_tokens)
        return cache_key(self.model, prompt.messages, params, request.schema)

    def remember(
        self, prompt: RenderedPrompt, value: BaseModel, *, max_tokens: int, schema: dict[str, Any]
    ) -> None:
        """Cache an answer assembled from smaller calls (a split translation batch), so that
        rerunning the same request is free even when the split is not needed again."""
        if self.cache is None:
            return
        key = self._key(prompt, ChatRequest(prompt.messages, schema, max_tokens))
        self.cache.put(key, self.model, prompt.label, value.model_dump_json(), 0, 0)

    async def _complete(self, request: ChatRequest, stats: CallStats) -> Completion:
        if not self.settled:
            self._first = self._first or asyncio.Lock()
            async with self._first:
                if not self.settled:
                    answer = await self._negotiate(request, stats)
                    self.settled = True
                    return await self._room_for_reasoning(answer, request, stats)
        assert self.capability is not None
        answer = await self._send(self.capability, request, stats)
        return await self._room_for_reasoning(answer, request, stats)

    async def _room_for_reasoning(
        self, answer: Completion, request: ChatRequest, stats: CallStats
    ) -> Completion:
        """The first answer that shows reasoning tokens: budgets leave room for them from now
        on, and an answer they cut short is asked again with that room."""
        if not answer.reasoning_tokens or self.params.reasoning:
            return answer
        self.params.reasoning = True
        log.info("the model reasons: completion budgets get room for its reasoning tokens")
        if answer.finish_reason != "length":
            return answer
        assert self.capability is not None
        return await self._send(self.capability, request, stats)

    async def _negotiate(self, request: ChatRequest, stats: CallStats) -> Completion:
        if self.capability is not None:
            return await self._send(self.capability, request, stats)
        for capability in NEGOTIATION_ORDER:
            try:
                answer = await self._send(capability, request, stats, probing=True)
            except FormatRejected as exc:
                log.warning(
                    "endpoint rejected structured output %r (%s); trying the next mode. "
                    "Set LLM_CAPABILITY to skip this probe.",
                    capability.value,
                    exc,
                )
                continue
            self.capability = capability
            log.info("endpoint capability: %s", capability.value)
            return answer
        raise LLMError("endpoint rejected every structured-output mode, even plain text")

    async def _send(
        self, capability: Capability, request: ChatRequest, stats: CallStats, probing: bool = False
    ) -> Completion:
        while True:  # each pass learns a parameter for good, so this ends
            fields = self.params.fields(request.max_tokens)
            body = request_body(self.model, capability, request, fields, self.params.strict)
            try:
                return await self.transport.post(body, stats, probing=probing)
            except Rejected as exc:
                if self.params.adapt(exc, body) or self.params.strict_refused(exc, body):
                    continue
                if probing and capability is not Capability.TEXT and exc.status in (400, 422, 500):
                    raise FormatRejected(f"HTTP {exc.status}: {exc.message[:200]}") from None
                raise
