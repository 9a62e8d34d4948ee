"""The one place that talks to an LLM endpoint (see client.py)."""

from newsum.llm.client import (
    CallStats,
    CircuitBreaker,
    FormatRejected,
    LLMClient,
    TruncatedAnswer,
    is_quota_error,
    parse_answer,
    response_format_kwargs,
    retry_after_seconds,
    with_schema_in_prompt,
)

__all__ = [
    "CallStats",
    "CircuitBreaker",
    "FormatRejected",
    "LLMClient",
    "TruncatedAnswer",
    "is_quota_error",
    "parse_answer",
    "response_format_kwargs",
    "retry_after_seconds",
    "with_schema_in_prompt",
]
