"""Stage 3: the neutral, structured summary of one article (map-reduce when it is too long)."""

from __future__ import annotations

import asyncio
import copy
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, Field

from newsum.budget import estimate_tokens, pack, small_model_tokens
from newsum.lexicon import attribution_markers, language_name
from newsum.llm import CallStats, LLMClient
from newsum.profile import DEFAULT, ModelProfile
from newsum.prompts import RenderedPrompt, as_data, load_prompt
from newsum.records import Article
from newsum.text import split_sentences
from newsum.translate import TranslationChain


class Claim(BaseModel):
    source: str = Field(description="Who made the claim, as the article names them")
    claim: str = Field(description="What they claimed, attributed")


class Position(BaseModel):
    party: str
    position: str = Field(description="The party's stated position, attributed")


class Figure(BaseModel):
    value: str = Field(description="The figure exactly as the article gives it")
    what: str = Field(description="What the figure counts or measures")
    source: str = Field(description="Who gave the figure")


class ArticleSummary(BaseModel):
    summary: str = Field(min_length=1)
    claims: list[Claim] = Field(default_factory=list, max_length=20)
    parties: list[Position] = Field(default_factory=list, max_length=20)
    figures: list[Figure] = Field(default_factory=list, max_length=20)


def summary_schema(
    max_items: int, profile: ModelProfile = DEFAULT, langs: Sequence[str | None] = ("en",)
) -> dict[str, Any]:
    """The schema sent to the endpoint: lists capped, since small models loop until max_tokens.

    `langs`: the languages the answer may come in (sets the profile's caps in characters)."""
    schema = copy.deepcopy(_article_summary_schema())
    for name in ("claims", "parties", "figures"):
        schema["properties"][name]["maxItems"] = max_items
    schema["required"] = ["summary", "claims", "parties", "figures"]
    if profile.summary_caps is not None:
        caps = profile.summary_caps.lengths(langs)
        for node in [schema, *schema.get("$defs", {}).values()]:
            for field_name, prop in node.get("properties", {}).items():
                if prop.get("type") == "string" and field_name in caps:
                    prop["maxLength"] = caps[field_name]
    return schema


@cache
def _article_summary_schema() -> dict[str, Any]:
    # pydantic builds a schema anew on each call (~0.6 ms, once per article); it never changes.
    # summary_schema deep-copies it, so no caller can modify the cached one.
    return ArticleSummary.model_json_schema()


def lead_and_attributed(
    text: str,
    lang: str,
    budget_tokens: int,
    lead: int = 3,
    cost: Callable[[str], int] = estimate_tokens,
) -> str:
    """For a small context: the lead, then the sentences that attribute claims, in order."""
    sentences = split_sentences(text)
    markers = attribution_markers(lang)
    keep = [
        i < lead or any(marker in sentence.lower() for marker in markers)
        for i, sentence in enumerate(sentences)
    ]
    chosen: list[str] = []
    used = 0
    for sentence, wanted in zip(sentences, keep, strict=True):
        tokens = cost(sentence)
        if wanted and used + tokens <= budget_tokens:
            chosen.append(sentence)
            used += tokens
    return " ".join(chosen)


def split_chunks(text: str, budget_tokens: int) -> list[str]:
    """Paragraph-aligned chunks under the budget (sentences, then characters, when needed)."""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if estimate_tokens(paragraph) <= budget_tokens:
            pieces.append(paragraph)
            continue
        for sentence in split_sentences(paragraph):
            step = max(1, budget_tokens * 3)  # characters: conservative for any script
            pieces.extend(sentence[i : i + step] for i in range(0, len(sentence), step))
    return ["\n\n".join(group) for group in pack(pieces, estimate_tokens, budget_tokens)]


@dataclass
class SummaryOutcome:
    summary: ArticleSummary
    prompt: RenderedPrompt
    chunks: int  # 1 unless the article was map-reduced
    trimmed: bool  # True when only the lead and attributed sentences were sent


@dataclass(frozen=True)
class SummaryOptions:
    pipeline_lang: str
    context_tokens: int
    max_output_tokens: int
    max_list_items: int
    profile: ModelProfile = DEFAULT
    template_overhead_tokens: int = 450
    # The run's translation chain, when the profile chains translations (newsum/translate.py).
    chain: TranslationChain | None = field(init=False, default=None, compare=False)

    def __post_init__(self) -> None:
        if self.profile.chain_translations:
            object.__setattr__(self, "chain", TranslationChain(self.profile.servers()))

    @property
    def summary_max_tokens(self) -> int:
        """A summary with capped lists needs far less room than all translations at once."""
        return min(self.max_output_tokens, 1500)

    @property
    def article_budget(self) -> int:
        return max(
            256, self.context_tokens - self.summary_max_tokens - self.template_overhead_tokens
        )


def render_summary_prompt(article: Article, text: str, options: SummaryOptions) -> RenderedPrompt:
    return load_prompt(options.profile.summary_prompt).render(
        language_name=language_name(options.pipeline_lang),
        outlet=article.source or "unknown",
        published=article.published_at.date().isoformat() if article.published_at else "unknown",
        article_lang=language_name(article.lang or "und"),
        article=as_data(text, "article"),
    )


async def summarize_article(
    client: LLMClient, article: Article, options: SummaryOptions, stats: CallStats
) -> SummaryOutcome:
    # A small model tends to answer in the article's language rather than the one asked for.
    langs = (options.pipeline_lang, article.lang)
    schema = summary_schema(options.max_list_items, options.profile, langs)
    text, trimmed = article.text, False
    if options.profile.trim_articles:
        lang = article.lang or "en"

        def cost(part: str) -> int:
            return small_model_tokens(part, lang)

        if cost(text) > options.article_budget:
            text = lead_and_attributed(text, lang, options.article_budget, cost=cost)
            trimmed = True
    if estimate_tokens(text) <= options.article_budget:
        prompt = render_summary_prompt(article, text, options)
        answer = await client.structured(
            prompt,
            ArticleSummary,
            schema=schema,
            max_tokens=options.summary_max_tokens,
            stats=stats,
        )
        return SummaryOutcome(answer, prompt, 1, trimmed)
    return await _map_reduce(client, article, options, schema, stats)


async def _map_reduce(
    client: LLMClient,
    article: Article,
    options: SummaryOptions,
    schema: dict[str, Any],
    stats: CallStats,
) -> SummaryOutcome:
    chunks = split_chunks(article.text, options.article_budget)
    lang_name = language_name(options.pipeline_lang)
    template = load_prompt("summary_chunk")
    prompts = [
        template.render(
            language_name=lang_name,
            outlet=article.source or "unknown",
            part=str(i),
            parts=str(len(chunks)),
            article=as_data(chunk, "article"),
        )
        for i, chunk in enumerate(chunks, start=1)
    ]
    parts = await asyncio.gather(
        *(
            client.structured(
                p, ArticleSummary, schema=schema, max_tokens=options.summary_max_tokens, stats=stats
            )
            for p in prompts
        )
    )
    combined = json.dumps([part.model_dump() for part in parts], ensure_ascii=False)
    prompt = load_prompt("combine").render(
        language_name=lang_name,
        outlet=article.source or "unknown",
        parts=as_data(combined, "parts"),
    )
    answer = await client.structured(
        prompt, ArticleSummary, schema=schema, max_tokens=options.summary_max_tokens, stats=stats
    )
    return SummaryOutcome(answer, prompt, len(chunks), False)
