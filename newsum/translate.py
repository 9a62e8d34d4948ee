"""Stage 4: the summary into every target language, in as few calls as the endpoint allows."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, Field, create_model

from newsum.budget import chars_per_token, estimate_tokens, pack, text_chars_per_token
from newsum.config import TranslateMode
from newsum.errors import LLMError
from newsum.lexicon import language_name
from newsum.llm import CallStats, LLMClient, TruncatedAnswer
from newsum.prompts import RenderedPrompt, as_data, load_prompt

# Output tokens per source token, by target script: Latin-script targets cost about as much as
# English, Cyrillic/Arabic/Armenian more with most tokenizers.
_EXPANSION = {
    "ru": 1.8,
    "uk": 1.8,
    "bg": 1.8,
    "ar": 1.8,
    "fa": 1.8,
    "hy": 2.5,
    "ka": 2.5,
    "zh": 1.3,
    "ja": 1.5,
    "ko": 1.5,
    "el": 2.0,
    "he": 1.8,
    "hi": 2.5,
}
_JSON_OVERHEAD_TOKENS = 12


class TranslationChain:
    """The languages of one summary asked back to back, so the server's cached prompt prefix
    serves them all: one summary's chain at a time per server. One per run (its options)."""

    def __init__(self, servers: int) -> None:
        self.gate = asyncio.Semaphore(servers)


class OneTranslation(BaseModel):
    text: str = Field(min_length=1)


def batch_model(langs: Sequence[str]) -> type[BaseModel]:
    return _batch_model(tuple(langs))


# Building a pydantic model and its JSON schema costs ~1.5 ms; every article asks for the same
# few language groups, so both are made once per group.
@cache
def _batch_model(langs: tuple[str, ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {lang: (str, Field(min_length=1)) for lang in langs}
    return create_model("Translations", **fields)


@cache
def _schema_of(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


@dataclass
class TranslationOutcome:
    lang: str
    text: str | None
    prompt: RenderedPrompt | None
    error: str | None = None


def expected_tokens(summary_tokens: int, lang: str) -> int:
    return int(summary_tokens * _EXPANSION.get(lang, 1.3)) + _JSON_OVERHEAD_TOKENS


def plan_batches(langs: list[str], summary_text: str, max_output_tokens: int) -> list[list[str]]:
    """Group languages so each group's answer should fit in max_output_tokens (with headroom)."""
    summary_tokens = estimate_tokens(summary_text)
    return pack(
        langs, lambda lang: expected_tokens(summary_tokens, lang), int(max_output_tokens * 0.8)
    )


@dataclass(frozen=True)
class _Job:
    """What every call for one summary shares."""

    client: LLMClient
    summary_text: str
    source_lang: str
    mode: TranslateMode
    max_output_tokens: int
    stats: CallStats
    bound_length: bool

    def chars_per_token(self, lang: str) -> float:
        """The dearer of the target language and the summary's own script: a small model often
        copies the summary instead of translating it."""
        return min(chars_per_token(lang), text_chars_per_token(self.summary_text))

    def length_cap(self, lang: str) -> int:
        """A bounded translation's maxLength: about 1.3 times the summary, and no more than
        the call's output budget holds in `lang` (a Chinese or Armenian character costs about two
        tokens of a small model, an English one a quarter)."""
        # max_tokens stays the endpoint's budget: an answer sized by estimate was truncated (and
        # lost) whenever the model copied the summary's script instead of writing the target's.
        by_length = int(1.3 * len(self.summary_text)) + 30
        room = self.max_output_tokens - 2 * _JSON_OVERHEAD_TOKENS
        return max(16, min(by_length, int(room * self.chars_per_token(lang))))

    def schema(self, model: type[BaseModel], langs: list[str]) -> dict[str, Any]:
        schema = copy.deepcopy(_schema_of(model))  # the cached one is never handed out
        if self.bound_length:
            for name, prop in schema["properties"].items():
                prop["maxLength"] = self.length_cap(name if name in langs else langs[0])
        return schema


async def translate_summary(
    client: LLMClient,
    summary_text: str,
    source_lang: str,
    targets: list[str],
    *,
    mode: TranslateMode,
    max_output_tokens: int,
    stats: CallStats,
    bound_length: bool = False,
    chain: TranslationChain | None = None,
) -> list[TranslationOutcome]:
    """One outcome per target other than the summary's own language, in target order.

    `bound_length` caps each translation at about 1.3 times the summary's length in the schema, for
    small models that otherwise ramble until max_tokens. With a `chain`, in per_language mode, the
    languages of one summary go to the endpoint back to back (other summaries' translations wait):
    their prompts share everything up to the target language (translate_one@v2), so a server that
    keeps the previous prompt's KV cache, as llama_cpp.server does, evaluates only the last line.
    """
    langs = [lang for lang in targets if lang != source_lang]
    if not langs:
        return []
    job = _Job(client, summary_text, source_lang, mode, max_output_tokens, stats, bound_length)
    if mode == "per_language":
        groups = [[lang] for lang in langs]
    else:
        groups = plan_batches(langs, summary_text, max_output_tokens)
    results: dict[str, TranslationOutcome] = {}

    async def run() -> None:
        for group in groups:
            for outcome in await _translate_group(job, group):
                results[outcome.lang] = outcome

    if chain is not None and mode == "per_language" and len(groups) > 1:
        async with chain.gate:
            await run()
    else:
        await run()
    return [results[lang] for lang in langs]


async def _translate_group(job: _Job, group: list[str]) -> list[TranslationOutcome]:
    if len(group) == 1 and job.mode == "per_language":
        return [await _translate_one(job, group[0])]
    prompt = load_prompt("translate").render(
        source_language_name=language_name(job.source_lang),
        languages=", ".join(f"{lang} ({language_name(lang)})" for lang in group),
        summary=as_data(job.summary_text, "summary"),
    )
    model = batch_model(group)
    schema = job.schema(model, group)
    max_tokens = job.max_output_tokens
    try:
        answer = await job.client.structured(
            prompt, model, schema=schema, max_tokens=max_tokens, stats=job.stats
        )
    except TruncatedAnswer as exc:
        if len(group) == 1:
            return [TranslationOutcome(group[0], None, prompt, error=str(exc))]
        # The answer did not fit after all: halve the group rather than lose languages.
        half = len(group) // 2
        parts = [
            *await _translate_group(job, group[:half]),
            *await _translate_group(job, group[half:]),
        ]
        if all(part.text is not None for part in parts):
            combined = model.model_validate({part.lang: part.text for part in parts})
            job.client.remember(prompt, combined, max_tokens=max_tokens, schema=schema)
        return parts
    except LLMError as exc:
        return [TranslationOutcome(lang, None, prompt, error=str(exc)) for lang in group]
    values = answer.model_dump()
    return [TranslationOutcome(lang, values[lang], prompt) for lang in group]


async def _translate_one(job: _Job, lang: str) -> TranslationOutcome:
    prompt = load_prompt("translate_one").render(
        language_name=language_name(lang), summary=as_data(job.summary_text, "summary")
    )
    try:
        answer = await job.client.structured(
            prompt,
            OneTranslation,
            schema=job.schema(OneTranslation, [lang]),
            max_tokens=job.max_output_tokens,
            stats=job.stats,
        )
    except LLMError as exc:
        # One language failing must not cost the others: the row records the reason.
        return TranslationOutcome(lang, None, prompt, error=str(exc))
    return TranslationOutcome(lang, answer.text, prompt)
