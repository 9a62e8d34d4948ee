from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from newsum.budget import chars_per_token, text_chars_per_token
from newsum.cache import ResponseCache
from newsum.lexicon import language_name
from newsum.llm import CallStats, LLMClient
from newsum.profile import EMBEDDED
from newsum.summarize import SummaryOptions
from newsum.translate import (
    TranslationChain,
    TranslationOutcome,
    plan_batches,
    translate_summary,
)
from tests.support.fake_openai import FakeOpenAI, Scripted, request_schema

SUMMARY = "Azerbaijan's defence ministry said it had begun an operation. " * 3
TARGETS = ["en", "fr", "ru", "es", "ar", "zh"]


def test_all_targets_fit_one_call_with_room() -> None:
    assert plan_batches(TARGETS[1:], SUMMARY, 4096) == [TARGETS[1:]]


def test_groups_split_when_the_answer_would_not_fit() -> None:
    groups = plan_batches(TARGETS[1:], SUMMARY * 8, 1200)
    assert len(groups) > 1 and sorted(lang for group in groups for lang in group) == sorted(
        TARGETS[1:]
    )


def _run(
    server: FakeOpenAI,
    cache: ResponseCache | None,
    mode: str = "batch",
    stats: CallStats | None = None,
) -> list[TranslationOutcome]:
    async def go() -> list[TranslationOutcome]:
        client = LLMClient(
            model="fake-model",
            base_url=server.base_url,
            api_key="k",
            cache=cache,
            backoff_base_s=0.01,
        )
        try:
            return await translate_summary(
                client,
                SUMMARY,
                "en",
                TARGETS,
                mode=mode,  # type: ignore[arg-type]
                max_output_tokens=2000,
                stats=stats or CallStats(),
            )
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_summary_language_is_not_translated_again() -> None:
    with FakeOpenAI() as server:
        outcomes = _run(server, None)
        assert [o.lang for o in outcomes] == TARGETS[1:]
        assert server.calls == 1
        assert all(o.text and o.text.startswith(f"[{o.lang}]") for o in outcomes)


def test_per_language_mode_makes_one_call_each() -> None:
    with FakeOpenAI() as server:
        outcomes = _run(server, None, mode="per_language")
        assert server.calls == 5 and all(o.error is None for o in outcomes)


def test_truncated_batch_is_split_and_remembered(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content='{"fr": "cut', finish_reason="length"))
        outcomes = _run(server, cache)
        assert all(o.error is None for o in outcomes)
        assert server.calls == 3  # the whole batch, then its two halves
        stats = CallStats()
        _run(server, cache, stats=stats)
        assert server.calls == 3 and stats.cached == 1, "the rerun asks nothing"


def test_one_language_failing_does_not_cost_the_others() -> None:
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content="not json"), Scripted(content="still not json"))
        outcomes = _run(server, None, mode="per_language")
        failed = [o for o in outcomes if o.error]
        assert len(failed) == 1 and "invalid answer" in (failed[0].error or "")
        assert sum(1 for o in outcomes if o.text) == 4


# --- small models (the embedded server) ----------------------------------------------------------


def _translate_many(
    server: FakeOpenAI,
    summaries: list[str],
    *,
    bound_length: bool,
    max_output_tokens: int = 512,
    replica: FakeOpenAI | None = None,
) -> list[list[TranslationOutcome]]:
    """Several summaries translated at once through one client that sends one call at a time
    per server, as the pipeline does with the embedded servers."""

    async def go() -> list[list[TranslationOutcome]]:
        client = LLMClient(
            model="fake-model",
            base_url=server.base_url,
            api_key="k",
            concurrency=2 if replica else 1,
            replica_urls=[replica.base_url] if replica else [],
        )
        # What the embedded profile gives a run: bounded translations, chained per server.
        chain = TranslationChain(2 if replica else 1) if bound_length else None
        try:
            return list(
                await asyncio.gather(
                    *(
                        translate_summary(
                            client,
                            text,
                            "en",
                            TARGETS,
                            mode="per_language",
                            max_output_tokens=max_output_tokens,
                            stats=CallStats(),
                            bound_length=bound_length,
                            chain=chain,
                        )
                        for text in summaries
                    )
                )
            )
        finally:
            await client.aclose()

    return asyncio.run(go())


def _summary_of(request: dict[str, Any], summaries: list[str]) -> int:
    user = request["messages"][-1]["content"]
    return next(i for i, text in enumerate(summaries) if text in user)


def test_prompts_of_one_summary_differ_only_after_the_summary() -> None:
    summaries = [SUMMARY, "The Armenian government said 13,350 refugees had crossed the border."]
    with FakeOpenAI(latency=0.01) as server:
        _translate_many(server, summaries, bound_length=True)
        requests = server.requests
    assert len(requests) == 2 * (len(TARGETS) - 1)
    for index, text in enumerate(summaries):
        mine = [r["messages"] for r in requests if _summary_of(r, summaries) == index]
        systems = {m[0]["content"] for m in mine}
        assert len(systems) == 1, "the system prompt must not name the target language"
        users = [m[-1]["content"] for m in mine]
        shared = _common_prefix(users)
        assert text in shared, "the summary must come before anything language-specific"
        assert all(language_name(lang) not in shared for lang in TARGETS[1:])
        assert {u[len(shared) :] for u in users} != {""}


def _common_prefix(texts: list[str]) -> str:
    first, last = min(texts), max(texts)
    end = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first))
    return first[:end]


def test_small_model_languages_of_one_summary_go_back_to_back() -> None:
    summaries = [SUMMARY, "The Armenian government said 13,350 refugees had crossed the border."]
    per_summary = len(TARGETS) - 1
    with FakeOpenAI(latency=0.02) as server:
        _translate_many(server, summaries, bound_length=True)
        order = [_summary_of(r, summaries) for r in server.requests]
    assert order in ([0] * per_summary + [1] * per_summary, [1] * per_summary + [0] * per_summary)


def test_each_run_of_a_chaining_profile_has_its_own_chain() -> None:
    first, second = (SummaryOptions("en", 1700, 512, 1, EMBEDDED) for _ in range(2))
    assert first.chain is not None and second.chain is not None
    assert first.chain is not second.chain
    assert SummaryOptions("en", 16000, 4096, 5).chain is None


def test_with_two_servers_two_summaries_go_side_by_side_each_on_its_own() -> None:
    summaries = [SUMMARY, "The Armenian government said 13,350 refugees had crossed the border."]
    per_summary = len(TARGETS) - 1
    with FakeOpenAI(latency=0.05) as first, FakeOpenAI(latency=0.05) as second:
        _translate_many(first, summaries, bound_length=True, replica=second)
        seen = [[_summary_of(r, summaries) for r in s.requests] for s in (first, second)]
        assert first.max_in_flight == second.max_in_flight == 1
    # Both servers worked at once (one chain each), and each kept to one summary's prefix.
    assert sorted(seen) == [[0] * per_summary, [1] * per_summary]


@pytest.mark.parametrize("lang", ["fr", "ru", "ar", "zh", "hy", "ka"])
def test_bounded_translation_fits_its_output_budget(lang: str) -> None:
    """The cap in characters, costed in the target's tokens, fits in the max_tokens sent, and
    max_tokens never exceeds the endpoint's budget: a looping answer closes instead of failing."""
    long_summary = SUMMARY * 3  # ~550 characters: 1.3x that would not fit in Chinese or Armenian
    with FakeOpenAI() as server:
        [outcomes] = _translate_many_to(server, long_summary, lang)
        [request] = server.requests
    assert outcomes[0].error is None
    cap = request_schema(request)["properties"]["text"]["maxLength"]
    assert 16 <= cap <= int(1.3 * len(long_summary)) + 30
    assert cap / chars_per_token(lang) < request["max_tokens"] <= 512


def test_bounded_caps_are_tighter_for_dearer_scripts() -> None:
    long_summary = SUMMARY * 3
    caps = {}
    for lang in ("fr", "ru", "zh"):
        with FakeOpenAI() as server:
            _translate_many_to(server, long_summary, lang)
            caps[lang] = request_schema(server.requests[0])["properties"]["text"]["maxLength"]
    assert caps["fr"] > caps["ru"] > caps["zh"]


def _translate_many_to(server: FakeOpenAI, text: str, lang: str) -> list[list[TranslationOutcome]]:
    async def go() -> list[TranslationOutcome]:
        client = LLMClient(model="fake-model", base_url=server.base_url, api_key="k")
        try:
            return await translate_summary(
                client,
                text,
                "en",
                [lang],
                mode="per_language",
                max_output_tokens=512,
                stats=CallStats(),
                bound_length=True,
            )
        finally:
            await client.aclose()

    return [asyncio.run(go())]


@pytest.mark.parametrize(
    "summary",
    [
        "Министерство обороны Азербайджана заявило, что начало операцию. " * 7,
        "Հայաստանի կառավարությունը հայտարարել է, որ սահմանը հատել է 13350 փախստական։ " * 3,
    ],
)
def test_bounded_cap_fits_even_when_the_model_copies_the_summary(summary: str) -> None:
    """Asked for French, a small model often copies a Russian or Armenian summary: the cap must
    fit the budget in the summary's script too, or the copy is cut off and the language lost."""
    with FakeOpenAI() as server:
        [outcomes] = _translate_many_to(server, summary, "fr")
        [request] = server.requests
    assert outcomes[0].error is None
    cap = request_schema(request)["properties"]["text"]["maxLength"]
    assert cap / text_chars_per_token(summary) < request["max_tokens"] <= 512
    assert cap < int(1.3 * len(summary)) + 30
