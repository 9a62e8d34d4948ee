"""The event account the model answers with, and the schema sent for it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from newsum.budget import chars_for_tokens


class Statement(BaseModel):
    statement: str = Field(min_length=1, description="A fact the sources agree on, neutral")
    sources: list[str] = Field(default_factory=list, max_length=20)


class PartyClaims(BaseModel):
    party: str = Field(min_length=1, description="Who claims it: government, ministry, group")
    claims: list[str] = Field(default_factory=list, max_length=20)
    sources: list[str] = Field(default_factory=list, max_length=20)


class Account(BaseModel):
    source: str
    account: str


class Difference(BaseModel):
    topic: str = Field(description="What the accounts differ on: a figure, a place, a description")
    accounts: list[Account] = Field(default_factory=list, max_length=20)


class EventSummary(BaseModel):
    headline: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    established: list[Statement] = Field(default_factory=list, max_length=20)
    claims_by_party: list[PartyClaims] = Field(default_factory=list, max_length=20)
    differences: list[Difference] = Field(default_factory=list, max_length=20)


def statements_of(answer: EventSummary) -> list[str]:
    """Every statement of the structured answer, for the figure and loaded-term checks."""
    texts = [s.statement for s in answer.established]
    texts += [claim for party in answer.claims_by_party for claim in party.claims]
    texts += [a.account for d in answer.differences for a in d.accounts]
    return texts


def cited_sources(answer: EventSummary) -> list[str]:
    """Every source name the answer cites."""
    cited = [s for st in answer.established for s in st.sources]
    cited += [s for p in answer.claims_by_party for s in p.sources]
    cited += [a.source for d in answer.differences for a in d.accounts]
    return cited


# A small model's answer, bounded field by field (grammar-enforced by llama.cpp) in tokens of the
# languages it may write in, so that an account always closes within the embedded output budget
# instead of looping or running past it; at most these many characters whatever the language.
_SMALL_MODEL_MAX_TOKENS = {
    "headline": 20, "summary": 120, "statement": 24, "party": 10, "claims": 24,
    "sources": 10, "topic": 10, "source": 10, "account": 24,
}  # fmt: skip
_SMALL_MODEL_MAX_LENGTH = {
    "headline": 90, "summary": 420, "statement": 120, "party": 48, "claims": 120,
    "sources": 48, "topic": 48, "source": 48, "account": 120,
}  # fmt: skip
# Every list of a small model's account holds one item: with two, the capped answer (~700 tokens)
# would not fit in the embedded output budget (512), and the model's second items were repeats.
SMALL_MODEL_MAX_ITEMS = 1


def event_schema(
    max_items: int, small_model: bool = False, langs: Sequence[str | None] = ("en",)
) -> dict[str, Any]:
    """The schema sent to the endpoint: every list capped, since small models loop.

    `langs`: the languages a small model's answer may come in (sets its caps in characters)."""
    if small_model:
        max_items = min(max_items, SMALL_MODEL_MAX_ITEMS)
    schema = copy.deepcopy(EventSummary.model_json_schema())
    for name in ("established", "claims_by_party", "differences"):
        schema["properties"][name]["maxItems"] = max_items
    schema["required"] = list(EventSummary.model_fields)
    defs = schema.get("$defs", {})
    for model, lists in (
        ("Statement", ("sources",)),
        ("PartyClaims", ("claims", "sources")),
        ("Difference", ("accounts",)),
    ):
        for name in lists:
            defs[model]["properties"][name]["maxItems"] = max_items
        defs[model]["required"] = list(defs[model]["properties"])
    defs["Account"]["required"] = ["source", "account"]
    if small_model:
        _cap_strings(schema, langs)
    return schema


def _cap_strings(schema: dict[str, Any], langs: Sequence[str | None]) -> None:
    for node in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in node.get("properties", {}).items():
            tokens = _SMALL_MODEL_MAX_TOKENS.get(name)
            if tokens is None:
                continue
            target = prop["items"] if prop.get("type") == "array" else prop
            if target.get("type") == "string":
                limit = chars_for_tokens(tokens, langs)
                target["maxLength"] = min(_SMALL_MODEL_MAX_LENGTH[name], limit)
