"""The event account the model answers with, and the schema sent for it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from newsum.profile import DEFAULT, ModelProfile


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


def event_schema(
    max_items: int, profile: ModelProfile = DEFAULT, langs: Sequence[str | None] = ("en",)
) -> dict[str, Any]:
    """The schema sent to the endpoint: every list capped, since small models loop.

    `langs`: the languages the answer may come in (sets the profile's caps in characters)."""
    if profile.event_max_items is not None:
        max_items = min(max_items, profile.event_max_items)
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
    if profile.event_caps is not None:
        _cap_strings(schema, profile.event_caps.lengths(langs))
    return schema


def _cap_strings(schema: dict[str, Any], caps: dict[str, int]) -> None:
    """Every string field named in `caps`, and every list of such strings, gets its maxLength."""
    for node in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in node.get("properties", {}).items():
            if name not in caps:
                continue
            target = prop["items"] if prop.get("type") == "array" else prop
            if target.get("type") == "string":
                target["maxLength"] = caps[name]
