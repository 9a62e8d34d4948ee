"""The fake OpenAI server, driven by the real `openai` client over loopback HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import openai
import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tests.support.fake_openai import ALL_FAULTS, FakeOpenAI, Fault, Mode, Scripted

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "The city council approved the new budget on Monday. "
    "Opposition members said the vote was rushed. "
    "The mayor promised a public review in March."
)
USER = f"Summarise neutrally and answer in JSON.\n<article>{ARTICLE}</article>"
MESSAGES: list[Any] = [
    {"role": "system", "content": "You write neutral news summaries."},
    {"role": "user", "content": USER},
]


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    claim: str
    attributed_to: str | None
    verifiable: bool


class NeutralSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    headline: str = Field(max_length=40)
    summary: str
    key_claims: list[Claim] = Field(min_length=1, max_length=3)
    tone: Literal["neutral", "loaded"]
    confidence: float = Field(ge=0, le=1)
    word_count: int = Field(gt=0)


def _json_schema_format(model: type[BaseModel]) -> Any:
    schema = model.model_json_schema()
    return {"type": "json_schema", "json_schema": {"name": model.__name__, "schema": schema}}


def _client(fake: FakeOpenAI, timeout: float = 5.0) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="test", max_retries=0, timeout=timeout)


def _ask(client: openai.OpenAI, **options: Any) -> Any:
    return client.chat.completions.create(model="fake-model", messages=MESSAGES, **options)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def test_models_endpoint_lists_model_names() -> None:
    with FakeOpenAI(models=("small", "large")) as server:
        names = [m.id for m in _client(server).models.list()]
    assert names == ["small", "large"]


def test_json_schema_answer_is_valid_and_comes_from_the_article(fake: FakeOpenAI) -> None:
    answer = _ask(_client(fake), response_format=_json_schema_format(NeutralSummary))

    parsed = NeutralSummary.model_validate_json(answer.choices[0].message.content)
    assert parsed.summary == "The city council approved the new budget on Monday. " + (
        "Opposition members said the vote was rushed."
    )
    assert [c.claim for c in parsed.key_claims] == [
        "The city council approved the new budget on Monday.",
        "Opposition members said the vote was rushed.",
    ]
    assert parsed.tone == "neutral"
    assert parsed.word_count >= 1
    assert answer.object == "chat.completion"
    assert answer.choices[0].finish_reason == "stop"
    prompt_chars = sum(len(m["content"]) for m in MESSAGES)
    assert answer.usage.prompt_tokens == -(-prompt_chars // 4)
    assert answer.usage.completion_tokens == -(-len(answer.choices[0].message.content) // 4)
    assert fake.calls == 1
    assert fake.log[0]["kind"] == "ok"
    assert fake.log[0]["response_format"] == "json_schema"


def test_api_key_travels_only_in_the_authorization_header(fake: FakeOpenAI) -> None:
    _ask(_client(fake))
    request = fake.requests[0]
    assert request.headers["authorization"] == "Bearer test"
    assert request["headers"] is request.headers
    assert request["messages"] == MESSAGES
    assert "test" not in json.dumps(request.body)
    assert not [k for k, v in request.headers.items() if "test" in v and k != "authorization"]


def test_parse_with_nested_pydantic_models_resolves_refs(fake: FakeOpenAI) -> None:
    # .parse() sends a strict schema with $defs/$ref and anyOf for optionals.
    answer = _client(fake).chat.completions.parse(
        model="fake-model", messages=MESSAGES, response_format=NeutralSummary
    )
    parsed = answer.choices[0].message.parsed
    assert parsed is not None
    assert parsed.key_claims[0].attributed_to is not None


def test_language_keyed_schema_answers_the_summary_with_a_language_prefix(
    fake: FakeOpenAI,
) -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "fr": {"type": "string"},
            "ru": {"type": "object", "properties": {"summary": {"type": "string"}}},
        },
        "required": ["fr", "ru"],
    }
    prompt = "Translate.\n<summary>Budget approved. Review in March.</summary>"
    answer = _client(fake).chat.completions.create(
        model="fake-model",
        messages=[{"role": "user", "content": prompt}],
        response_format={"type": "json_schema", "json_schema": {"name": "t", "schema": schema}},
    )
    assert json.loads(answer.choices[0].message.content or "") == {
        "fr": "[fr] Budget approved. Review in March.",
        "ru": {"summary": "[ru] Budget approved. Review in March."},
    }


def test_without_a_schema_answers_json_or_text(fake: FakeOpenAI) -> None:
    client = _client(fake)
    first = "The city council approved the new budget on Monday."
    as_json = _ask(client, response_format={"type": "json_object"})
    assert json.loads(as_json.choices[0].message.content) == {"summary": first}
    plain = client.chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": f"<article>{ARTICLE}</article>"}]
    )
    assert plain.choices[0].message.content == first


def test_llama_cpp_python_mode() -> None:
    with FakeOpenAI(mode=Mode.LLAMA_CPP_PYTHON) as server:
        client = _client(server)
        with pytest.raises(openai.InternalServerError) as failure:
            _ask(client, response_format=_json_schema_format(NeutralSummary))
        assert failure.value.status_code == 500
        assert "literal_error" in failure.value.response.json()["error"]["message"]

        schema = NeutralSummary.model_json_schema()
        answer = _ask(client, response_format={"type": "json_object", "schema": schema})
        NeutralSummary.model_validate_json(answer.choices[0].message.content)
    assert [e["kind"] for e in server.log] == ["unsupported_response_format", "ok"]


def test_reject_400_mode() -> None:
    with FakeOpenAI(mode="reject_400") as server:
        client = _client(server)
        with pytest.raises(openai.BadRequestError) as failure:
            _ask(client, response_format=_json_schema_format(NeutralSummary))
        assert failure.value.response.json() == {
            "error": {
                "message": "response_format json_schema is not supported",
                "type": "invalid_request_error",
                "param": "response_format",
                "code": None,
            }
        }
        assert json.loads(
            _ask(client, response_format={"type": "json_object"}).choices[0].message.content
        )["summary"]


def test_text_only_mode_and_stream_requests() -> None:
    with FakeOpenAI(mode=Mode.TEXT_ONLY) as server:
        client = _client(server)
        with pytest.raises(openai.BadRequestError):
            _ask(client, response_format={"type": "json_object"})
        assert _ask(client, response_format={"type": "text"}).choices[0].message.content
        with pytest.raises(openai.BadRequestError):
            _ask(client, stream=True)
    assert server.calls == 3


def test_scripted_answers_come_first_in_order(fake: FakeOpenAI) -> None:
    fake.enqueue(
        Scripted(status=429, headers={"Retry-After": "0.05"}),
        Scripted(content="scripted text", finish_reason="length"),
        Scripted(status=200, body={"custom": True}),
    )
    client = _client(fake)
    with pytest.raises(openai.RateLimitError) as failure:
        _ask(client)
    assert failure.value.response.headers["retry-after"] == "0.05"
    second = _ask(client)
    assert (second.choices[0].message.content, second.choices[0].finish_reason) == (
        "scripted text",
        "length",
    )
    assert _client(fake).chat.completions.with_raw_response.create(
        model="fake-model", messages=MESSAGES
    ).http_response.json() == {"custom": True}
    assert fake.pending_scripted == 0
    assert _ask(client).choices[0].message.content
    assert [e["kind"] for e in fake.log] == ["scripted"] * 3 + ["ok"]


def test_dropped_connection_is_a_connection_error(fake: FakeOpenAI) -> None:
    fake.enqueue(Scripted(drop_connection=True))
    client = _client(fake)
    with pytest.raises(openai.APIConnectionError) as failure:
        _ask(client)
    assert not isinstance(failure.value, openai.APITimeoutError)
    assert _ask(client).choices[0].message.content  # the server is still fine


def test_hang_is_a_client_timeout_and_frees_its_slot() -> None:
    with FakeOpenAI(concurrency=1) as server:
        server.enqueue(Scripted(hang=5.0))
        started = time.monotonic()
        with pytest.raises(openai.APITimeoutError):
            _ask(_client(server, timeout=0.3))
        # The server noticed the client hang up: the next call does not wait out the hang.
        assert _ask(_client(server)).choices[0].message.content
        assert time.monotonic() - started < 2.0


def test_quota_exhausted(fake: FakeOpenAI) -> None:
    fake.quota_exhausted = True
    with pytest.raises(openai.RateLimitError) as failure:
        _ask(_client(fake))
    assert failure.value.code == "insufficient_quota"
    assert failure.value.response.json()["error"]["type"] == "insufficient_quota"


def test_fail_rate_one_with_a_subset_yields_only_those_faults() -> None:
    subset = {Fault.SERVER_ERROR, Fault.INVALID_JSON, Fault.TRUNCATED}
    with FakeOpenAI(fail_rate=1.0, fault_kinds=subset, seed=1) as server:
        client = _client(server)
        for _ in range(30):
            with contextlib.suppress(openai.InternalServerError):
                _ask(client, response_format={"type": "json_object"})
    kinds = server.kinds()
    assert set(kinds) == {str(k) for k in subset}
    assert sum(kinds.values()) == 30


def test_fault_sequence_is_deterministic_per_seed() -> None:
    runs = []
    for _ in range(2):
        with FakeOpenAI(fail_rate=0.5, seed=3, fault_kinds=[Fault.SERVER_ERROR]) as server:
            for _ in range(10):
                with contextlib.suppress(openai.InternalServerError):
                    _ask(_client(server))
            runs.append([e["kind"] for e in server.log])
    assert runs[0] == runs[1]
    assert {"ok", "server_error"} == set(runs[0])


def _symptom(client: openai.OpenAI) -> str:
    """What the client saw, in the words of the fault that should cause it."""
    try:
        answer = _ask(client, response_format=_json_schema_format(NeutralSummary))
    except openai.RateLimitError as error:
        headers = error.response.headers
        if "retry-after" in headers:
            return "rate_limit_retry_after"
        return "rate_limit_retry_after_ms" if "retry-after-ms" in headers else "rate_limit"
    except openai.InternalServerError as error:
        return {500: "server_error", 503: "unavailable"}[error.status_code]
    except openai.APITimeoutError:
        return "timeout"
    except openai.APIConnectionError:
        return "connection_reset"
    choice = answer.choices[0]
    if choice.finish_reason == "length":
        return "truncated"
    try:
        NeutralSummary.model_validate_json(choice.message.content)
    except ValidationError as error:
        return "invalid_json" if error.errors()[0]["type"] == "json_invalid" else "schema_mismatch"
    return "ok"


def test_each_fault_kind_shows_its_symptom_to_the_client() -> None:
    with FakeOpenAI(fail_rate=1.0, hang_seconds=2.0) as server:
        client = _client(server, timeout=0.3)
        for fault in ALL_FAULTS:
            server.fault_kinds = (fault,)
            assert _symptom(client) == fault.value
    assert [e["kind"] for e in server.log] == [f.value for f in ALL_FAULTS]


def test_concurrency_limit_is_respected() -> None:
    async def burst(base_url: str) -> None:
        client = openai.AsyncOpenAI(base_url=base_url, api_key="test", max_retries=0)
        calls = [
            client.chat.completions.create(model="fake-model", messages=MESSAGES) for _ in range(12)
        ]
        await asyncio.gather(*calls)
        await client.close()

    with FakeOpenAI(concurrency=3, latency=0.05) as server:
        started = time.monotonic()
        asyncio.run(burst(server.base_url))
        elapsed = time.monotonic() - started
    assert server.calls == 12
    assert server.max_in_flight == 3
    assert elapsed >= 4 * 0.05  # 12 calls, 3 at a time


def test_responder_override_max_tokens_and_reset() -> None:
    with FakeOpenAI(responder=lambda request: "x" * 100) as server:
        client = _client(server)
        short = _ask(client, max_tokens=5)
        assert (short.choices[0].message.content, short.choices[0].finish_reason) == (
            "x" * 20,
            "length",
        )
        server.enqueue(Scripted(status=500))
        server.reset()
        assert (server.calls, server.requests, server.log, server.pending_scripted) == (
            0,
            [],
            [],
            0,
        )
        assert _ask(client).choices[0].message.content == "x" * 100


def _read_line(stream: Any, timeout: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise TimeoutError("no line from the fake server process")
    return str(stream.readline())


def test_process_mode_prints_ready_and_serves_until_sigterm() -> None:
    command = [sys.executable, "-m", "tests.support.fake_openai", "--port", "0",
               "--latency", "0.01", "--concurrency", "4", "--fail-rate", "0", "--seed", "1",
               "--mode", "openai"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        word, base_url = _read_line(process.stdout, timeout=10).split()
        assert word == "READY"
        assert base_url.startswith("http://127.0.0.1:")
        client = openai.OpenAI(base_url=base_url, api_key="test", max_retries=0, timeout=5)
        assert client.chat.completions.create(model="m", messages=MESSAGES).choices[0].message
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "1 calls (ok=1)" in stderr
