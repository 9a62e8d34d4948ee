"""Stage 3: the neutral, structured summary of one article (map-reduce when it is too long)."""

from __future__ import annotations

import asyncio
import copy
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from newsum.lexicon import attribution_markers, language_name
from newsum.llm import CallStats, LLMClient
from newsum.prompts import RenderedPrompt, as_data, load_prompt
from newsum.records import Article


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


# Characters per token of the embedded model's tokenizer (SmolLM2: byte-level BPE trained mostly
# on English), measured on the sample articles: English 4.6, Spanish and French 2.8, German 2.6,
# Turkish 2.0, Azerbaijani 1.8, Russian 1.3, Arabic 1.05, Armenian 0.54, Chinese 0.52. A little
# below those averages, so that a cap in characters stays within its budget in tokens.
_CHARS_PER_TOKEN: dict[str, float] = {
    "en": 4.0,
    **dict.fromkeys(("fr", "es", "it", "pt", "ca", "nl", "de", "sv", "da", "no", "ro"), 2.4),
    **dict.fromkeys(("tr", "az", "pl", "cs", "sk", "hu", "fi", "et", "hr", "sl", "id"), 1.7),
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk", "kk"), 1.1),
    **dict.fromkeys(("ar", "fa", "ur", "he"), 0.9),
    **dict.fromkeys(("el",), 0.6),
    **dict.fromkeys(("hy", "zh", "ja", "ko"), 0.45),
}
_DEFAULT_CHARS_PER_TOKEN = 0.35  # any other script: as dear as Georgian or Devanagari (3 bytes)


def chars_per_token(lang: str | None) -> float:
    """How many characters of `lang` one token of the small model holds (conservative)."""
    return _CHARS_PER_TOKEN.get(lang or "", _DEFAULT_CHARS_PER_TOKEN)


def _char_tokens(char: str) -> float:
    """What one character costs the small model, by script (the table above, per character)."""
    code = ord(char)
    if code < 0x80:
        return 1 / _CHARS_PER_TOKEN["en"]
    if code < 0x250:  # Latin with diacritics
        return 1 / _CHARS_PER_TOKEN["tr"]
    if 0x400 <= code < 0x530:
        return 1 / _CHARS_PER_TOKEN["ru"]
    if 0x600 <= code < 0x700:
        return 1 / _CHARS_PER_TOKEN["ar"]
    if 0x530 <= code < 0x590 or 0x3040 <= code < 0xA000 or 0xAC00 <= code < 0xD7B0:
        return 1 / _CHARS_PER_TOKEN["hy"]
    return 1 / _DEFAULT_CHARS_PER_TOKEN


def text_chars_per_token(text: str) -> float:
    """Characters per small-model token of a text whatever its language: a small model often
    answers in the language of what it read, so a translation may come back in the source's."""
    if not text:
        return _CHARS_PER_TOKEN["en"]
    return len(text) / sum(_char_tokens(char) for char in text)


def chars_for_tokens(tokens: int, langs: Sequence[str | None]) -> int:
    """A length in characters that costs at most `tokens` in whichever of `langs` is dearest."""
    return max(1, int(tokens * min((chars_per_token(lang) for lang in langs), default=1.0)))


# A small model's answer, bounded field by field (grammar-enforced by llama.cpp). The budgets are
# in tokens and become character caps for the language the answer may come in: the pipeline
# language asked for, or the article's, which a small model often copies. Characters alone let
# an Armenian or Turkish answer run past the output cap (they cost 2-8 times more tokens per
# character than English). At most these many characters whatever the language.
# The summary's cap also bounds its five translations (each capped near its length), which are
# most of a small model's output tokens: one sentence of ~200 characters.
_SMALL_MODEL_MAX_TOKENS = {
    "summary": 75, "source": 10, "claim": 24, "party": 10, "position": 20, "value": 6, "what": 10,
}  # fmt: skip
_SMALL_MODEL_MAX_LENGTH = {
    "summary": 200, "source": 48, "claim": 120, "party": 48, "position": 100, "value": 24,
    "what": 48,
}  # fmt: skip
# Keys, quotes, braces and the whitespace a JSON grammar allows: per string field, per answer.
_JSON_TOKENS_PER_FIELD = 6
_JSON_TOKENS_PER_ANSWER = 16


def small_model_caps(langs: Sequence[str | None]) -> dict[str, int]:
    """maxLength of each string field of a small model's summary, for the answer's languages."""
    return {
        name: min(_SMALL_MODEL_MAX_LENGTH[name], chars_for_tokens(tokens, langs))
        for name, tokens in _SMALL_MODEL_MAX_TOKENS.items()
    }


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


def summary_schema(
    max_items: int, small_model: bool = False, langs: Sequence[str | None] = ("en",)
) -> dict[str, Any]:
    """The schema sent to the endpoint: lists capped, since small models loop until max_tokens.

    `langs`: the languages a small model's answer may come in (sets its caps in characters)."""
    schema = copy.deepcopy(_article_summary_schema())
    for name in ("claims", "parties", "figures"):
        schema["properties"][name]["maxItems"] = max_items
    schema["required"] = ["summary", "claims", "parties", "figures"]
    if small_model:
        caps = small_model_caps(langs)
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


T = TypeVar("T")

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate (about 4 UTF-8 bytes a token; one a CJK character)."""
    cjk = len(_CJK.findall(text))
    return max(1, (len(text.encode("utf-8")) - 3 * cjk) // 4 + cjk)


_SENTENCE = re.compile(r"(?<=[.!?։。！？])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def small_model_tokens(text: str, lang: str | None) -> int:
    """Tokens of `text` for the small model's tokenizer: the byte estimate, or more for the
    scripts it splits finely (an Armenian article costs about 2 tokens a character, not 0.5)."""
    return max(estimate_tokens(text), int(len(text) / chars_per_token(lang)) + 1)


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


def pack(items: Sequence[T], cost: Callable[[T], int], budget: int) -> list[list[T]]:
    """Consecutive groups whose summed cost stays within budget (at least one item a group)."""
    groups: list[list[T]] = []
    current: list[T] = []
    used = 0
    for item in items:
        item_cost = cost(item)
        if current and used + item_cost > budget:
            groups.append(current)
            current, used = [], 0
        current.append(item)
        used += item_cost
    if current:
        groups.append(current)
    return groups


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
    # A small local model: trim long articles to the lead and attributed sentences instead of
    # map-reducing them, and bound every string in the schema so a looping answer still closes.
    small_model: bool
    prompt_name: str = "summary"  # small models get `summary_compact`
    template_overhead_tokens: int = 450

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
    return load_prompt(options.prompt_name).render(
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
    schema = summary_schema(options.max_list_items, options.small_model, langs)
    text, trimmed = article.text, False
    if options.small_model:
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
