"""The most tokens an answer to a capped schema can take: the bound the embedded budgets are
tested against (no production code needs it: the caps themselves are what is sent)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsum.budget import chars_per_token

# Keys, quotes, braces and the whitespace a JSON grammar allows: per string field, per answer.
_JSON_TOKENS_PER_FIELD = 6
_JSON_TOKENS_PER_ANSWER = 16


def schema_max_tokens(schema: dict[str, Any], langs: Sequence[str | None]) -> int:
    """The most tokens an answer to a capped schema can take: every list full, every string at
    its maxLength, plus the JSON around them. Fields without a maxLength count nothing: call it
    on schemas whose strings are all capped."""
    defs = schema.get("$defs", {})

    def size(node: dict[str, Any]) -> int:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        kind = node.get("type")
        if kind == "string":
            return _JSON_TOKENS_PER_FIELD + _string_tokens(node.get("maxLength", 0), langs)
        if kind == "array":
            return 2 + node.get("maxItems", 0) * size(node.get("items", {}))
        if kind == "object":
            return 2 + sum(size(p) for p in node.get("properties", {}).values())
        return _JSON_TOKENS_PER_FIELD

    return size(schema) + _JSON_TOKENS_PER_ANSWER


def _string_tokens(length: int, langs: Sequence[str | None]) -> int:
    cpt = min((chars_per_token(lang) for lang in langs), default=1.0)
    return int(length / cpt) + 1
