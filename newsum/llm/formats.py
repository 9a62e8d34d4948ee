"""What a chat request looks like per structured-output capability, and how an answer is read.

The capability (newsum.config.Capability) picks the request fields from a dispatch table; the
schema goes into the prompt where the endpoint does not enforce one. Strict json_schema needs a
schema in the subset OpenAI's strict mode accepts: `strict_schema` derives it from the pydantic
schema, which stays the single source.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from newsum.config import Capability
from newsum.errors import LLMError, LLMOutputError
from newsum.llm.transport import Completion
from newsum.prompts import load_prompt

T = TypeVar("T", bound=BaseModel)
Schema = dict[str, Any]
Messages = list[dict[str, str]]

NEGOTIATION_ORDER = [
    Capability.JSON_SCHEMA,
    Capability.JSON_OBJECT_SCHEMA,
    Capability.JSON_OBJECT,
    Capability.TEXT,
]


@dataclass(frozen=True)
class ChatRequest:
    """One question to the model: what the client threads from the cache to the transport."""

    messages: Messages
    schema: Schema
    max_tokens: int

    def repaired(self, original: Messages, answer: str | None, error: str) -> ChatRequest:
        """The re-ask after an invalid answer: the original messages, the answer, the problem."""
        repair = load_prompt("repair").render(error=error)
        messages = [
            *original,
            {"role": "assistant", "content": answer or ""},
            {"role": "user", "content": repair.messages[1]["content"]},
        ]
        return replace(self, messages=messages)


def _json_schema(schema: Schema, strict: Schema | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": "answer", "schema": schema}
    if strict is not None:
        spec = {"name": "answer", "strict": True, "schema": strict}
    return {"response_format": {"type": "json_schema", "json_schema": spec}}


_FORMATS: dict[Capability, Callable[[Schema, Schema | None], dict[str, Any]]] = {
    Capability.JSON_SCHEMA: _json_schema,
    # llama_cpp.server takes a schema only inside json_object.
    Capability.JSON_OBJECT_SCHEMA: lambda schema, _: {
        "response_format": {"type": "json_object", "schema": schema}
    },
    Capability.JSON_OBJECT: lambda schema, _: {"response_format": {"type": "json_object"}},
    Capability.TEXT: lambda schema, _: {},
}
# Endpoints that do not enforce the schema are told it in the prompt.
SCHEMA_IN_PROMPT = frozenset({Capability.JSON_OBJECT, Capability.TEXT})


def response_format_kwargs(
    capability: Capability, schema: Schema, strict: Schema | None = None
) -> dict[str, Any]:
    """The request fields that ask for structured output, per capability (strict: json_schema
    with `strict: true` and this strict-mode schema)."""
    return _FORMATS[capability](schema, strict)


def request_body(
    model: str, capability: Capability, request: ChatRequest, fields: dict[str, Any], strict: bool
) -> dict[str, Any]:
    """The chat-completion body for `request` (`fields`: budget, sampling, extra body; `strict`:
    a strict json_schema where the schema can be made strict)."""
    messages = request.messages
    if capability in SCHEMA_IN_PROMPT:
        messages = with_schema_in_prompt(messages, request.schema)
    strict_version = None
    if capability is Capability.JSON_SCHEMA and strict:
        strict_version = strict_schema(request.schema)
    return {
        "model": model,
        "messages": messages,
        **fields,
        **response_format_kwargs(capability, request.schema, strict_version),
    }


def with_schema_in_prompt(messages: Messages, schema: Schema) -> Messages:
    """For endpoints that do not enforce a schema: tell the model, in words kept in prompts/."""
    hint = load_prompt("json_format").render(schema=json.dumps(schema, ensure_ascii=False))
    out = [dict(message) for message in messages]
    out[0]["content"] += "\n\n" + hint.messages[0]["content"]
    out[-1]["content"] += "\n\n" + hint.messages[1]["content"]
    return out


# ---- strict mode ---------------------------------------------------------------------------

# Keywords OpenAI's strict mode accepts (platform.openai.com, "Structured model outputs",
# "Supported schemas"); anything else (minLength, maxLength, default, uniqueItems, ...) is
# dropped here and left to pydantic's validation of the answer.
_STRICT_KEYWORDS = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "anyOf", "$ref", "$defs", "description", "title",
        "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minItems", "maxItems",
    }
)  # fmt: skip
# Constructs strict mode cannot express: such a schema is sent non-strict. maxLength is here
# rather than dropped: it is the small-model cap that ends a looping answer, and servers that
# build a grammar from the schema (llama.cpp, vLLM) enforce it.
_NOT_STRICT = frozenset(
    {"oneOf", "not", "if", "then", "else", "prefixItems", "patternProperties", "allOf", "maxLength"}
)


class _NotStrict(Exception):
    pass


def strict_schema(schema: Schema) -> Schema | None:
    """`schema` as OpenAI's strict mode takes it, or None when it cannot be expressed there.

    Every object lists all its properties as required and forbids others; a property that was
    optional may also be null (`drop_optional_nulls` turns such a null back into "absent").
    """
    try:
        out = _strict_node(copy.deepcopy(schema))
    except _NotStrict:
        return None
    if out.get("type") != "object":  # strict mode wants an object at the root
        return None
    return out


def _strict_node(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if _NOT_STRICT & node.keys():
        raise _NotStrict
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) or extra is True:  # a map of free keys
        raise _NotStrict
    out: Schema = {key: value for key, value in node.items() if key in _STRICT_KEYWORDS}
    if "$defs" in out:
        out["$defs"] = {name: _strict_node(sub) for name, sub in out["$defs"].items()}
    if "items" in out:
        out["items"] = _strict_node(out["items"])
    if "anyOf" in out:
        out["anyOf"] = [_strict_node(sub) for sub in out["anyOf"]]
    properties = out.get("properties")
    if isinstance(properties, dict) or out.get("type") == "object":
        properties = properties or {}
        required = set(node.get("required", []))
        out["properties"] = {
            name: _strict_node(sub) if name in required else _nullable(_strict_node(sub))
            for name, sub in properties.items()
        }
        out["required"] = list(properties)
        out["additionalProperties"] = False
    return out


def _nullable(node: Schema) -> Schema:
    if _allows_null(node):
        return node
    if "$ref" in node or "anyOf" in node or "enum" in node or "const" in node:
        return {"anyOf": [node, {"type": "null"}]}
    kind = node.get("type")
    if isinstance(kind, str):
        return {**node, "type": [kind, "null"]}
    return {"anyOf": [node, {"type": "null"}]}


def _allows_null(node: Schema) -> bool:
    kind = node.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(isinstance(sub, dict) and _allows_null(sub) for sub in node.get("anyOf", []))


def drop_optional_nulls(data: Any, schema: Schema, root: Schema | None = None) -> Any:
    """Remove null values of properties `schema` does not require, so that pydantic applies the
    field's default: strict mode makes the model send every property, null for "no value"."""
    root = root or schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        schema = root.get("$defs", {}).get(ref.rsplit("/", 1)[1], {})
    if isinstance(data, list) and isinstance(schema.get("items"), dict):
        return [drop_optional_nulls(item, schema["items"], root) for item in data]
    properties = schema.get("properties")
    if not isinstance(data, dict) or not isinstance(properties, dict):
        return data
    required = set(schema.get("required", []))
    out = {}
    for key, value in data.items():
        if value is None and key in properties and key not in required:
            continue
        sub = properties.get(key)
        out[key] = drop_optional_nulls(value, sub, root) if isinstance(sub, dict) else value
    return out


# ---- answers -------------------------------------------------------------------------------

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def parse_answer(raw: str | None, answer_model: type[T], schema: Schema | None = None) -> T:
    """Validate an answer; tolerate a code fence or prose around the JSON object. With the
    schema asked for, a null where that schema lets the property be absent counts as absent."""
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
    if schema is not None:
        data = drop_optional_nulls(data, schema)
    try:
        return answer_model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'answer'}: {err['msg']}"
            for err in exc.errors()[:5]
        )
        raise ValueError(f"the answer does not match the schema ({problems})") from None


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")


def first_sentence(text: str, limit: int = 200) -> str:
    """A model's words cut to their first sentence (and to `limit` characters)."""
    flat = " ".join(text.split())
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class TruncatedAnswer(LLMOutputError):
    """finish_reason == "length": the answer did not fit in max_tokens."""


class Refused(LLMError):
    """The model declined to answer (message.refusal, or a content filter): not repaired."""


def check_finish(answer: Completion, budget: str, attempt: int) -> None:
    """Answers that must be neither parsed nor repaired: refused, or cut at the `budget`."""
    if answer.refusal or (answer.finish_reason == "content_filter" and not answer.content):
        words = first_sentence(answer.refusal or "the endpoint's content filter stopped the answer")
        raise Refused(f"refused: {words}")
    if answer.finish_reason == "length":
        reason = f"answer truncated at {budget}"
        if answer.reasoning_tokens:
            reason += (
                f" after {answer.reasoning_tokens} reasoning tokens "
                "(reasoning used the budget: lower LLM_REASONING_EFFORT)"
            )
        raise TruncatedAnswer(reason, attempt, (answer.content or "")[:300])
