"""The fake server's Batch API, driven by the real `openai` client over loopback HTTP."""

from __future__ import annotations

import json
import time
from typing import Any

import openai
import pytest
from openai.types import Batch, FileObject

from tests.support.fake_openai import FakeOpenAI

SCHEMA = {
    "type": "object",
    "properties": {"summary": {"type": "string"}},
    "required": ["summary"],
    "additionalProperties": False,
}


def _client(fake: FakeOpenAI) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="test", max_retries=0, timeout=5)


def _line(custom_id: str, text: str = "The council met on Monday.") -> dict[str, Any]:
    body = {
        "model": "fake-model",
        "messages": [
            {"role": "system", "content": "Summarise."},
            {"role": "user", "content": f"<article>{text}</article>"},
        ],
        "max_tokens": 200,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "answer", "strict": True, "schema": SCHEMA},
        },
    }
    return {"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions", "body": body}


def _submit(client: openai.OpenAI, lines: list[dict[str, Any]]) -> Batch:
    data = "".join(json.dumps(line) + "\n" for line in lines).encode()
    upload = client.files.create(file=("input.jsonl", data), purpose="batch")
    assert isinstance(upload, FileObject)
    assert (upload.purpose, upload.status, upload.bytes) == ("batch", "processed", len(data))
    return client.batches.create(
        input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
    )


def _wait(client: openai.OpenAI, batch_id: str, timeout: float = 10) -> tuple[Batch, list[str]]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = client.batches.retrieve(batch_id)
        if not seen or seen[-1] != batch.status:
            seen.append(batch.status)
        if batch.status in ("completed", "failed", "expired", "cancelled"):
            return batch, seen
        time.sleep(0.02)
    raise AssertionError(f"batch {batch_id} still {seen[-1]}")


def _jsonl(client: openai.OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if file_id is None:
        return []
    return [json.loads(line) for line in client.files.content(file_id).text.splitlines()]


def test_batch_goes_through_every_status_and_answers_each_line() -> None:
    with FakeOpenAI(batch_delay=0.5) as fake:
        client = _client(fake)
        created = _submit(client, [_line(f"k{i}", f"Sentence number {i}.") for i in range(5)])
        assert created.status == "validating" and created.endpoint == "/v1/chat/completions"
        batch, seen = _wait(client, created.id)
        assert seen == ["validating", "in_progress", "finalizing", "completed"]
        assert batch.request_counts is not None
        assert (batch.request_counts.total, batch.request_counts.completed) == (5, 5)
        assert batch.error_file_id is None and batch.completed_at is not None
        out = _jsonl(client, batch.output_file_id)
        assert sorted(line["custom_id"] for line in out) == [f"k{i}" for i in range(5)]
        answer = out[0]["response"]["body"]
        assert out[0]["response"]["status_code"] == 200
        assert json.loads(answer["choices"][0]["message"]["content"])["summary"]
        assert answer["usage"]["prompt_tokens"] > 0
        # Batch lines are not synchronous calls, and are counted apart.
        assert fake.calls == 0
        assert (fake.batch.creates, fake.batch.lines) == (1, 5)


def test_failed_lines_go_to_the_error_file() -> None:
    with FakeOpenAI(batch_line_fail_rate=0.3, seed=3) as fake:
        client = _client(fake)
        batch, _ = _wait(client, _submit(client, [_line(f"k{i}") for i in range(40)]).id)
        assert batch.status == "completed" and batch.request_counts is not None
        out, errors = _jsonl(client, batch.output_file_id), _jsonl(client, batch.error_file_id)
        assert 0 < len(errors) < 40 and len(out) + len(errors) == 40
        assert batch.request_counts.failed == len(errors)
        assert {e["response"]["status_code"] for e in errors} == {500}
        assert {line["custom_id"] for line in out + errors} == {f"k{i}" for i in range(40)}


def test_expired_batch_keeps_what_it_finished() -> None:
    with FakeOpenAI() as fake:
        fake.batch.outcome = "expired"
        client = _client(fake)
        batch, _ = _wait(client, _submit(client, [_line(f"k{i}") for i in range(6)]).id)
        assert batch.status == "expired" and batch.expired_at is not None
        assert len(_jsonl(client, batch.output_file_id)) == 3
        expired = _jsonl(client, batch.error_file_id)
        assert [e["error"]["code"] for e in expired] == ["batch_expired"] * 3


def test_invalid_input_fails_the_batch_with_errors() -> None:
    with FakeOpenAI() as fake:
        client = _client(fake)
        batch, _ = _wait(client, _submit(client, [_line("same"), _line("same")]).id)
        assert batch.status == "failed" and batch.errors is not None
        assert batch.errors.data and batch.errors.data[0].line == 2
        assert batch.output_file_id is None and fake.batch.lines == 0


def test_cancel_and_missing_api() -> None:
    with FakeOpenAI() as fake:
        fake.batch.outcome = "stuck"
        client = _client(fake)
        created = _submit(client, [_line("a")])
        assert client.batches.cancel(created.id).status == "cancelling"
        assert client.batches.retrieve(created.id).status == "cancelled"
        with pytest.raises(openai.ConflictError):
            client.batches.cancel(created.id)
    with FakeOpenAI(batch_api=False) as fake, pytest.raises(openai.NotFoundError):
        _client(fake).files.create(file=("x.jsonl", b"{}\n"), purpose="batch")


def test_lines_get_the_same_rejections_as_calls() -> None:
    with FakeOpenAI(mode="text_only") as fake:
        client = _client(fake)
        batch, _ = _wait(client, _submit(client, [_line("a")]).id)
        [error] = _jsonl(client, batch.error_file_id)
        assert error["response"]["status_code"] == 400
        assert error["response"]["body"]["error"]["param"] == "response_format"
