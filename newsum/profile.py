"""What a model can take, in one place: budgets, answer caps, prompts, how translations are asked
(mode, length bounds, chaining), extra request fields and servers.

Two profiles: DEFAULT, any configured endpoint (its budgets come from the settings), and EMBEDDED,
the 135M model run on this machine's cores (SmolLM2-135M on 2 cores: prompt processing costs
~5 ms a token and generation ~15-20 ms, so the budget is tight: articles trimmed to ~700 tokens,
answers capped, a repeat penalty since the model loops; README, "The embedded default model").
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsum.budget import chars_for_tokens
from newsum.config import Settings, TranslateMode


@dataclass(frozen=True)
class FieldCaps:
    """maxLength of every string field of an answer, from a budget in tokens: the cap in
    characters is that budget in the dearest of the answer's languages, and at most
    `max_length` characters whatever the language (grammar-enforced by llama.cpp)."""

    tokens: Mapping[str, int]
    max_length: Mapping[str, int]

    def lengths(self, langs: Sequence[str | None]) -> dict[str, int]:
        return {
            name: min(self.max_length[name], chars_for_tokens(tokens, langs))
            for name, tokens in self.tokens.items()
        }


@dataclass(frozen=True)
class ModelProfile:
    name: str
    # Budgets; None: the settings' value (a configured endpoint's limits are its user's to set).
    context_tokens: int | None = None
    max_output_tokens: int | None = None
    max_list_items: int | None = None
    summary_prompt: str = "summary"
    # Caps on the answers' strings (None: unbounded) and on an event account's lists.
    summary_caps: FieldCaps | None = None
    event_caps: FieldCaps | None = None
    event_max_items: int | None = None
    # A long article: trimmed to its lead and attributed sentences instead of map-reduced.
    trim_articles: bool = False
    # An event's sources: each summary alone, without its lists (they would triple the calls).
    compact_sources: bool = False
    translate_mode: TranslateMode = "batch"  # what the setting "auto" means
    # Each translation capped near the summary's length (small models ramble until max_tokens).
    bound_translations: bool = False
    # One summary's languages back to back per server, so its cached prompt prefix serves them.
    chain_translations: bool = False
    extra_body: Mapping[str, Any] = field(default_factory=dict)
    max_servers: int = 1

    def servers(self) -> int:
        """Servers to start side by side: one a core, up to max_servers."""
        return max(1, min(self.max_servers, os.cpu_count() or 1))

    def limits(self, settings: Settings) -> tuple[int, int, int]:
        """(context tokens, max output tokens, max list items): the profile's, else settings'."""
        return (
            self.context_tokens or settings.context_tokens,
            self.max_output_tokens or settings.max_output_tokens,
            self.max_list_items or settings.max_list_items,
        )

    def translate_mode_for(self, setting: str) -> TranslateMode:
        """The translation mode a `translate_mode` setting asks for ("auto": this profile's)."""
        if setting == "auto":
            return self.translate_mode
        return "per_language" if setting == "per_language" else "batch"


DEFAULT = ModelProfile("default")

# A small model's article summary. The budgets are in tokens and become character caps for the
# language the answer may come in: the pipeline language asked for, or the article's, which a
# small model often copies. Characters alone let an Armenian or Turkish answer run past the
# output cap (they cost 2-8 times more tokens per character than English). The summary's cap also
# bounds its five translations (each capped near its length), which are most of a small model's
# output tokens: one sentence of ~200 characters.
_SUMMARY_CAPS = FieldCaps(
    tokens={
        "summary": 75, "source": 10, "claim": 24, "party": 10, "position": 20, "value": 6,
        "what": 10,
    },
    max_length={
        "summary": 200, "source": 48, "claim": 120, "party": 48, "position": 100, "value": 24,
        "what": 48,
    },
)  # fmt: skip
# A small model's event account, so that it always closes within the output budget instead of
# looping or running past it.
_EVENT_CAPS = FieldCaps(
    tokens={
        "headline": 20, "summary": 120, "statement": 24, "party": 10, "claims": 24,
        "sources": 10, "topic": 10, "source": 10, "account": 24,
    },
    max_length={
        "headline": 90, "summary": 420, "statement": 120, "party": 48, "claims": 120,
        "sources": 48, "topic": 48, "source": 48, "account": 120,
    },
)  # fmt: skip

EMBEDDED = ModelProfile(
    "embedded",
    context_tokens=1700,
    max_output_tokens=512,
    # One claim, party and figure: a 135M model fills more slots with noise (invented URLs, the
    # same claim twice).
    max_list_items=1,
    summary_prompt="summary_compact",
    summary_caps=_SUMMARY_CAPS,
    event_caps=_EVENT_CAPS,
    # Every list of an account holds one item: with two, the capped answer (~700 tokens) would
    # not fit in the output budget (512), and the model's second items were repeats.
    event_max_items=1,
    trim_articles=True,
    compact_sources=True,
    # A tiny model cannot fill several languages in one JSON object.
    translate_mode="per_language",
    bound_translations=True,
    chain_translations=True,
    extra_body={"repeat_penalty": 1.15},
    # One one-thread server per core: two side by side gave 1.5-1.65x the tokens/s of the best
    # single server (README).
    max_servers=2,
)
