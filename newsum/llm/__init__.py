"""The one place that talks to an LLM endpoint, through the openai client.

formats.py: request fields per structured-output capability, strict schemas, reading answers.
params.py: the parameters the model takes, learnt once per run.
limiter.py: how many calls go out at once, fixed or learnt (AIMD on latency and 429/503).
transport.py: replicas, the concurrency limiter, retries, the breaker, the fatal stop.
client.py: cache -> ask -> repair.
session.py: `open_client()`, the run's client built from the endpoint and closed in one place;
`stage_client()`, one stage's, whose fatal stop the run keeps.
"""

from newsum.llm.client import FormatRejected, LLMClient
from newsum.llm.formats import (
    ChatRequest,
    Refused,
    TruncatedAnswer,
    parse_answer,
    response_format_kwargs,
    strict_schema,
    with_schema_in_prompt,
)
from newsum.llm.limiter import (
    AdaptiveLimiter,
    ConcurrencyLimiter,
    FixedLimiter,
    Slot,
    make_limiter,
)
from newsum.llm.params import RequestParams
from newsum.llm.session import client_for, open_client, stage_client
from newsum.llm.transport import (
    CallStats,
    CircuitBreaker,
    RetryPolicy,
    Transport,
    is_quota_error,
    retry_after_seconds,
)

__all__ = [
    "AdaptiveLimiter",
    "CallStats",
    "ChatRequest",
    "CircuitBreaker",
    "ConcurrencyLimiter",
    "FixedLimiter",
    "FormatRejected",
    "LLMClient",
    "Refused",
    "RequestParams",
    "RetryPolicy",
    "Slot",
    "Transport",
    "TruncatedAnswer",
    "client_for",
    "is_quota_error",
    "make_limiter",
    "open_client",
    "parse_answer",
    "response_format_kwargs",
    "retry_after_seconds",
    "stage_client",
    "strict_schema",
    "with_schema_in_prompt",
]
