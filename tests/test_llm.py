"""The LLM client against a real loopback HTTP server speaking the OpenAI API."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from newsum.cache import ResponseCache
from newsum.config import Capability
from newsum.errors import (
    CredentialsRejected,
    EndpointUnavailable,
    LLMError,
    LLMOutputError,
    QuotaExceeded,
)
from newsum.llm import CallStats, CircuitBreaker, LLMClient, TruncatedAnswer, parse_answer
from newsum.prompts import PromptTemplate, RenderedPrompt
from tests.support.fake_openai import FakeOpenAI, Fault, Mode, Scripted

KEY = "sk-canary-llm-test-0123456789"


class Answer(BaseModel):
    summary: str
    count: int


def _prompt(text: str = "Ministry said 27.") -> RenderedPrompt:
    template = PromptTemplate(
        name="t", version=1, system="Summarise.", prompt="<article>$article</article>"
    )
    return template.render(article=text)


def _client(server: FakeOpenAI, **kwargs: Any) -> LLMClient:
    options: dict[str, Any] = {"backoff_base_s": 0.01, "backoff_max_s": 0.05, "timeout_s": 5.0}
    options.update(kwargs)
    return LLMClient(model="fake-model", base_url=server.base_url, api_key=KEY, **options)


def _ask(
    client: LLMClient,
    prompt: RenderedPrompt | None = None,
    stats: CallStats | None = None,
    max_tokens: int = 200,
) -> Answer:
    async def run() -> Answer:
        try:
            return await client.structured(
                prompt or _prompt(), Answer, max_tokens=max_tokens, stats=stats or CallStats()
            )
        finally:
            await client.aclose()

    return asyncio.run(run())


VALID = json.dumps({"summary": "The ministry said 27.", "count": 27})


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (Mode.OPENAI, Capability.JSON_SCHEMA),
        (Mode.LLAMA_CPP_PYTHON, Capability.JSON_OBJECT_SCHEMA),
        (Mode.REJECT_400, Capability.JSON_OBJECT_SCHEMA),
        (Mode.TEXT_ONLY, Capability.TEXT),
    ],
)
def test_capability_is_negotiated_once(mode: Mode, expected: Capability) -> None:
    # A fake cannot read a schema out of prose, so it answers the valid object in every mode.
    with FakeOpenAI(mode=mode, responder=lambda request: VALID) as server:
        client = _client(server)
        answer = _ask(client)
        assert isinstance(answer, Answer)
        assert client.capability is expected
        formats = [r.get("response_format", {}).get("type") for r in server.requests]
        # One rejected probe per mode stepped over, then the working mode.
        assert len(formats) == list(Capability).index(expected)
        if expected in (Capability.TEXT,):
            assert "JSON schema" in server.requests[-1]["messages"][0]["content"]


def test_configured_capability_is_used_as_is() -> None:
    with FakeOpenAI(mode=Mode.LLAMA_CPP_PYTHON) as server:
        client = _client(server, capability=Capability.JSON_OBJECT_SCHEMA)
        _ask(client)
        assert server.calls == 1
        fmt = server.requests[0]["response_format"]
        assert fmt["type"] == "json_object" and fmt["schema"]["required"] == ["summary", "count"]


def test_invalid_json_gets_one_repair_attempt() -> None:
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content='{"summary": "cut'), Scripted(content=VALID))
        answer = _ask(_client(server))
        assert answer.count == 27
        assert server.calls == 2
        repair = server.requests[1]["messages"]
        assert repair[-2] == {"role": "assistant", "content": '{"summary": "cut'}
        assert "not valid JSON" in repair[-1]["content"]


def test_schema_mismatch_twice_is_a_named_error() -> None:
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content='{"summary": "x"}'), Scripted(content='{"count": "x"}'))
        with pytest.raises(LLMOutputError) as info:
            _ask(_client(server))
        assert info.value.n_attempts == 2 and "does not match the schema" in str(info.value)


def test_fenced_json_is_accepted() -> None:
    assert parse_answer(f"Here you go:\n```json\n{VALID}\n```", Answer).count == 27


def test_truncated_answer_is_not_parsed() -> None:
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content=VALID[:10], finish_reason="length"))
        with pytest.raises(TruncatedAnswer):
            _ask(_client(server))


def test_retry_after_is_honoured() -> None:
    with FakeOpenAI() as server:
        server.enqueue(
            Scripted(status=429, headers={"retry-after": "0.6"}), Scripted(content=VALID)
        )
        started = time.monotonic()
        _ask(_client(server))
        assert time.monotonic() - started >= 0.6
        assert server.calls == 2


@pytest.mark.parametrize(
    "fault",
    [
        Scripted(status=500),
        Scripted(status=503),
        Scripted(status=429),
        Scripted(drop_connection=True),
        Scripted(hang=3.0),
    ],
    ids=["500", "503", "429", "reset", "timeout"],
)
def test_transient_faults_are_retried(fault: Scripted) -> None:
    with FakeOpenAI() as server:
        server.enqueue(fault, Scripted(content=VALID))
        stats = CallStats()
        _ask(_client(server, timeout_s=1.0), stats=stats)
        assert server.calls == 2 and stats.calls == 1


def test_quota_error_stops_at_once() -> None:
    with FakeOpenAI(quota_exhausted=True) as server:
        with pytest.raises(QuotaExceeded, match="quota"):
            _ask(_client(server))
        assert server.calls == 1


def test_bad_key_stops_and_is_not_echoed() -> None:
    body = {
        "error": {
            "message": f"Incorrect API key provided: {KEY}",
            "type": "invalid_request_error",
            "code": "invalid_api_key",
        }
    }
    with FakeOpenAI() as server:
        server.enqueue(Scripted(status=401, body=body))
        with pytest.raises(CredentialsRejected) as info:
            _ask(_client(server))
        assert KEY not in str(info.value) and "***" in str(info.value)


def test_client_error_is_not_retried() -> None:
    with FakeOpenAI() as server:
        server.enqueue(Scripted(status=404))
        with pytest.raises(LLMError, match="HTTP 404"):
            _ask(_client(server, capability=Capability.JSON_SCHEMA))
        assert server.calls == 1


def test_attempts_are_bounded() -> None:
    with FakeOpenAI(fail_rate=1.0, fault_kinds=[Fault.SERVER_ERROR]) as server:
        with pytest.raises(LLMError, match="failed 3 times"):
            _ask(_client(server, max_attempts=3, capability=Capability.JSON_SCHEMA))
        assert server.calls == 3


def test_circuit_breaker_stops_hammering_a_dead_endpoint() -> None:
    with FakeOpenAI(fail_rate=1.0, fault_kinds=[Fault.UNAVAILABLE]) as server:
        breaker = CircuitBreaker(threshold=4, cooldown_s=60)
        client = _client(
            server,
            max_attempts=3,
            breaker=breaker,
            concurrency=2,
            capability=Capability.JSON_SCHEMA,
        )

        async def many() -> list[BaseException | Answer]:
            calls = [
                client.structured(_prompt(f"a{i}"), Answer, max_tokens=50, stats=CallStats())
                for i in range(10)
            ]
            try:
                return await asyncio.gather(*calls, return_exceptions=True)
            finally:
                await client.aclose()

        results = asyncio.run(many())
        assert all(isinstance(r, LLMError) for r in results)
        assert any(isinstance(r, EndpointUnavailable) for r in results)
        # 4 failures open it; at most the 2 calls already in flight add to that.
        assert server.calls <= 6, "the breaker should have stopped the calls after 4 failures"


def test_concurrency_is_bounded() -> None:
    with FakeOpenAI(latency=0.05, concurrency=64) as server:
        client = _client(server, concurrency=3, capability=Capability.JSON_SCHEMA)

        async def many() -> None:
            try:
                await asyncio.gather(
                    *(
                        client.structured(
                            _prompt(f"a{i}"), Answer, max_tokens=50, stats=CallStats()
                        )
                        for i in range(12)
                    )
                )
            finally:
                await client.aclose()

        asyncio.run(many())
        assert server.calls == 12 and server.max_in_flight == 3


def test_replicas_share_the_calls_one_at_a_time_and_keep_a_prefix_on_its_server() -> None:
    """Two servers of one model (the embedded default on two cores): both work, neither gets two
    requests at once, and calls sharing a prompt prefix go back to the server that has it."""
    seen: dict[str, list[str]] = {"first": [], "second": []}

    def recorder(name: str) -> Any:
        def respond(request: dict[str, Any]) -> str:
            seen[name].append(request["messages"][1]["content"])
            return VALID

        return respond

    with (
        FakeOpenAI(latency=0.05, responder=recorder("first")) as first,
        FakeOpenAI(latency=0.05, responder=recorder("second")) as second,
    ):
        client = LLMClient(
            model="fake-model",
            base_url=first.base_url,
            api_key=None,
            replica_urls=[second.base_url],
            concurrency=2,
            capability=Capability.JSON_SCHEMA,
        )
        # Two "articles", each a chain of calls sharing its own prefix, as the translations of
        # one summary do; the chains run side by side.
        chains = {
            name: [f"{name} summary text. " * 30 + f"lang {i}" for i in range(4)] for name in "AB"
        }

        async def chain(texts: list[str]) -> None:
            for text in texts:
                await client.structured(_prompt(text), Answer, max_tokens=50, stats=CallStats())

        async def run() -> None:
            try:
                await asyncio.gather(*(chain(texts) for texts in chains.values()))
            finally:
                await client.aclose()

        asyncio.run(run())
        assert first.calls + second.calls == 8
        assert first.max_in_flight == 1 and second.max_in_flight == 1
        assert first.calls == second.calls == 4, "each chain stays on the server that has it"
        for contents in seen.values():
            # "<article>A summary text. ...": one chain's calls per server.
            assert len({content[9] for content in contents}) == 1, contents


def test_cache_makes_reruns_free(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    with FakeOpenAI() as server:
        server.enqueue(Scripted(content=VALID))
        first = _ask(_client(server, cache=ResponseCache(path)))
        stats = CallStats()
        second = _ask(_client(server, cache=ResponseCache(path)), stats=stats)
        assert first == second and server.calls == 1 and stats.cached == 1 and stats.calls == 0
        _ask(_client(server, cache=ResponseCache(path)), prompt=_prompt("Another article."))
        assert server.calls == 2, "a changed prompt is a new key"
        _ask(_client(server, cache=ResponseCache(path)), max_tokens=300)
        assert server.calls == 3, "changed parameters are a new key"


def test_key_goes_only_in_the_authorization_header() -> None:
    with FakeOpenAI() as server:
        _ask(_client(server))
        request = server.requests[0]
        assert KEY not in json.dumps({k: v for k, v in request.items() if k != "headers"})
