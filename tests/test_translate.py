from __future__ import annotations

import asyncio
from pathlib import Path

from newsum.cache import ResponseCache
from newsum.llm import CallStats, LLMClient
from newsum.translate import TranslationOutcome, plan_batches, translate_summary
from tests.support.fake_openai import FakeOpenAI, Scripted

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
