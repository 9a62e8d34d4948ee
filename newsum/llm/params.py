"""The sampling and budget parameters a model takes, learnt from its 400s once per run.

OpenAI's reasoning models (gpt-5, o-series; Azure's deployments of them) refuse `max_tokens`
("Use 'max_completion_tokens' instead", code unsupported_parameter) and any temperature but 1
(code unsupported_value). Such a 400 names the parameter: it is adapted here for every later
call of the run, and the call is retried. It is never a structured-output rejection.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from newsum.llm.transport import Rejected

log = logging.getLogger("newsum.llm")

TokenField = Literal["max_tokens", "max_completion_tokens"]
ReasoningEffort = Literal["minimal", "low", "medium", "high"]
_TOKEN_FIELDS: tuple[TokenField, TokenField] = ("max_tokens", "max_completion_tokens")
_PARAM_CODES = frozenset({"unsupported_parameter", "unsupported_value"})
# Reasoning tokens count against the completion budget; this much room is added for them
# once the model is known to reason (they are billed only as far as used).
REASONING_ROOM = 8192


def default_token_field(base_url: str | None, api_key: str | None) -> TokenField:
    """max_completion_tokens where it is known to be taken (OpenAI, Azure OpenAI); elsewhere
    max_tokens, which every OpenAI-compatible server takes (llama_cpp.server ignores a field it
    does not know, so sending it max_completion_tokens would drop the cap silently)."""
    if base_url is None:
        return "max_completion_tokens" if api_key is not None else "max_tokens"
    host = base_url.split("://", 1)[-1].split("/", 1)[0].lower()
    if host == "api.openai.com" or host.endswith((".openai.azure.com", ".openai.com")):
        return "max_completion_tokens"
    return "max_tokens"


@dataclass
class RequestParams:
    """What goes into every request besides messages and response_format."""

    token_field: TokenField = "max_tokens"
    temperature: float | None = 0.0  # None: the model's default (the model refused ours)
    reasoning_effort: ReasoningEffort | None = None
    extra_body: dict[str, Any] = field(default_factory=dict)
    strict: bool = True  # strict json_schema, until the endpoint refuses it
    reasoning: bool = False  # the model reasons: leave room for it in the budget
    dropped: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.reasoning = self.reasoning or self.reasoning_effort is not None
        self.configured_temperature = self.temperature
        self.configured_effort = self.reasoning_effort

    def fields(self, max_tokens: int) -> dict[str, Any]:
        out: dict[str, Any] = {self.token_field: self.budget(max_tokens)}
        if self.temperature is not None:
            out["temperature"] = self.temperature
        if self.reasoning_effort is not None:
            out["reasoning_effort"] = self.reasoning_effort
        out.update({k: v for k, v in self.extra_body.items() if k not in self.dropped})
        return out

    def budget(self, max_tokens: int) -> int:
        return max_tokens + REASONING_ROOM if self.reasoning else max_tokens

    def describe_budget(self, max_tokens: int) -> str:
        return f"{self.token_field}={self.budget(max_tokens)}"

    def cache_fields(self, max_tokens: int) -> dict[str, Any]:
        """The parameters an answer depends on, as the cache keys them: what was configured,
        not what was learnt, so that answers cached before a run learnt something still count."""
        fields: dict[str, Any] = {"temperature": self.configured_temperature}
        fields["max_tokens"] = max_tokens
        if self.configured_effort is not None:
            fields["reasoning_effort"] = self.configured_effort
        return {**fields, **self.extra_body}

    def adapt(self, rejected: Rejected, sent: dict[str, Any]) -> bool:
        """Learn from a 400 that names a parameter; True when the call should be retried
        (learnt now, or learnt by a concurrent call since this one was sent)."""
        if rejected.status not in (400, 422) or rejected.code not in _PARAM_CODES:
            return False
        param = rejected.param
        if param is None or param not in sent or param in ("model", "messages"):
            return False
        if param in _TOKEN_FIELDS:
            if param != self.token_field:
                return True  # learnt meanwhile
            if param in self.dropped:
                return False  # both refused: nothing left to try
            self.dropped.add(param)
            self.token_field = "max_completion_tokens" if param == "max_tokens" else "max_tokens"
            log.info("the model takes %s, not %s: using it for this run", self.token_field, param)
            return True
        if param not in ("temperature", "reasoning_effort", *self.extra_body):
            return False  # not ours to change (response_format: a format rejection)
        if param not in self.fields(0):
            return True  # learnt meanwhile
        if param == "temperature":
            self.temperature = None
            self.reasoning = True  # models that refuse a temperature are reasoning models
        elif param == "reasoning_effort":
            self.reasoning_effort = None
        else:
            self.dropped.add(param)
        log.warning(
            "the model refuses %s=%r (%s): left out for the rest of this run",
            param,
            sent[param],
            rejected.code,
        )
        return True

    def strict_refused(self, rejected: Rejected, sent: dict[str, Any]) -> bool:
        """A 400 to a strict json_schema about the schema or the strict flag: the plain schema
        from now on (stepped down once, with one log line). True: retry."""
        spec = sent.get("response_format", {}).get("json_schema", {})
        if rejected.status != 400 or not spec.get("strict"):
            return False
        about = f"{rejected.param or ''} {rejected.message}".lower()
        if "strict" not in about and "invalid schema" not in about:
            return False
        if self.strict:
            self.strict = False
            log.warning(
                "endpoint refused a strict schema (%s); sending it non-strict",
                rejected.message[:200],
            )
        return True
