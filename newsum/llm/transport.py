"""Getting one request body to a server and its completion back.

Replica routing, the concurrency limiter, retries under a `RetryPolicy` (listed statuses only,
honouring Retry-After / retry-after-ms, full-jitter backoff), a circuit breaker, and a latch
that stops every later call once the endpoint says the quota is gone or the key is refused.
What the answer means is the client's business: a request the endpoint rejects comes back as
`Rejected`, with the status, the parameter and the code the endpoint named.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import re
import time
import zlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

from newsum.errors import (
    CredentialsRejected,
    EndpointFatal,
    EndpointUnavailable,
    LLMError,
    QuotaExceeded,
)
from newsum.llm.limiter import ConcurrencyLimiter, FixedLimiter

log = logging.getLogger("newsum.llm")


@dataclass
class CallStats:
    """What one article (or one run) cost in calls and tokens. completion_tokens includes the
    reasoning tokens (as OpenAI counts and bills them); reasoning_tokens is that share."""

    calls: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    # The share of the above answered through the Batch API (newsum.llm.batch), priced apart.
    batch_calls: int = 0
    batch_prompt_tokens: int = 0
    batch_completion_tokens: int = 0

    def add(self, other: CallStats) -> None:
        self.calls += other.calls
        self.cached += other.cached
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.reasoning_tokens += other.reasoning_tokens
        self.batch_calls += other.batch_calls
        self.batch_prompt_tokens += other.batch_prompt_tokens
        self.batch_completion_tokens += other.batch_completion_tokens


@dataclass(frozen=True)
class Completion:
    """The first choice of a chat completion, as far as the client reads it."""

    content: str | None
    finish_reason: str | None
    refusal: str | None = None
    reasoning_tokens: int = 0


class Rejected(LLMError):
    """The endpoint refused this request (a status retrying cannot fix)."""

    def __init__(self, status: int, message: str, param: str | None, code: str | None) -> None:
        super().__init__(f"endpoint answered HTTP {status}: {message[:300]}")
        self.status = status
        self.message = message
        self.param = param
        self.code = code


# ---- retries and the breaker ---------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried, how often, and how long to wait in between."""

    max_attempts: int = 5
    backoff_base_s: float = 0.5
    backoff_max_s: float = 20.0
    max_retry_after_s: float = 60.0
    retryable: frozenset[int] = frozenset({408, 409, 425, 429, 500, 502, 503, 504})

    def delay(self, attempt: int, hinted: float | None, rng: random.Random) -> float:
        if hinted is not None:
            return min(hinted, self.max_retry_after_s) + rng.uniform(0, 0.1 * max(hinted, 0.1))
        # Full jitter: spreads the retries of many concurrent calls.
        return rng.uniform(0, min(self.backoff_max_s, self.backoff_base_s * 2 ** (attempt - 1)))


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
    err = _error_body(exc)
    return "insufficient_quota" in (err.get("code"), err.get("type"))


def _error_body(exc: openai.APIStatusError) -> dict[str, Any]:
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error", body)
    return err if isinstance(err, dict) else {}


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


# ---- replicas ------------------------------------------------------------------------------


class Replicas:
    """Servers of one model (the embedded default runs one one-thread server per core). With
    one server, every call goes there. With more, one request each at a time (a llama.cpp
    server decodes one anyway), preferring the replica that last served the same prompt prefix
    (its KV cache still holds it: the translations of one summary share theirs), unless
    another replica is idle and that one is not."""

    def __init__(self, clients: Sequence[AsyncOpenAI]) -> None:
        self.clients = list(clients)
        self._busy = [0] * len(self.clients)
        self._locks = [asyncio.Lock() for _ in self.clients]
        self._last: dict[int, int] = {}

    @asynccontextmanager
    async def pick(self, messages: list[dict[str, str]]) -> AsyncIterator[AsyncOpenAI]:
        if len(self.clients) == 1:
            yield self.clients[0]
            return
        key = zlib.crc32((messages[0]["content"] + messages[-1]["content"][:256]).encode())
        preferred = self._last.get(key, key % len(self.clients))
        idle = [i for i, busy in enumerate(self._busy) if not busy]
        chosen = preferred if preferred in idle or not idle else idle[0]
        if len(self._last) > 10_000:
            self._last.clear()
        self._last[key] = chosen
        self._busy[chosen] += 1
        try:
            async with self._locks[chosen]:
                yield self.clients[chosen]
        finally:
            self._busy[chosen] -= 1


# ---- the transport -------------------------------------------------------------------------


class Transport:
    def __init__(
        self,
        urls: Sequence[str | None],
        api_key: str | None,
        *,
        timeout_s: float = 120.0,
        limiter: ConcurrencyLimiter | None = None,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self._api_key = api_key
        self.replicas = Replicas(
            [
                AsyncOpenAI(
                    base_url=url,
                    api_key=api_key or "sk-no-key-needed",
                    max_retries=0,  # retries are ours: quota, Retry-After and the breaker decide
                    timeout=timeout_s,
                )
                for url in urls
            ]
        )
        self.limiter: ConcurrencyLimiter = limiter or FixedLimiter(8)
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker(threshold=25, cooldown_s=30.0)
        self.stats = CallStats()  # the whole run's, over every request
        self.fatal: EndpointFatal | None = None
        self._rng = random.Random()

    def redact(self, text: str) -> str:
        """Error text from an endpoint may echo the key; it never leaves this client."""
        if self._api_key and len(self._api_key) >= 4:
            text = text.replace(self._api_key, "***")
        return re.sub(r"(sk-[A-Za-z0-9_\-]{2})[A-Za-z0-9_\-*]{6,}", r"\1***", text)

    async def aclose(self) -> None:
        for client in self.replicas.clients:
            await client.close()

    async def post(
        self, body: dict[str, Any], stats: CallStats, *, probing: bool = False
    ) -> Completion:
        """The completion for `body`, retried under the policy. `probing`: the client is finding
        out which response_format the endpoint takes, so a 500 naming it is a rejection."""
        last_error = ""
        for attempt in range(1, self.retry.max_attempts + 1):
            try:
                response = await self._attempt(body)
            except openai.APIStatusError as exc:
                delay = self._on_status_error(exc, probing, attempt)
                last_error = f"HTTP {exc.status_code}: {self.redact(str(exc.message))[:200]}"
            except openai.APIConnectionError as exc:  # includes timeouts and resets
                delay = self.retry.delay(attempt, None, self._rng)
                last_error = f"{type(exc).__name__}: {self.redact(str(exc))}"
            else:
                self.breaker.success()
                return self._record(response, stats)
            self.breaker.failure()
            log.debug("attempt %d failed: %s", attempt, last_error)
            if attempt < self.retry.max_attempts:
                await asyncio.sleep(delay)
        raise LLMError(f"endpoint failed {self.retry.max_attempts} times; last error: {last_error}")

    async def _attempt(self, body: dict[str, Any]) -> ChatCompletion:
        async with self.limiter.slot() as token, self.replicas.pick(body["messages"]) as client:
            # Checked once the slot is ours: calls queued behind a failing wave stop here.
            if self.fatal is not None:
                raise self.fatal  # no quota or a bad key: every later call would fail alike
            self.breaker.check()
            try:
                # The client's own POST (same auth, base URL, timeouts, errors and response
                # type as chat.completions.create) with the body as built here: `create` walks
                # every message and the schema against its type annotations first, ~1-2 ms of
                # CPU per call, more than all of the pipeline's own work for an article.
                # tests/test_llm_parity.py checks that both send the same bytes.
                return await client.post("/chat/completions", cast_to=ChatCompletion, body=body)
            except openai.APIStatusError as exc:
                # Load, not a quota error: that one is fatal and says nothing about concurrency.
                if exc.status_code in (429, 503) and not is_quota_error(exc):
                    token.overloaded()
                raise

    def _on_status_error(self, exc: openai.APIStatusError, probing: bool, attempt: int) -> float:
        """Raise when retrying cannot help; otherwise the delay before the next attempt."""
        message = self.redact(str(exc.message))
        fatal: EndpointFatal | None = None
        if exc.status_code == 429 and is_quota_error(exc):
            fatal = QuotaExceeded(f"the endpoint reports no quota left (HTTP 429): {message}")
        elif exc.status_code in (401, 403):
            fatal = CredentialsRejected(
                f"the endpoint refused the credentials (HTTP {exc.status_code}): {message}. "
                "Check OPENAI_API_KEY."
            )
        if fatal is not None:
            self.fatal = fatal
            raise fatal
        # llama_cpp.server answers an unknown response_format with a 500 validation error.
        format_500 = probing and exc.status_code == 500 and "response_format" in message
        if exc.status_code not in self.retry.retryable or format_500:
            err = _error_body(exc)
            param, code = err.get("param"), err.get("code")
            raise Rejected(
                exc.status_code,
                message,
                param if isinstance(param, str) else None,
                code if isinstance(code, str) else None,
            )
        return self.retry.delay(attempt, retry_after_seconds(exc), self._rng)

    def _record(self, response: ChatCompletion, stats: CallStats) -> Completion:
        usage = response.usage
        reasoning = 0
        if usage is not None and usage.completion_tokens_details is not None:
            reasoning = usage.completion_tokens_details.reasoning_tokens or 0
        for total in (stats, self.stats):
            total.calls += 1
            if usage is not None:
                total.prompt_tokens += usage.prompt_tokens
                total.completion_tokens += usage.completion_tokens
                total.reasoning_tokens += reasoning
        if not response.choices:
            return Completion(None, None)
        choice = response.choices[0]
        return Completion(
            choice.message.content, choice.finish_reason, choice.message.refusal, reasoning
        )
