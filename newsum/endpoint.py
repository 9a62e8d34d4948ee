"""Which endpoint a run talks to, and with what settings: a configured one, or the embedded model.

The embedded default is the same OpenAI-compatible path as any other endpoint; only its profile
differs (newsum/profile.py: small context, one request at a time per server, one language per
translation call).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from newsum.config import Capability, Settings, TranslateMode
from newsum.profile import DEFAULT, EMBEDDED, ModelProfile


@dataclass(frozen=True)
class Endpoint:
    base_url: str | None
    api_key: str | None
    model: str
    host: str  # for the runs table: no credentials, no path
    capability: Capability
    translate_mode: TranslateMode
    concurrency: int | None  # None: adaptive (newsum.llm.limiter), up to LLM_CONCURRENCY_MAX
    context_tokens: int
    max_output_tokens: int
    max_list_items: int
    profile: ModelProfile = DEFAULT
    replica_urls: tuple[str, ...] = ()  # more servers of the same model, used side by side

    @property
    def extra_body(self) -> dict[str, Any]:
        return dict(self.profile.extra_body)


# The embedded server's own settings. One thread for decoding and for prompts: llama.cpp's threads
# meet at a barrier after every step, so a second thread only helps while both cores are free
# (README, "The embedded default model", has the measurements).
EMBEDDED_N_CTX = 4096
EMBEDDED_N_THREADS = 1


def embedded_servers() -> int:
    return EMBEDDED.servers()


def configured_endpoint(settings: Settings) -> Endpoint:
    context_tokens, max_output_tokens, max_list_items = DEFAULT.limits(settings)
    return Endpoint(
        base_url=settings.base_url,
        api_key=settings.api_key.get_secret_value() if settings.api_key else None,
        model=settings.require_model(),
        host=settings.endpoint_host(),
        capability=settings.capability,
        translate_mode=DEFAULT.translate_mode_for(settings.translate_mode),
        concurrency=settings.concurrency,
        context_tokens=context_tokens,
        max_output_tokens=max_output_tokens,
        max_list_items=max_list_items,
        profile=DEFAULT,
    )


@contextmanager
def open_endpoint(settings: Settings) -> Iterator[Endpoint]:
    """The endpoint for this run; starts (and always stops) the embedded server when needed."""
    if not settings.uses_embedded:
        yield configured_endpoint(settings)
        return
    from newsum.embedded import EmbeddedServer, resolve_model_path

    path = resolve_model_path(settings.model_path)
    profile = EMBEDDED
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
            for _ in range(profile.servers())
        ]
        server = servers[0]
        capability = settings.capability
        context_tokens, max_output_tokens, max_list_items = profile.limits(settings)
        yield Endpoint(
            base_url=server.base_url,
            api_key=None,
            model=server.model,
            host=f"embedded {server.base_url.rsplit('/v1', 1)[0]}",
            # llama_cpp.server takes a schema only inside json_object (it answers json_schema
            # with HTTP 500; README, "The embedded default model").
            capability=Capability.JSON_OBJECT_SCHEMA
            if capability is Capability.AUTO
            else capability,
            translate_mode=profile.translate_mode_for(settings.translate_mode),
            # A server decodes one request at a time; more in flight would only queue.
            concurrency=len(servers),
            context_tokens=context_tokens,
            max_output_tokens=max_output_tokens,
            max_list_items=max_list_items,
            profile=profile,
            replica_urls=tuple(other.base_url for other in servers[1:]),
        )
