"""Which endpoint a run talks to, and with what settings: a configured one, or the embedded model.

The embedded default is the same OpenAI-compatible path as any other endpoint; only its known
limits differ (small context, one request at a time, one language per translation call).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsum.config import Capability, Settings
from newsum.translate import TranslateMode


@dataclass(frozen=True)
class Endpoint:
    base_url: str | None
    api_key: str | None
    model: str
    host: str  # for the runs table: no credentials, no path
    capability: Capability
    translate_mode: TranslateMode
    concurrency: int | None  # None: adaptive (newsum.limiter), up to LLM_CONCURRENCY_MAX
    context_tokens: int
    max_output_tokens: int
    max_list_items: int
    small_model: bool
    summary_prompt: str = "summary"
    extra_body: dict[str, Any] = field(default_factory=dict)
    replica_urls: tuple[str, ...] = ()  # more servers of the same model, used side by side


# SmolLM2-135M on 2 cores: prompt processing costs ~5 ms a token and generation ~15-20 ms, so the
# budget is tight: articles trimmed to ~700 tokens (lead + attributed sentences), answers capped
# (string lengths in the schema, one item a list), and a repeat penalty since the model loops.
EMBEDDED_N_CTX = 4096
EMBEDDED_CONTEXT_BUDGET = 1700
EMBEDDED_MAX_OUTPUT_TOKENS = 512
# One claim, party and figure: a 135M model fills more slots with noise (invented URLs, the
# same claim twice), at ~30 ms a token.
EMBEDDED_MAX_LIST_ITEMS = 1
EMBEDDED_REPEAT_PENALTY = 1.15
# One thread for decoding and for prompts. Measured on the 2 shared cores with other jobs running
# (load average 3.3-4), same requests sent in turn to each server: a summary (1,049 prompt + 500
# output tokens) took 119 s with 2 threads, 22-29 s with 1, 39 s with 1 + 2 for prompts; a
# translation (303 + 155) 44 s with 2 threads, 4-8 s with 1. llama.cpp's threads meet at a barrier
# after every step, so a second thread only helps while both cores are free.
EMBEDDED_N_THREADS = 1
# So the second core works too: one one-thread server per core, each taking one request at a
# time. Two side by side gave 1.5-1.65x the tokens/s of the best single server on the same
# requests (72 vs 43 tok/s at load 1.4; 55 vs 39 at load 3). ~300 MB of RSS each.
EMBEDDED_MAX_SERVERS = 2


def embedded_servers() -> int:
    return max(1, min(EMBEDDED_MAX_SERVERS, os.cpu_count() or 1))


def configured_endpoint(settings: Settings) -> Endpoint:
    mode: TranslateMode = "batch" if settings.translate_mode == "auto" else settings.translate_mode
    return Endpoint(
        base_url=settings.base_url,
        api_key=settings.api_key.get_secret_value() if settings.api_key else None,
        model=settings.require_model(),
        host=settings.endpoint_host(),
        capability=settings.capability,
        translate_mode=mode,
        concurrency=settings.concurrency,
        context_tokens=settings.context_tokens,
        max_output_tokens=settings.max_output_tokens,
        max_list_items=settings.max_list_items,
        small_model=False,
    )


@contextmanager
def open_endpoint(settings: Settings) -> Iterator[Endpoint]:
    """The endpoint for this run; starts (and always stops) the embedded server when needed."""
    if not settings.uses_embedded:
        yield configured_endpoint(settings)
        return
    from newsum.embedded import EmbeddedServer, resolve_model_path

    path = resolve_model_path(settings.model_path)
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                EmbeddedServer(
                    path,
                    n_ctx=EMBEDDED_N_CTX,
                    n_threads=EMBEDDED_N_THREADS,
                    n_threads_batch=EMBEDDED_N_THREADS,
                )
            )
            for _ in range(embedded_servers())
        ]
        server = servers[0]
        mode: TranslateMode = (
            "per_language" if settings.translate_mode == "auto" else settings.translate_mode
        )
        capability = settings.capability
        yield Endpoint(
            base_url=server.base_url,
            api_key=None,
            model=server.model,
            host=f"embedded {server.base_url.rsplit('/v1', 1)[0]}",
            # llama_cpp.server takes a schema only inside json_object (notes/embedded-llm.md).
            capability=Capability.JSON_OBJECT_SCHEMA
            if capability is Capability.AUTO
            else capability,
            translate_mode=mode,
            # A server decodes one request at a time; more in flight would only queue.
            concurrency=len(servers),
            context_tokens=EMBEDDED_CONTEXT_BUDGET,
            max_output_tokens=EMBEDDED_MAX_OUTPUT_TOKENS,
            max_list_items=EMBEDDED_MAX_LIST_ITEMS,
            small_model=True,
            summary_prompt="summary_compact",
            extra_body={"repeat_penalty": EMBEDDED_REPEAT_PENALTY},
            replica_urls=tuple(other.base_url for other in servers[1:]),
        )
