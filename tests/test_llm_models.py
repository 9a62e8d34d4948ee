"""Today's hosted models (issue 11): reasoning-model parameters, strict schemas, refusals.

Against the loopback fake server's issue-11 modes (`ModelQuirks`), through the real client and,
end to end, through the real article stage.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Any

import pytest
from pydantic import BaseModel, Field

from newsum.config import Capability, load_settings
from newsum.endpoint import configured_endpoint
from newsum.events.answer import event_schema
from newsum.ingest import ingest
from newsum.llm import CallStats, LLMClient, Refused, TruncatedAnswer, open_client, strict_schema
from newsum.llm.params import REASONING_ROOM, default_token_field
from newsum.pipeline import Context, article_row, detect, process_batch
from newsum.pipeline import summary_options as make_summary_options
from newsum.prompts import PromptTemplate, RenderedPrompt
from newsum.summarize import ArticleSummary, summary_schema
from newsum.translate import batch_model
from tests.conftest import SAMPLES
from tests.support.fake_openai import FakeOpenAI, ModelQuirks, Scripted, strict_schema_problem

GPT5 = ModelQuirks(reasoning=True, strict_schemas=True)

# OpenAI's answer to a response_format the model does not take: a parameter that is not ours to
# learn (the format negotiation steps down for it instead).
RESPONSE_FORMAT_REFUSED = {
    "error": {
        "message": "Invalid value: 'json_schema' is not supported with this model.",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": "unsupported_value",
    }
}


class Answer(BaseModel):
    summary: str = Field(min_length=1)
    count: int
    note: str = ""  # optional: strict mode sends it as nullable
    tags: list[str] = Field(default_factory=list, max_length=5)


def _prompt(text: str) -> RenderedPrompt:
    template = PromptTemplate(
        name="t", version=1, system="Summarise.", prompt="<article>$a</article>"
    )
    return template.render(a=text)


def _client(server: FakeOpenAI, **kwargs: Any) -> LLMClient:
    options: dict[str, Any] = {"backoff_base_s": 0.01, "timeout_s": 5.0}
    return LLMClient(
        model="gpt-5-mini", base_url=server.base_url, api_key="sk-x", **{**options, **kwargs}
    )


def _ask_many(
    client: LLMClient, texts: list[str], stats: CallStats
) -> list[Answer | BaseException]:
    async def run() -> list[Answer | BaseException]:
        try:
            calls = [
                client.structured(_prompt(t), Answer, max_tokens=300, stats=stats) for t in texts
            ]
            return await asyncio.gather(*calls, return_exceptions=True)
        finally:
            await client.aclose()

    return asyncio.run(run())


# ---- 1. parameters the model takes ---------------------------------------------------------


def test_reasoning_model_parameters_are_learnt_once_for_concurrent_calls() -> None:
    with FakeOpenAI(quirks=GPT5, concurrency=64, latency=0.02) as server:
        client = _client(server, concurrency=8)
        stats = CallStats()
        results = _ask_many(client, [f"Article {i} said {i}." for i in range(12)], stats)
        assert all(isinstance(r, Answer) for r in results), results
        # max_tokens refused, then temperature refused; never again, never a format step-down.
        assert server.kinds()["rejected_request"] == 2
        assert client.capability is Capability.JSON_SCHEMA
        later = server.requests[2:]
        assert len(later) == 12
        assert all("max_tokens" not in r and "temperature" not in r for r in later)
        assert all(r["max_completion_tokens"] == 300 + REASONING_ROOM for r in later)
        assert stats.reasoning_tokens == 12 * 200
        assert stats.completion_tokens > stats.reasoning_tokens  # billed as output tokens


def test_openai_hosts_get_max_completion_tokens_from_the_start() -> None:
    assert default_token_field(None, "sk-x") == "max_completion_tokens"
    assert default_token_field("https://api.openai.com/v1", "k") == "max_completion_tokens"
    assert (
        default_token_field("https://me.openai.azure.com/openai/v1", "k") == "max_completion_tokens"
    )
    # llama_cpp.server (the embedded model), llama-server, vLLM, Ollama: max_tokens.
    assert default_token_field("http://127.0.0.1:8080/v1", None) == "max_tokens"
    assert default_token_field(None, None) == "max_tokens"


def test_reasoning_effort_is_sent_when_set() -> None:
    with FakeOpenAI() as server:
        client = _client(server, reasoning_effort="low", capability=Capability.JSON_SCHEMA)
        _ask_many(client, ["One."], CallStats())
        assert server.requests[0]["reasoning_effort"] == "low"
        assert server.requests[0]["max_tokens"] == 300 + REASONING_ROOM


def test_answer_cut_by_reasoning_says_so() -> None:
    quirks = ModelQuirks(reasoning=True, reasoning_tokens=50_000)
    with FakeOpenAI(quirks=quirks) as server:
        results = _ask_many(_client(server), ["One."], CallStats())
        assert isinstance(results[0], TruncatedAnswer)
        assert "reasoning tokens" in str(results[0]) and "LLM_REASONING_EFFORT" in str(results[0])


# ---- 2. strict structured outputs ----------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        Answer.model_json_schema(),
        ArticleSummary.model_json_schema(),
        summary_schema(8),
        event_schema(8),
        batch_model(["fr", "ru", "zh"]).model_json_schema(),
    ],
    ids=["answer", "article", "summary", "event", "translation"],
)
def test_project_schemas_become_schemas_strict_mode_takes(schema: dict[str, Any]) -> None:
    assert strict_schema_problem(schema) is not None, "the fake would not catch a plain schema"
    strict = strict_schema(schema)
    assert strict is not None and strict_schema_problem(strict) is None


def test_strict_schema_is_sent_and_its_answers_validate() -> None:
    with FakeOpenAI(quirks=ModelQuirks(strict_schemas=True)) as server:
        results = _ask_many(_client(server), ["Ministry said 27."], CallStats())
        assert isinstance(results[0], Answer)
        spec = server.requests[0]["response_format"]["json_schema"]
        assert spec["strict"] is True and spec["schema"]["required"] == [
            "summary",
            "count",
            "note",
            "tags",
        ]
        assert server.kinds().get("rejected_request", 0) == 0


def test_null_for_an_optional_field_means_its_default() -> None:
    answer = {"summary": "s", "count": 1, "note": None, "tags": None}
    with FakeOpenAI(quirks=ModelQuirks(strict_schemas=True)) as server:
        server.enqueue(Scripted(content=json.dumps(answer)))
        results = _ask_many(_client(server), ["x"], CallStats())
        assert results[0] == Answer(summary="s", count=1)


def test_endpoint_refusing_strict_gets_the_plain_schema_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with FakeOpenAI(quirks=ModelQuirks(reject_strict=True)) as server:
        client = _client(server, concurrency=4)
        with caplog.at_level(logging.WARNING, logger="newsum.llm"):
            results = _ask_many(client, [f"a{i}" for i in range(5)], CallStats())
        assert all(isinstance(r, Answer) for r in results)
        assert server.kinds()["rejected_request"] == 1 and server.calls == 6
        assert client.capability is Capability.JSON_SCHEMA
        assert "strict" not in server.requests[-1]["response_format"]["json_schema"]
        # This test's calls run on this thread; a thread another test left running is not counted.
        mine = [r for r in caplog.records if r.thread == threading.get_ident()]
        assert sum("non-strict" in r.message for r in mine) == 1


# ---- 3. refusals ---------------------------------------------------------------------------


def test_refusal_fails_the_call_with_the_models_words_and_no_repair() -> None:
    quirks = ModelQuirks(refusal="I'm sorry, I can't help with that. It breaks the policy.")
    with FakeOpenAI(quirks=quirks) as server:
        results = _ask_many(_client(server, capability=Capability.JSON_SCHEMA), ["x"], CallStats())
        assert isinstance(results[0], Refused)
        assert str(results[0]) == "refused: I'm sorry, I can't help with that."
        assert server.calls == 1


def test_content_filter_with_no_answer_is_a_refusal() -> None:
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content="", finish_reason="content_filter"))
        results = _ask_many(_client(server, capability=Capability.JSON_SCHEMA), ["x"], CallStats())
        assert isinstance(results[0], Refused) and "content filter" in str(results[0])
        assert server.calls == 1


# ---- end to end: the article stage ---------------------------------------------------------


def _run_articles(server: FakeOpenAI) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        settings = load_settings(
            base_url=server.base_url,
            api_key="sk-test",
            model="gpt-5-mini",
            use_cache=False,
            progress=False,
            targets="en,fr",
        )
        endpoint = configured_endpoint(settings)
        async with open_client(endpoint, settings) as client:
            ctx = Context(settings, client, make_summary_options(endpoint, settings), "batch", "r1")
            results = await process_batch([detect(a) for a in ingest(SAMPLES)], ctx)
        return [article_row(r, ctx) for r in results]

    return asyncio.run(run())


def test_gpt5_like_endpoint_summarises_every_article_with_two_rejections() -> None:
    with FakeOpenAI(quirks=GPT5) as server:
        rows = _run_articles(server)
        due = [r for r in rows if r["status"] != "rejected" and r["duplicate_of"] is None]
        assert due and all(r["status"] == "ok" for r in due), [
            (r["status"], r["error"]) for r in due
        ]
        assert server.kinds()["rejected_request"] <= 2
        assert all(r["reasoning_tokens"] > 0 for r in due)


def test_refusal_gives_a_failed_row_with_the_reason_and_no_repair_call() -> None:
    with FakeOpenAI(quirks=ModelQuirks(refusal="I can't summarise this article. Sorry.")) as server:
        rows = _run_articles(server)
        due = [r for r in rows if r["status"] != "rejected" and r["duplicate_of"] is None]
        assert due and all(r["status"] == "failed" for r in due)
        assert all(r["error"] == "refused: I can't summarise this article." for r in due)
        assert server.calls == len(due), "one call per article: no repair re-ask"


def test_a_parameter_that_is_not_ours_to_change_is_not_retried() -> None:
    body = RESPONSE_FORMAT_REFUSED
    with FakeOpenAI() as server:
        server.enqueue(Scripted(status=400, body=body))
        client = _client(server, capability=Capability.JSON_SCHEMA)
        results = _ask_many(client, ["x"], CallStats())
        assert "HTTP 400" in str(results[0]) and server.calls == 1


def test_a_format_refusal_naming_response_format_still_steps_down() -> None:
    body = RESPONSE_FORMAT_REFUSED
    with FakeOpenAI() as server:
        server.enqueue(Scripted(status=400, body=body))
        client = _client(server)
        results = _ask_many(client, ["x"], CallStats())
        assert isinstance(results[0], Answer)
        assert client.capability is Capability.JSON_OBJECT_SCHEMA and server.calls == 2


def test_the_event_stage_client_starts_from_what_the_article_stage_learnt() -> None:
    async def run(server: FakeOpenAI) -> None:
        settings = load_settings(
            base_url=server.base_url, api_key="sk-test", model="gpt-5-mini", use_cache=False
        )
        endpoint = configured_endpoint(settings)
        async with open_client(endpoint, settings) as first:
            await first.structured(_prompt("One."), Answer, max_tokens=100, stats=CallStats())
        async with open_client(endpoint, settings, like=first) as second:
            await second.structured(_prompt("Two."), Answer, max_tokens=100, stats=CallStats())
        assert second.capability is Capability.JSON_SCHEMA

    with FakeOpenAI(quirks=GPT5) as server:
        asyncio.run(run(server))
        assert server.kinds()["rejected_request"] == 2 and server.calls == 4
