"""The transport's `post()` shortcut sends what `chat.completions.create(**body)` sends.

The shortcut skips `create`'s walk over the body's type annotations (~1-2 ms per call); this
keeps it honest across openai upgrades: same path, same JSON body, same headers.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from pydantic import BaseModel, Field

from newsum.config import Capability
from newsum.llm import CallStats, ChatRequest, LLMClient
from newsum.llm.formats import request_body
from newsum.llm.params import RequestParams
from tests.support.fake_openai import FakeOpenAI


class Answer(BaseModel):
    summary: str = Field(min_length=1)
    note: str = ""
    items: list[str] = Field(default_factory=list, max_length=3)


def _bodies() -> list[dict[str, Any]]:
    request = ChatRequest(
        [{"role": "system", "content": "Summarise."}, {"role": "user", "content": "Ça va. 你好"}],
        Answer.model_json_schema(),
        200,
    )
    reasoning = RequestParams(
        token_field="max_completion_tokens", temperature=None, reasoning_effort="low"
    )
    plain = RequestParams(extra_body={"repeat_penalty": 1.1})
    return [
        request_body("m", Capability.JSON_SCHEMA, request, reasoning.fields(200), True),
        request_body("m", Capability.JSON_OBJECT_SCHEMA, request, plain.fields(200), True),
        request_body("m", Capability.TEXT, request, plain.fields(200), True),
    ]


@pytest.mark.parametrize("body", _bodies(), ids=["strict-reasoning", "json_object+schema", "text"])
def test_post_shortcut_sends_what_create_sends(body: dict[str, Any]) -> None:
    with FakeOpenAI() as server:
        client = LLMClient(
            model="m", base_url=server.base_url, api_key="sk-parity-key", max_attempts=1
        )

        async def both() -> None:
            try:
                await client.transport.post(body, CallStats())
                openai_client = client.transport.replicas.clients[0]
                # What create() has no parameter for (llama.cpp's repeat_penalty) goes as
                # extra_body, as a caller of create() would send it.
                known = inspect.signature(openai_client.chat.completions.create).parameters
                extra = {k: v for k, v in body.items() if k not in known}
                named = {k: v for k, v in body.items() if k in known}
                await openai_client.chat.completions.create(**named, extra_body=extra or None)
            finally:
                await client.aclose()

        asyncio.run(both())
        shortcut, created = server.requests
        assert shortcut.path == created.path == "/v1/chat/completions"
        assert shortcut.body == created.body == body
        assert shortcut.headers == created.headers  # every header, x-stainless-* included
        assert shortcut.headers["authorization"] == "Bearer sk-parity-key"
