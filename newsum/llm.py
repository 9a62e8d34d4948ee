"""The one place that talks to an LLM endpoint, through the openai client.

One code path for every OpenAI-compatible server. What differs between servers is one setting,
the endpoint's structured-output capability (newsum.config.Capability), negotiated once when it
is "auto". Around the call: a concurrency limit (newsum.limiter, fixed or adaptive), retries
with jittered backoff that honour Retry-After, a circuit breaker, a stop on quota errors,
validation with one repair re-ask, and a persistent answer cache.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import re
import time
import zlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from newsum.cache import ResponseCache, cache_key
from newsum.config import Capability
from newsum.errors import (
    CredentialsRejected,
    EndpointFatal,
    EndpointUnavailable,
    LLMError,
    LLMOutputError,
    QuotaExceeded,
)
from newsum.limiter import ConcurrencyLimiter, FixedLimiter
from newsum.prompts import RenderedPrompt, load_prompt

log = logging.getLogger("newsum.llm")
T = TypeVar("T", bound=BaseModel)

_NEGOTIATION_ORDER = [
    Capability.JSON_SCHEMA,
    Capability.JSON_OBJECT_SCHEMA,
    Capability.JSON_OBJECT,
    Capability.TEXT,
]
_RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
_MAX_RETRY_AFTER_S = 60.0


class TruncatedAnswer(LLMOutputError):
    """finish_reason == "length": the answer did not fit in max_tokens."""


class FormatRejected(LLMError):
    """The endpoint refused the response_format we sent (drives capability negotiation)."""


@dataclass
class CallStats:
    """What one article (or one run) cost in calls and tokens."""

    calls: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: CallStats) -> None:
        self.calls += other.calls
        self.cached += other.cached
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens


@dataclass
class CircuitBreaker:
    """Fails fast after `threshold` consecutive failed attempts, for `cooldown_s`."""

    threshold: int
    cooldown_s: float
    consecutive: int = 0
    open_until: float = 0.0
    clock: Callable[[], float] = field(default=time.monotonic)

    def check(self) -> None:
        if self.consecutive >= self.threshold and self.clock() < self.open_until:
            raise EndpointUnavailable(
                f"endpoint unavailable: circuit open after {self.consecutive} consecutive failures"
            )

    def failure(self) -> None:
        self.consecutive += 1
        if self.consecutive >= self.threshold:
            self.open_until = self.clock() + self.cooldown_s

    def success(self) -> None:
        self.consecutive = 0


def response_format_kwargs(capability: Capability, schema: dict[str, Any]) -> dict[str, Any]:
    """The request fields that ask for structured output, per capability."""
    if capability is Capability.JSON_SCHEMA:
        fmt = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}
        return {"response_format": fmt}
    if capability is Capability.JSON_OBJECT_SCHEMA:
        return {"response_format": {"type": "json_object", "schema": schema}}
    if capability is Capability.JSON_OBJECT:
        return {"response_format": {"type": "json_object"}}
    return {}


def with_schema_in_prompt(
    messages: list[dict[str, str]], schema: dict[str, Any]
) -> list[dict[str, str]]:
    """For endpoints that do not enforce a schema: tell the model, in words kept in prompts/."""
    hint = load_prompt("json_format").render(schema=json.dumps(schema, ensure_ascii=False))
    out = [dict(message) for message in messages]
    out[0]["content"] += "\n\n" + hint.messages[0]["content"]
    out[-1]["content"] += "\n\n" + hint.messages[1]["content"]
    return out


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def parse_answer(raw: str | None, answer_model: type[T]) -> T:
    """Validate an answer; tolerate a code fence or prose around the JSON object."""
    if raw is None or not raw.strip():
        raise ValueError("the answer was empty")
    text = raw.strip()
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1).strip()
    if not text.startswith("{"):
        start, end = text.find("{"), text.rfind("}")
        if start == -1 or end <= start:
            raise ValueError("the answer contains no JSON object")
        text = text[start : end + 1]
    try:
        # strict=False: small models put raw newlines and tabs inside strings.
        data = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the answer is not valid JSON ({exc.msg} at char {exc.pos})") from None
    try:
        return answer_model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'answer'}: {err['msg']}"
            for err in exc.errors()[:5]
        )
        raise ValueError(f"the answer does not match the schema ({problems})") from None


def retry_after_seconds(exc: openai.APIStatusError) -> float | None:
    headers = exc.response.headers
    if "retry-after-ms" in headers:
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def is_quota_error(exc: openai.APIStatusError) -> bool:
    if exc.code == "insufficient_quota" or exc.type == "insufficient_quota":
        return True
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error", body) if isinstance(body, dict) else {}
    return isinstance(err, dict) and "insufficient_quota" in (err.get("code"), err.get("type"))


def _is_format_rejection(exc: openai.APIStatusError) -> bool:
    if exc.status_code in (400, 422):
        return True
    # llama_cpp.server answers an unknown response_format with a 500 validation error.
    return exc.status_code == 500 and "response_format" in str(exc.message)


class LLMClient:
    def __init__(
        self,
        *,
        model: str,
        base_url: str | None,
        api_key: str | None,
        capability: Capability = Capability.AUTO,
        concurrency: int = 8,
        timeout_s: float = 120.0,
        max_attempts: int = 5,
        temperature: float = 0.0,
        cache: ResponseCache | None = None,
        breaker: CircuitBreaker | None = None,
        extra_body: dict[str, Any] | None = None,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 20.0,
        replica_urls: Sequence[str] = (),
        limiter: ConcurrencyLimiter | None = None,
    ) -> None:
        self.model = model
        self._api_key = api_key
        # Replicas: more servers of the same model (the embedded default runs two one-thread
        # servers on two cores); each call goes to one of them, through the same code path.
        self._clients = [
            AsyncOpenAI(
                base_url=url,
                api_key=api_key or "sk-no-key-needed",
                max_retries=0,  # retries are ours: quota, Retry-After and the breaker decide
                timeout=timeout_s,
            )
            for url in (base_url, *replica_urls)
        ]
        self._busy = [0] * len(self._clients)
        self._replica_locks = [asyncio.Lock() for _ in self._clients]
        self._last_replica: dict[int, int] = {}
        self.capability: Capability | None = None if capability is Capability.AUTO else capability
        # Bounds each HTTP attempt, not a whole call: a call backing off holds no slot.
        self.limiter = limiter or FixedLimiter(concurrency)
        self._negotiation: asyncio.Lock | None = None
        self.max_attempts = max_attempts
        self.temperature = temperature
        self.cache = cache
        self.breaker = breaker or CircuitBreaker(threshold=25, cooldown_s=30.0)
        self.extra_body = extra_body or {}
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.stats = CallStats()
        self.fatal: EndpointFatal | None = None
        self._rng = random.Random()

    def redact(self, text: str) -> str:
        """Error text from an endpoint may echo the key; it never leaves this client."""
        if self._api_key and len(self._api_key) >= 4:
            text = text.replace(self._api_key, "***")
        return re.sub(r"(sk-[A-Za-z0-9_\-]{2})[A-Za-z0-9_\-*]{6,}", r"\1***", text)

    @property
    def replicas(self) -> int:
        """How many servers of the model this client spreads its calls over."""
        return len(self._clients)

    async def aclose(self) -> None:
        for client in self._clients:
            await client.close()

    @asynccontextmanager
    async def _replica(self, messages: list[dict[str, str]]) -> AsyncIterator[AsyncOpenAI]:
        """The server for one call: with one server, that one. With replicas, one request each
        at a time (a llama.cpp server decodes one anyway), preferring the replica that last
        served the same prompt prefix (its KV cache still holds it: the translations of one
        summary share theirs), unless another replica is idle and that one is not."""
        if len(self._clients) == 1:
            yield self._clients[0]
            return
        key = zlib.crc32((messages[0]["content"] + messages[-1]["content"][:256]).encode())
        preferred = self._last_replica.get(key, key % len(self._clients))
        idle = [i for i, busy in enumerate(self._busy) if not busy]
        chosen = preferred if preferred in idle or not idle else idle[0]
        if len(self._last_replica) > 10_000:
            self._last_replica.clear()
        self._last_replica[key] = chosen
        self._busy[chosen] += 1
        try:
            async with self._replica_locks[chosen]:
                yield self._clients[chosen]
        finally:
            self._busy[chosen] -= 1

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
        schema = schema or answer_model.model_json_schema()
        key = self._key(prompt, max_tokens, schema)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            try:
                value = parse_answer(hit.content, answer_model)
            except ValueError:
                value = None  # an answer model changed shape: ask again
            if value is not None:
                stats.cached += 1
                self.stats.cached += 1
                return value
        call = CallStats()  # this request's own usage (map-reduce parts share `stats`)
        try:
            return await self._ask(prompt, answer_model, schema, max_tokens, key, call)
        finally:
            stats.add(call)

    async def _ask(
        self,
        prompt: RenderedPrompt,
        answer_model: type[T],
        schema: dict[str, Any],
        max_tokens: int,
        key: str,
        call: CallStats,
    ) -> T:
        messages = prompt.messages
        raw: str | None = None
        error = ""
        for attempt in (1, 2):
            raw, finish_reason = await self._complete(messages, schema, max_tokens, call)
            if finish_reason == "length":
                raise TruncatedAnswer(
                    f"answer truncated at max_tokens={max_tokens}", attempt, (raw or "")[:300]
                )
            try:
                value = parse_answer(raw, answer_model)
            except ValueError as exc:
                error = str(exc)
                repair = load_prompt("repair").render(error=error)
                messages = [
                    *prompt.messages,
                    {"role": "assistant", "content": raw or ""},
                    {"role": "user", "content": repair.messages[1]["content"]},
                ]
                continue
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
        raise LLMOutputError(f"invalid answer: {error}", 2, (raw or "")[:300])

    def _key(self, prompt: RenderedPrompt, max_tokens: int, schema: dict[str, Any]) -> str:
        params = {"temperature": self.temperature, "max_tokens": max_tokens, **self.extra_body}
        return cache_key(self.model, prompt.messages, params, schema)

    def remember(
        self,
        prompt: RenderedPrompt,
        value: BaseModel,
        *,
        max_tokens: int,
        schema: dict[str, Any],
    ) -> None:
        """Cache an answer assembled from smaller calls (a split translation batch), so that
        rerunning the same request is free even when the split is not needed again."""
        if self.cache is None:
            return
        self.cache.put(
            self._key(prompt, max_tokens, schema),
            self.model,
            prompt.label,
            value.model_dump_json(),
            0,
            0,
        )

    async def _complete(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        max_tokens: int,
        stats: CallStats,
    ) -> tuple[str | None, str | None]:
        if self._negotiation is None:
            self._negotiation = asyncio.Lock()
        if self.capability is None:
            async with self._negotiation:
                if self.capability is None:
                    return await self._negotiate(messages, schema, max_tokens, stats)
        return await self._send(self.capability, messages, schema, max_tokens, stats)

    async def _negotiate(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        max_tokens: int,
        stats: CallStats,
    ) -> tuple[str | None, str | None]:
        for capability in _NEGOTIATION_ORDER:
            try:
                answer = await self._send(capability, messages, schema, max_tokens, stats)
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
        self,
        capability: Capability,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        max_tokens: int,
        stats: CallStats,
    ) -> tuple[str | None, str | None]:
        if capability in (Capability.JSON_OBJECT, Capability.TEXT):
            messages = with_schema_in_prompt(messages, schema)
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": self.temperature,
            **response_format_kwargs(capability, schema),
            **self.extra_body,
        }
        async with self._replica(messages) as client:
            return await self._post(client, capability, body, stats)

    async def _post(
        self,
        client: AsyncOpenAI,
        capability: Capability,
        body: dict[str, Any],
        stats: CallStats,
    ) -> tuple[str | None, str | None]:
        for attempt in range(1, self.max_attempts + 1):
            try:
                # The client's own POST (same auth, base URL, timeouts, errors and response
                # type as chat.completions.create) with the body as built here: `create` walks
                # every message and the schema against its type annotations first, ~1-2 ms of
                # CPU per call, more than all of the pipeline's own work for an article.
                async with self.limiter.slot() as slot:
                    # Checked once a slot is ours: what failed while this call waited counts.
                    if self.fatal is not None:
                        raise self.fatal  # no quota or a bad key: every later call fails alike
                    self.breaker.check()
                    try:
                        response = await client.post(
                            "/chat/completions", cast_to=ChatCompletion, body=body
                        )
                    except openai.APIStatusError as exc:
                        if exc.status_code in (429, 503) and not is_quota_error(exc):
                            slot.overloaded()
                        raise
            except openai.APIStatusError as exc:
                try:
                    delay = self._on_status_error(exc, capability, attempt)
                except EndpointFatal as fatal:
                    self.fatal = fatal
                    raise
            except openai.APIConnectionError as exc:  # includes timeouts and resets
                delay = self._backoff(attempt)
                self._record_failure(f"{type(exc).__name__}: {self.redact(str(exc))}", attempt)
            else:
                self.breaker.success()
                stats.calls += 1
                self.stats.calls += 1
                if response.usage is not None:
                    stats.prompt_tokens += response.usage.prompt_tokens
                    stats.completion_tokens += response.usage.completion_tokens
                    self.stats.prompt_tokens += response.usage.prompt_tokens
                    self.stats.completion_tokens += response.usage.completion_tokens
                if not response.choices:
                    return None, None
                choice = response.choices[0]
                return choice.message.content, choice.finish_reason
            if attempt < self.max_attempts:
                await asyncio.sleep(delay)
        raise LLMError(f"endpoint failed {self.max_attempts} times; last error: {self._last_error}")

    _last_error = ""

    def _record_failure(self, error: str, attempt: int) -> None:
        self._last_error = error
        self.breaker.failure()
        log.debug("attempt %d failed: %s", attempt, error)

    def _on_status_error(
        self, exc: openai.APIStatusError, capability: Capability, attempt: int
    ) -> float:
        """Raise when retrying cannot help; otherwise the delay before the next attempt."""
        message = self.redact(str(exc.message))
        if exc.status_code == 429 and is_quota_error(exc):
            raise QuotaExceeded(f"the endpoint reports no quota left (HTTP 429): {message}")
        if exc.status_code in (401, 403):
            raise CredentialsRejected(
                f"the endpoint refused the credentials (HTTP {exc.status_code}): {message}. "
                "Check OPENAI_API_KEY."
            )
        if (
            capability is not Capability.TEXT
            and self.capability is None
            and _is_format_rejection(exc)
        ):
            raise FormatRejected(f"HTTP {exc.status_code}: {message[:200]}")
        if exc.status_code not in _RETRYABLE_STATUS:
            raise LLMError(f"endpoint answered HTTP {exc.status_code}: {message[:300]}")
        self._record_failure(f"HTTP {exc.status_code}: {message[:200]}", attempt)
        hinted = retry_after_seconds(exc)
        if hinted is not None:
            return min(hinted, _MAX_RETRY_AFTER_S) + self._rng.uniform(0, 0.1 * max(hinted, 0.1))
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spreads the retries of many concurrent calls.
        ceiling = min(self.backoff_max_s, self.backoff_base_s * 2 ** (attempt - 1))
        return self._rng.uniform(0, ceiling)
