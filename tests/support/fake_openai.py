"""A fake OpenAI chat-completions server on 127.0.0.1, for tests and benchmarks.

It is a real HTTP server (uvicorn, plain ASGI app) so the code under test goes through its
real HTTP client, retries, timeouts and connection pool. It can emulate servers with fewer
capabilities (`Mode`), inject faults at a seeded rate (`Fault`), play scripted answers
(`Scripted`), and otherwise answers deterministically from the request's JSON schema.

In-process use::

    with FakeOpenAI(mode="openai", latency=0.01) as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="test")
        ...
        assert fake.calls == 1

As a process (prints ``READY http://127.0.0.1:PORT/v1`` once it answers, stops on SIGTERM)::

    python -m tests.support.fake_openai --port 0 --latency 0.2 --concurrency 16 \
        --fail-rate 0.2 --seed 1 --mode openai

Beyond `concurrency` calls at once it queues them (`overflow="queue"`, a vLLM server) or
answers 429 at once (`overflow="429"`, a gateway that serves N at once), as endpoints do.
It also serves the Batch API (/v1/files, /v1/batches: tests/support/fake_batch.py, `fake.batch`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import itertools
import json
import math
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from typing import Any

import uvicorn

from tests.support.fake_batch import FakeBatchAPI

JSON = dict[str, Any]
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Responder = Callable[[JSON], str]

HOST = "127.0.0.1"


class Mode(StrEnum):
    """Which server's response_format support to emulate."""

    OPENAI = "openai"  # json_schema, json_object, text
    LLAMA_CPP_PYTHON = "llama_cpp_python"  # json_object (+ "schema" key), text; json_schema -> 500
    REJECT_400 = "reject_400"  # json_object, text; json_schema -> 400
    TEXT_ONLY = "text_only"  # text only; anything else -> 400


class Fault(StrEnum):
    """Faults drawn uniformly (from `fault_kinds`) when a call fails under `fail_rate`."""

    RATE_LIMIT_RETRY_AFTER = "rate_limit_retry_after"  # 429 + Retry-After: seconds
    RATE_LIMIT_RETRY_AFTER_MS = "rate_limit_retry_after_ms"  # 429 + retry-after-ms
    RATE_LIMIT = "rate_limit"  # 429 without any retry header
    SERVER_ERROR = "server_error"  # 500
    UNAVAILABLE = "unavailable"  # 503
    CONNECTION_RESET = "connection_reset"  # socket closed (RST) without an answer
    TIMEOUT = "timeout"  # no answer for hang_seconds (client read timeout)
    INVALID_JSON = "invalid_json"  # 200, content is truncated JSON text
    SCHEMA_MISMATCH = "schema_mismatch"  # 200, valid JSON missing a required key
    TRUNCATED = "truncated"  # 200, finish_reason="length", content cut in half


ALL_FAULTS: tuple[Fault, ...] = tuple(Fault)
# A rate limiter answers before the model is involved, so these skip the slot and the latency.
_GATEWAY_FAULTS = frozenset(
    {Fault.RATE_LIMIT_RETRY_AFTER, Fault.RATE_LIMIT_RETRY_AFTER_MS, Fault.RATE_LIMIT}
)


@dataclass(frozen=True)
class Scripted:
    """One scripted answer; queued answers are consumed in order before the default responder.

    content None means "what the default responder (or `responder=`) would say". A non-200
    status answers `body` (or a standard OpenAI error body) with `headers`. A 200 with `body`
    sends that body verbatim instead of a ChatCompletion. Every scripted answer takes a
    concurrency slot and waits `latency + delay` first. Requests the emulated server rejects
    (quota, stream, unsupported response_format) do not consume scripted answers.
    """

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    delay: float = 0  # extra seconds on top of the server's latency
    finish_reason: str = "stop"
    drop_connection: bool = False  # reset the connection instead of answering
    hang: float = 0  # seconds to wait before answering (ends early if the client gives up)


class RecordedRequest(dict[str, Any]):
    """A received chat-completion request: its JSON body's keys plus a "headers" key.

    `headers` (also an attribute) holds every header, lower-cased and unredacted, so tests can
    check where an API key went; `body` is the JSON body alone; `path` the request path.
    """

    def __init__(self, body: JSON, headers: dict[str, str], path: str) -> None:
        super().__init__(body)
        self["headers"] = headers  # OpenAI bodies have no such key, so nothing is shadowed
        self.body = body
        self.headers = headers
        self.path = path


# ---------------------------------------------------------------------------------------------
# Deterministic default answers
# ---------------------------------------------------------------------------------------------

_ARTICLE_RE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S | re.I)
_SUMMARY_RE = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.S | re.I)
_PARTS_RE = re.compile(r"<parts\b[^>]*>(.*?)</parts>", re.S | re.I)
# Sentence ends: ASCII plus the CJK full stop and full-width ! and ?.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?\u0589\u061f\u0964\u3002\uff01\uff1f])\s+")
_WHITESPACE_RE = re.compile(r"\s+")
_LANG_KEY_RE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z0-9]{2,8})?$")
_JSON_WORD_RE = re.compile(r"json", re.I)
_NO_TEXT = "The fake model found no article text."
_FORMAT_EXAMPLES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "email": "fake@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
}
_SUMMARY_KEYS = frozenset({"summary", "text", "body", "content", "translation", "abstract"})
_TITLE_KEYS = frozenset({"title", "headline"})
_LANGUAGE_KEYS = frozenset({"language", "lang", "language_code", "target_language"})
_MAX_DEPTH = 12  # recursive $refs stop here


@dataclass(frozen=True)
class _Source:
    """The text strings are filled from; language branches use the <summary> with a prefix."""

    sentences: tuple[str, ...]
    summary: str  # for summary-like fields
    translation: str  # the <summary> text, or the summary when there is none
    prefix: str = ""
    language: str | None = None

    def sentence(self, index: int) -> str:
        return self.sentences[index % len(self.sentences)]

    def for_language(self, code: str) -> _Source:
        sentences = _split_sentences(self.translation)
        return _Source(sentences, self.translation, self.translation, f"[{code}] ", code)


def _split_sentences(text: str) -> tuple[str, ...]:
    flat = _WHITESPACE_RE.sub(" ", text).strip()
    sentences = tuple(s for s in _SENTENCE_END_RE.split(flat) if s)
    return sentences or (_NO_TEXT,)


def _content_text(content: object) -> str:
    """A message's text: a plain string, or the text parts of a content-part list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = (p.get("text", "") for p in content if isinstance(p, dict))
        return "\n".join(p for p in parts if isinstance(p, str))
    return ""


def _messages(request: JSON) -> list[JSON]:
    messages = request.get("messages")
    return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []


def _tagged(pattern: re.Pattern[str], *texts: str) -> str | None:
    for text in texts:
        match = pattern.search(text)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def _parts_text(user: str) -> str | None:
    """A map-reduce combine step sends the parts' JSON answers: summarise their summaries."""
    parts = _tagged(_PARTS_RE, user)
    if parts is None:
        return None
    try:
        items = json.loads(parts)
        return " ".join(str(item.get("summary", "")) for item in items if isinstance(item, dict))
    except (ValueError, AttributeError):
        return parts


def _source(request: JSON) -> _Source:
    messages = _messages(request)
    user = "\n".join(_content_text(m.get("content")) for m in messages if m.get("role") == "user")
    everything = "\n".join(_content_text(m.get("content")) for m in messages)
    # User messages first: a system prompt may *mention* the tags in its instructions.
    article = _tagged(_ARTICLE_RE, user, everything) or _parts_text(user)
    summary = _tagged(_SUMMARY_RE, user, everything)
    sentences = _split_sentences(article or summary or user or everything)
    lead = " ".join(sentences[:2])
    return _Source(sentences, lead, _WHITESPACE_RE.sub(" ", summary) if summary else lead)


def request_schema(request: JSON) -> JSON | None:
    """The JSON schema a request asks for: json_schema's schema or json_object's "schema"."""
    fmt = request.get("response_format")
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
    elif fmt.get("type") == "json_object":
        schema = fmt.get("schema")
    else:
        schema = None
    return schema if isinstance(schema, dict) else None


def _response_format_type(request: JSON) -> str | None:
    fmt = request.get("response_format")
    return str(fmt.get("type")) if isinstance(fmt, dict) else None


class _InstanceBuilder:
    """Builds a deterministic instance of a JSON schema, filling strings from a `_Source`."""

    def __init__(self, root: JSON) -> None:
        self.root = root

    def build(self, schema: object, source: _Source, name: str = "", index: int = 0) -> Any:
        return self._value(schema, source, name, index, 0)

    def _value(self, schema: object, source: _Source, name: str, index: int, depth: int) -> Any:
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return source.prefix + source.sentence(index)
        schema = self._resolve(schema)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._value(_first_non_null(schema[key]), source, name, index, depth + 1)
        if isinstance(schema.get("allOf"), list):
            return self._value(_merge_all_of(schema), source, name, index, depth + 1)
        kind = _schema_type(schema)
        if kind == "object":
            return self._object(schema, source, index, depth)
        if kind == "array":
            return self._array(schema, source, name, depth)
        if kind in ("integer", "number"):
            return _number(schema, integer=kind == "integer")
        if kind == "boolean":
            return False
        if kind == "null":
            return None
        return _string(schema, source, name, index)

    def _resolve(self, schema: JSON) -> JSON:
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return schema
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {})
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return {**node, **rest} if isinstance(node, dict) else rest

    def _object(self, schema: JSON, source: _Source, index: int, depth: int) -> JSON:
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return {}
        language_keyed = bool(properties) and all(_LANG_KEY_RE.match(k) for k in properties)
        result: JSON = {}
        for key, sub in properties.items():
            if language_keyed:  # a string right under "fr" is the whole translated summary
                result[key] = self._value(
                    sub, source.for_language(key), "summary", index, depth + 1
                )
            else:
                result[key] = self._value(sub, source, key, index, depth + 1)
        return result

    def _array(self, schema: JSON, source: _Source, name: str, depth: int) -> list[Any]:
        prefix_items = schema.get("prefixItems")
        if isinstance(prefix_items, list):
            return [self._value(s, source, name, i, depth + 1) for i, s in enumerate(prefix_items)]
        count = 2
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        if isinstance(schema.get("minItems"), int):
            count = max(count, schema["minItems"])
        items = schema.get("items", {})
        return [self._value(items, source, _singular(name), i, depth + 1) for i in range(count)]


def _first_non_null(options: list[Any]) -> Any:
    for option in options:
        if not (isinstance(option, dict) and option.get("type") == "null"):
            return option
    return options[0]


def _merge_all_of(schema: JSON) -> JSON:
    merged: JSON = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema["allOf"]:
        if isinstance(part, dict):
            props = {**merged.get("properties", {}), **part.get("properties", {})}
            merged = {**part, **merged, "properties": props}
    return merged


def _schema_type(schema: JSON) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    return "string"


def _singular(name: str) -> str:
    # "claims" items are filled like a "claim" field.
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _number(schema: JSON, *, integer: bool) -> int | float:
    """0, moved inside the schema's bounds when 0 is outside them."""
    step = 1 if integer else 0.5
    value: float = 0
    low, high = schema.get("minimum"), schema.get("maximum")
    low_ex, high_ex = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(low, (int, float)):
        value = max(value, low)
    if isinstance(low_ex, (int, float)) and value <= low_ex:
        value = low_ex + step
    if isinstance(high, (int, float)):
        value = min(value, high)
    if isinstance(high_ex, (int, float)) and value >= high_ex:
        value = high_ex - step
    return math.ceil(value) if integer else value


def _string(schema: JSON, source: _Source, name: str, index: int) -> str:
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in _FORMAT_EXAMPLES:
        return _fit_length(_FORMAT_EXAMPLES[fmt], schema)
    key = name.lower()
    if key in _LANGUAGE_KEYS:
        return _fit_length(source.language or "en", schema)
    if key in _SUMMARY_KEYS or "summary" in key:
        text = source.summary
    elif key in _TITLE_KEYS:
        text = " ".join(source.sentence(0).split()[:12])
    else:
        text = source.sentence(index)
    return _fit_length(source.prefix + text, schema)


def _fit_length(text: str, schema: JSON) -> str:
    max_length = schema.get("maxLength")
    if isinstance(max_length, int) and len(text) > max_length:
        text = text[:max_length]
    min_length = schema.get("minLength")
    if isinstance(min_length, int) and len(text) < min_length:
        text = text.ljust(min_length, ".")
    return text


def schema_instance(schema: JSON, request: JSON) -> Any:
    """A valid instance of `schema`, with strings taken from the request's article."""
    return _InstanceBuilder(schema).build(schema, _source(request))


def _mentions_json(request: JSON) -> bool:
    return any(_JSON_WORD_RE.search(_content_text(m.get("content"))) for m in _messages(request))


def default_content(request: JSON) -> str:
    """The deterministic answer for a request: a schema instance, {"summary": ...}, or text."""
    schema = request_schema(request)
    if schema is not None:
        return json.dumps(schema_instance(schema, request), ensure_ascii=False)
    first = _source(request).sentence(0)
    # json_object promises JSON whatever the prompt says; in text mode, follow the prompt.
    if _response_format_type(request) == "json_object" or _mentions_json(request):
        return json.dumps({"summary": first}, ensure_ascii=False)
    return first


def _break_schema(content: str, request: JSON) -> str:
    """Valid JSON that misses a required key (the first one the schema requires)."""
    try:
        value = json.loads(content)
    except ValueError:
        return "{}"
    if not isinstance(value, dict) or not value:
        return "{}"
    schema = request_schema(request) or {}
    required = [k for k in schema.get("required", []) if k in value]
    del value[required[0] if required else next(iter(value))]
    return json.dumps(value, ensure_ascii=False)


def _truncated_json(content: str, request: JSON) -> str:
    text = content if content.lstrip().startswith(("{", "[")) else default_content(request)
    if not text.lstrip().startswith(("{", "[")):
        text = json.dumps({"summary": text}, ensure_ascii=False)
    return text[: max(1, len(text) // 2)]


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


def _prompt_tokens(request: JSON) -> int:
    return estimate_tokens("".join(_content_text(m.get("content")) for m in _messages(request)))


# ---------------------------------------------------------------------------------------------
# Error bodies
# ---------------------------------------------------------------------------------------------


def _error(message: str, kind: str, param: str | None = None, code: str | None = None) -> JSON:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


_QUOTA_BODY = _error(
    "You exceeded your current quota, please check your plan and billing details.",
    "insufficient_quota",
    code="insufficient_quota",
)
_RATE_LIMIT_BODY = _error(
    "Rate limit reached for requests (fake server). Please try again later.",
    "requests",
    code="rate_limit_exceeded",
)
_STATUS_ERRORS: dict[int, JSON] = {
    400: _error("Bad request (fake server).", "invalid_request_error"),
    401: _error(
        "Incorrect API key provided (fake server).",
        "invalid_request_error",
        None,
        "invalid_api_key",
    ),
    404: _error("Not found (fake server).", "invalid_request_error"),
    429: _RATE_LIMIT_BODY,
    500: _error("The server had an error while processing your request.", "server_error"),
    503: _error("The engine is currently overloaded, please try again later.", "server_error"),
}


def _status_error(status: int) -> JSON:
    return _STATUS_ERRORS.get(status, _error(f"Fake error with HTTP status {status}.", "api_error"))


def _response_format_error(mode: Mode, request: JSON) -> tuple[int, JSON] | None:
    """How the emulated server rejects the request's response_format, or None if it accepts."""
    fmt = request.get("response_format")
    if fmt is None:
        return None
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if mode is Mode.LLAMA_CPP_PYTHON:
        return None if kind in ("text", "json_object") else _llama_validation_error(kind)
    if mode is Mode.TEXT_ONLY and kind != "text":
        message = f"response_format type {kind!r} is not supported; only 'text' is"
        return 400, _error(message, "invalid_request_error", "response_format")
    if mode is Mode.REJECT_400 and kind == "json_schema":
        message = "response_format json_schema is not supported"
        return 400, _error(message, "invalid_request_error", "response_format")
    if kind == "json_schema":
        spec = fmt.get("json_schema") if isinstance(fmt, dict) else None
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            message = "Missing required parameter: 'response_format.json_schema.name'."
            return 400, _error(
                message,
                "invalid_request_error",
                "response_format.json_schema.name",
                "missing_required_parameter",
            )
        return None
    if kind in ("text", "json_object"):
        return None
    message = f"Invalid value: {kind!r}. Supported: 'json_object', 'json_schema', 'text'."
    return 400, _error(message, "invalid_request_error", "response_format.type", "invalid_value")


def _llama_validation_error(kind: object) -> tuple[int, JSON]:
    # llama_cpp.server's RouteErrorHandler turns request-validation errors into a 500 whose
    # message is the pydantic error list.
    detail = [
        {
            "type": "literal_error",
            "loc": ("body", "response_format", "type"),
            "msg": "Input should be 'text' or 'json_object'",
            "input": kind,
            "ctx": {"expected": "'text' or 'json_object'"},
        }
    ]
    return 500, _error(str(detail), "internal_server_error")


# ---------------------------------------------------------------------------------------------
# Issue 11 modes (llm area): reasoning models, strict schemas, refusals
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelQuirks:
    """How today's hosted models differ from a plain OpenAI-compatible server.

    reasoning: a gpt-5 / o-series model: it refuses `max_tokens` and any temperature but 1
    with OpenAI's exact error bodies, spends `reasoning_tokens` of the completion budget before
    answering (reported in usage.completion_tokens_details; an answer that does not fit after
    them comes back empty with finish_reason "length").
    strict_schemas: checks a `strict: true` json_schema the way OpenAI does (every property
    required, additionalProperties false, only the keywords strict mode supports).
    reject_strict: a server that takes json_schema but not `strict` (400).
    refusal: every answer is this refusal (message.refusal, content null).
    """

    reasoning: bool = False
    reasoning_tokens: int = 200
    strict_schemas: bool = False
    reject_strict: bool = False
    refusal: str | None = None


_STRICT_ALLOWED = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "anyOf", "$ref", "$defs", "description", "title", "pattern", "format", "minimum",
        "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
    }
)  # fmt: skip


def _invalid_schema(message: str) -> tuple[int, JSON]:
    return 400, _error(
        f"Invalid schema for response_format 'answer': {message}",
        "invalid_request_error",
        "response_format",
    )


def strict_schema_problem(node: object, context: tuple[str, ...] = ()) -> str | None:
    """What OpenAI's strict mode would say about a schema, or None if it takes it."""
    if not isinstance(node, dict):
        return None
    where = f"In context={context!r}, "
    for key in node:
        if key not in _STRICT_ALLOWED:
            return f"{where}'{key}' is not permitted."
    properties = node.get("properties")
    if node.get("type") == "object" or isinstance(properties, dict):
        if node.get("additionalProperties") is not False:
            return f"{where}'additionalProperties' is required to be supplied and to be false."
        missing = [k for k in (properties or {}) if k not in node.get("required", [])]
        if missing:
            return (
                f"{where}'required' is required to be supplied and to be an array including "
                f"every key in properties. Missing '{missing[0]}'."
            )
    children: list[tuple[tuple[str, ...], object]] = []
    for name, sub in (properties or {}).items():
        children.append(((*context, "properties", name), sub))
    for name, sub in (node.get("$defs") or {}).items():
        children.append(((*context, "$defs", name), sub))
    if "items" in node:
        children.append(((*context, "items"), node["items"]))
    for i, sub in enumerate(node.get("anyOf") or []):
        children.append(((*context, "anyOf", str(i)), sub))
    for path, sub in children:
        problem = strict_schema_problem(sub, path)
        if problem is not None:
            return problem
    return None


def quirk_rejection(quirks: ModelQuirks, request: JSON) -> tuple[int, JSON] | None:
    """The 400 a model with these quirks answers to this request, or None."""
    if quirks.reasoning and "max_tokens" in request:
        return 400, _error(
            "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            "invalid_request_error",
            "max_tokens",
            "unsupported_parameter",
        )
    temperature = request.get("temperature")
    if quirks.reasoning and temperature is not None and temperature != 1:
        return 400, _error(
            f"Unsupported value: 'temperature' does not support {temperature} with this model. "
            "Only the default (1) value is supported.",
            "invalid_request_error",
            "temperature",
            "unsupported_value",
        )
    fmt = request.get("response_format")
    spec = fmt.get("json_schema") if isinstance(fmt, dict) else None
    if not isinstance(spec, dict) or not spec.get("strict"):
        return None
    if quirks.reject_strict:
        return 400, _error(
            "Unsupported parameter: 'response_format.json_schema.strict'.",
            "invalid_request_error",
            "response_format.json_schema.strict",
            "unsupported_parameter",
        )
    if quirks.strict_schemas:
        problem = strict_schema_problem(spec.get("schema"))
        if problem is not None:
            return _invalid_schema(problem)
    return None


def apply_quirks(quirks: ModelQuirks, body: JSON, request: JSON) -> JSON:
    """A completion body as a model with these quirks sends it."""
    choice = body["choices"][0]
    if quirks.refusal is not None:
        choice["message"] = {"role": "assistant", "content": None, "refusal": quirks.refusal}
        choice["finish_reason"] = "stop"
    if quirks.reasoning:
        usage = body["usage"]
        limit = request.get("max_completion_tokens")
        reasoning = quirks.reasoning_tokens
        if isinstance(limit, int) and limit < reasoning + usage["completion_tokens"]:
            reasoning = min(reasoning, limit)
            choice["message"]["content"] = ""
            choice["finish_reason"] = "length"
            usage["completion_tokens"] = 0
        usage["completion_tokens"] += reasoning
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        usage["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    return body


# ---------------------------------------------------------------------------------------------
# HTTP plumbing
# ---------------------------------------------------------------------------------------------


def _encode_headers(headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()]


async def _send_json(
    send: Send, status: int, payload: object, headers: Mapping[str, str] | None = None
) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": raw_headers + _encode_headers(headers or {}),
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _send_bytes(send: Send, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/octet-stream"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _wait_or_disconnect(receive: Receive, seconds: float) -> bool:
    """Sleep up to `seconds`; True if the client hung up first (so a hang frees its slot)."""

    async def disconnected() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    try:
        await asyncio.wait_for(disconnected(), timeout=seconds)
    except TimeoutError:
        return False
    return True


def _find_transport(server: uvicorn.Server | None, scope: Scope) -> asyncio.Transport | None:
    # ASGI has no "reset the connection" message, so find uvicorn's protocol for this request.
    if server is None:
        return None
    for connection in list(server.server_state.connections):
        cycle = getattr(connection, "cycle", None)
        if cycle is not None and getattr(cycle, "scope", None) is scope:
            transport: asyncio.Transport | None = getattr(connection, "transport", None)
            return transport
    return None


class _Server(uvicorn.Server):
    """uvicorn.Server whose readiness can be awaited from another thread."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


# ---------------------------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------------------------


class FakeOpenAI:
    """A loopback OpenAI-compatible server; see the module docstring.

    Settings other than `concurrency` and `port` may be changed while it runs (read per call).
    """

    def __init__(
        self,
        *,
        mode: Mode | str = Mode.OPENAI,
        latency: float = 0.0,
        concurrency: int = 16,
        fail_rate: float = 0.0,
        seed: int = 0,
        fault_kinds: Iterable[Fault | str] | None = None,
        hang_seconds: float = 2.0,
        retry_after: float = 0.05,
        quota_exhausted: bool = False,
        responder: Responder | None = None,
        models: Sequence[str] = ("fake-model",),
        port: int = 0,
        record_requests: bool = True,
        quirks: ModelQuirks | None = None,
        overflow: str = "queue",
        batch_api: bool = True,
        batch_delay: float = 0.0,
        batch_line_fail_rate: float = 0.0,
    ) -> None:
        if overflow not in ("queue", "429"):
            raise ValueError(f"overflow must be 'queue' or '429', got {overflow!r}")
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError(f"fail_rate must be within 0..1, got {fail_rate}")
        if concurrency < 1:
            raise ValueError(f"concurrency must be >= 1, got {concurrency}")
        self.mode = Mode(mode)
        self.latency = latency
        self.concurrency = concurrency
        self.fail_rate = fail_rate
        self.seed = seed
        self.fault_kinds = fault_kinds or ALL_FAULTS
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.quota_exhausted = quota_exhausted
        self.responder = responder
        self.models = tuple(models)
        self.record_requests = record_requests
        self.quirks = quirks or ModelQuirks()
        self.overflow = overflow
        self._requested_port = port
        self._lock = threading.Lock()  # state is written by the server thread, read by tests
        self._rng = random.Random(seed)
        self._queue: deque[Scripted] = deque()
        self._calls = 0
        self._requests: list[RecordedRequest] = []
        self._log: list[JSON] = []
        self._in_flight = 0
        self._max_in_flight = 0
        self._ids = itertools.count(1)
        self._port: int | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._slots: asyncio.Semaphore | None = None
        # /v1/files and /v1/batches (tests/support/fake_batch.py); batch_api=False: a server
        # without them (404), as vLLM, llama.cpp and Ollama are.
        self.batch = FakeBatchAPI(
            self._line_answer,
            delay=batch_delay,
            line_fail_rate=batch_line_fail_rate,
            seed=seed,
            enabled=batch_api,
        )

    @property
    def fault_kinds(self) -> tuple[Fault, ...]:
        return self._fault_kinds

    @fault_kinds.setter
    def fault_kinds(self, kinds: Iterable[Fault | str]) -> None:
        # Canonical order, so a set of kinds gives the same fault sequence in every process.
        chosen = {Fault(k) for k in kinds}
        if not chosen:
            raise ValueError("fault_kinds must not be empty")
        self._fault_kinds = tuple(f for f in ALL_FAULTS if f in chosen)

    # -- public state ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeOpenAI is not running")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    @property
    def calls(self) -> int:
        """Chat-completion requests received (rejected and faulted ones included)."""
        return self._calls

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def log(self) -> list[JSON]:
        """Per call: kind ("ok", a Fault value, "scripted", ...), model, response_format, ..."""
        with self._lock:
            return list(self._log)

    def kinds(self) -> Counter[str]:
        """How many calls ended in each kind (a shortcut over `log`)."""
        return Counter(entry["kind"] for entry in self.log)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """Most requests processed at once (inside the concurrency limit) since start/reset."""
        return self._max_in_flight

    def enqueue(self, *answers: Scripted) -> None:
        with self._lock:
            self._queue.extend(answers)

    @property
    def pending_scripted(self) -> int:
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Forget calls, requests, log and scripted answers; re-seed the fault generator."""
        with self._lock:
            self._calls = 0
            self._requests.clear()
            self._log.clear()
            self._queue.clear()
            self._rng = random.Random(self.seed)
            self._max_in_flight = self._in_flight

    # -- lifecycle ------------------------------------------------------------------------------

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self, timeout: float = 10.0) -> FakeOpenAI:
        """Serve in a background thread; returns once the server answers HTTP."""
        if self._thread is not None:
            raise RuntimeError("FakeOpenAI is already running")
        sock = self._bind()
        self._server = _Server(self._config())
        self._slots = None  # a semaphore belongs to one event loop: make it in the new one
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="fake-openai", daemon=True
        )
        self._thread.start()
        if not self._server.ready.wait(timeout):
            self.stop()
            raise RuntimeError("FakeOpenAI did not start in time")
        self._wait_until_answering(timeout)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():  # something still hangs: skip the graceful wait
            server.force_exit = True
            thread.join(timeout)
        self._server = self._thread = None
        self._port = None

    def _bind(self) -> socket.socket:
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP, and without it Nagle + delayed ACK add ~40 ms to every response.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, self._requested_port))
        self._port = sock.getsockname()[1]
        return sock

    def _config(self) -> uvicorn.Config:
        return uvicorn.Config(
            self._asgi,
            interface="asgi3",  # a bound method defeats uvicorn's ASGI2/3 guess
            lifespan="off",
            proxy_headers=False,  # loopback only: skip the middleware
            access_log=False,  # a log line per call would dominate the benchmark
            log_config=None,  # leave the host process's logging alone
            log_level="warning",
            http="h11",
            loop="asyncio",
            backlog=4096,
            timeout_keep_alive=30,
            timeout_graceful_shutdown=1,
        )

    def _wait_until_answering(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=1)
                connection.request("GET", "/v1/models")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("FakeOpenAI does not answer")
            time.sleep(0.01)

    # -- ASGI -----------------------------------------------------------------------------------

    async def _asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"].rstrip("/")
        if method == "POST" and path == "/v1/chat/completions":
            await self._chat(scope, receive, send)
        elif method == "GET" and path == "/v1/models":
            await _send_json(send, 200, self._models_body())
        elif method == "GET" and path == "/health":
            await _send_json(send, 200, {"status": "ok"})
        elif path.startswith(("/v1/files", "/v1/batches")):
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            status, payload = self.batch.handle(method, path, headers, await _read_body(receive))
            if isinstance(payload, bytes):
                await _send_bytes(send, status, payload)
            else:
                await _send_json(send, status, payload)
        else:
            await _send_json(
                send, 404, _error(f"Unknown route {method} {path}", "invalid_request_error")
            )

    def _line_answer(self, request: JSON) -> tuple[int, JSON]:
        """A batch line's response (status, body): what a synchronous call would get, without
        latency or transport faults (the batch API draws its own line failures)."""
        rejection = _response_format_error(self.mode, request) or quirk_rejection(
            self.quirks, request
        )
        if rejection is not None:
            return rejection
        content = self._content(request)
        if content is None:
            return 500, _error("The test responder raised.", "server_error")
        content, finish = _limit_tokens(content, request)
        return 200, self._completion(request, content, finish)

    def _models_body(self) -> JSON:
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.models]
        return {"object": "list", "data": data}

    async def _chat(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            request = json.loads(await _read_body(receive))
        except ValueError:
            request = None
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        with self._lock:
            self._calls += 1
            if self.record_requests and isinstance(request, dict):
                self._requests.append(RecordedRequest(request, headers, scope["path"]))
        if not isinstance(request, dict):
            self._record({}, kind="bad_request", status=400)
            await _send_json(
                send, 400, _error("The body is not a JSON object.", "invalid_request_error")
            )
            return
        await self._answer(request, scope, receive, send)

    async def _answer(self, request: JSON, scope: Scope, receive: Receive, send: Send) -> None:
        # Order: what the server rejects outright, then scripted answers, then faults, then ok.
        if self.quota_exhausted:
            self._record(request, kind="quota_exhausted", status=429)
            await _send_json(send, 429, _QUOTA_BODY)
            return
        if request.get("stream"):
            self._record(request, kind="stream_rejected", status=400)
            await _send_json(
                send,
                400,
                _error(
                    "stream=true is not supported by the fake server.",
                    "invalid_request_error",
                    "stream",
                ),
            )
            return
        rejection, kind = _response_format_error(self.mode, request), "unsupported_response_format"
        if rejection is None:  # issue 11 modes: a parameter or a strict schema refused
            rejection, kind = quirk_rejection(self.quirks, request), "rejected_request"
        if rejection is not None:
            self._record(request, kind=kind, status=rejection[0])
            await _send_json(send, *rejection)
            return
        scripted = self._pop_scripted()
        if scripted is not None:
            await self._play(scripted, request, scope, receive, send)
            return
        fault = self._draw_fault()
        if fault in _GATEWAY_FAULTS:
            self._record(request, kind=fault, status=429)
            await _send_json(send, 429, _RATE_LIMIT_BODY, self._retry_headers(fault))
            return
        if self.overflow == "429" and self._in_flight >= self.concurrency:
            self._record(request, kind="over_capacity", status=429)
            await _send_json(send, 429, _RATE_LIMIT_BODY)
            return
        async with self._slot():
            if self.latency > 0:
                await asyncio.sleep(self.latency)
            await self._model_answer(fault, request, scope, receive, send)

    async def _model_answer(
        self, fault: Fault | None, request: JSON, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if fault is Fault.CONNECTION_RESET:
            self._record(request, kind=fault, status=None)
            await self._reset(scope, send)
        elif fault in (Fault.SERVER_ERROR, Fault.UNAVAILABLE):
            status = 500 if fault is Fault.SERVER_ERROR else 503
            self._record(request, kind=fault, status=status)
            await _send_json(send, status, _status_error(status))
        elif fault is Fault.TIMEOUT:
            # Logged before the wait, so a test that saw its client time out can count it.
            self._record(request, kind=fault, status=None)
            if not await _wait_or_disconnect(receive, self.hang_seconds):
                await self._send_completion(None, request, send, record=False)
        else:
            await self._send_completion(fault, request, send)

    async def _send_completion(
        self, fault: Fault | None, request: JSON, send: Send, *, record: bool = True
    ) -> None:
        content = self._content(request)
        if content is None:  # the responder raised
            if record:
                self._record(request, kind="responder_error", status=500)
            await _send_json(send, 500, _error("The test responder raised.", "server_error"))
            return
        content, finish = self._apply_content_fault(fault, content, request)
        if record:
            self._record(request, kind=fault or "ok", status=200, finish_reason=finish)
        await _send_json(send, 200, self._completion(request, content, finish))

    def _apply_content_fault(
        self, fault: Fault | None, content: str, request: JSON
    ) -> tuple[str, str]:
        if fault is Fault.INVALID_JSON:
            return _truncated_json(content, request), "stop"
        if fault is Fault.SCHEMA_MISMATCH:
            return _break_schema(content, request), "stop"
        if fault is Fault.TRUNCATED:
            return content[: max(1, len(content) // 2)], "length"
        return _limit_tokens(content, request)

    async def _play(
        self, answer: Scripted, request: JSON, scope: Scope, receive: Receive, send: Send
    ) -> None:
        status = None if answer.drop_connection else answer.status
        finish = answer.finish_reason if status == 200 and answer.body is None else None
        self._record(request, kind="scripted", status=status, finish_reason=finish)
        async with self._slot():
            wait = self.latency + answer.delay
            if wait > 0:
                await asyncio.sleep(wait)
            if answer.hang > 0 and await _wait_or_disconnect(receive, answer.hang):
                return
            if answer.drop_connection:
                await self._reset(scope, send)
            elif answer.status != 200 or answer.body is not None:
                payload = answer.body if answer.body is not None else _status_error(answer.status)
                await _send_json(send, answer.status, payload, answer.headers)
            else:
                content = answer.content
                if content is None:
                    content = self._content(request) or ""
                body = self._completion(request, content, answer.finish_reason)
                await _send_json(send, 200, body, answer.headers)

    async def _reset(self, scope: Scope, send: Send) -> None:
        transport = _find_transport(self._server, scope)
        if transport is None:
            # Fallback: promise a body and never send it; uvicorn then closes the connection.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"100")],
                }
            )
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:  # linger 0 makes close send RST: a real "connection reset by peer"
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        # Let connection_lost run before we return, so uvicorn does not try to send a 500.
        for _ in range(3):
            await asyncio.sleep(0)

    # -- helpers --------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
        async with self._slots:
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            try:
                yield
            finally:
                self._in_flight -= 1

    def _pop_scripted(self) -> Scripted | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _draw_fault(self) -> Fault | None:
        if self.fail_rate <= 0:
            return None
        with self._lock:
            draw = self._rng.random()
        if draw >= self.fail_rate:
            return None
        # One draw decides both whether and which: the same seed fails the same calls
        # whatever the subset of kinds.
        kinds = self.fault_kinds
        return kinds[min(int(draw / self.fail_rate * len(kinds)), len(kinds) - 1)]

    def _retry_headers(self, fault: Fault) -> dict[str, str]:
        if fault is Fault.RATE_LIMIT_RETRY_AFTER:
            return {"retry-after": f"{self.retry_after:g}"}
        if fault is Fault.RATE_LIMIT_RETRY_AFTER_MS:
            return {"retry-after-ms": f"{self.retry_after * 1000:g}"}
        return {}

    def _content(self, request: JSON) -> str | None:
        if self.responder is None:
            return default_content(request)
        try:
            return self.responder(request)
        except Exception as exc:  # surface it in the test's output, answer 500
            print(f"fake_openai: responder raised {exc!r}", file=sys.stderr)
            return None

    def _record(
        self, request: JSON, *, kind: str, status: int | None, finish_reason: str | None = None
    ) -> None:
        """One `log` entry; status None means no HTTP answer (reset, or the client hung up)."""
        entry = {
            "kind": str(kind),
            "model": request.get("model"),
            "response_format": _response_format_type(request),
            "status": status,
            "finish_reason": finish_reason,
        }
        with self._lock:
            self._log.append(entry)

    def _completion(self, request: JSON, content: str, finish_reason: str) -> JSON:
        return apply_quirks(
            self.quirks, self._plain_completion(request, content, finish_reason), request
        )

    def _plain_completion(self, request: JSON, content: str, finish_reason: str) -> JSON:
        prompt_tokens = _prompt_tokens(request)
        completion_tokens = estimate_tokens(content)
        return {
            "id": f"chatcmpl-fake-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model") or self.models[0],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "system_fingerprint": "fake",
        }


def _limit_tokens(content: str, request: JSON) -> tuple[str, str]:
    """Cut the answer at max_(completion_)tokens like a real server, with finish_reason length."""
    limit = request.get("max_completion_tokens") or request.get("max_tokens")
    if isinstance(limit, int) and limit > 0 and estimate_tokens(content) > limit:
        return content[: limit * 4], "length"
    return content, "stop"


# ---------------------------------------------------------------------------------------------
# Process mode
# ---------------------------------------------------------------------------------------------


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fake OpenAI chat-completions server.")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per call")
    parser.add_argument("--concurrency", type=int, default=16, help="calls processed at once")
    parser.add_argument("--fail-rate", type=float, default=0.0, help="share of faulted calls")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.OPENAI.value)
    parser.add_argument("--fault-kinds", default="", help="comma-separated Fault values")
    parser.add_argument("--hang-seconds", type=float, default=2.0)
    parser.add_argument("--retry-after", type=float, default=0.05, help="seconds")
    parser.add_argument("--quota-exhausted", action="store_true")
    parser.add_argument("--models", default="fake-model", help="comma-separated model names")
    parser.add_argument("--no-record", action="store_true", help="do not keep request bodies")
    parser.add_argument(
        "--overflow", choices=["queue", "429"], default="queue", help="beyond --concurrency"
    )
    parser.add_argument("--batch-delay", type=float, default=0.0, help="seconds per batch")
    parser.add_argument("--batch-line-fail-rate", type=float, default=0.0)
    parser.add_argument("--no-batch-api", action="store_true", help="404 on /v1/batches")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    kinds = [k.strip() for k in args.fault_kinds.split(",") if k.strip()]
    fake = FakeOpenAI(
        mode=args.mode,
        latency=args.latency,
        concurrency=args.concurrency,
        fail_rate=args.fail_rate,
        seed=args.seed,
        fault_kinds=kinds or None,
        hang_seconds=args.hang_seconds,
        retry_after=args.retry_after,
        quota_exhausted=args.quota_exhausted,
        models=args.models.split(","),
        port=args.port,
        record_requests=not args.no_record,
        overflow=args.overflow,
        batch_api=not args.no_batch_api,
        batch_delay=args.batch_delay,
        batch_line_fail_rate=args.batch_line_fail_rate,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with fake:
        print(f"READY {fake.base_url}", flush=True)
        while not stop.wait(0.5):  # a timed wait keeps the main thread responsive to signals
            pass
        summary = ", ".join(f"{k}={n}" for k, n in sorted(fake.kinds().items()))
        print(f"fake_openai: {fake.calls} calls ({summary})", file=sys.stderr, flush=True)
        batch = fake.batch
        print(
            f"fake_openai: {batch.creates} batches, {batch.lines} batch lines, "
            f"{max(batch.submitted.values(), default=0)} most submissions of one line",
            file=sys.stderr,
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
