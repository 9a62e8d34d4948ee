"""One typed configuration object, read from the environment, then CLI flags / flow parameters.

The endpoint uses the openai client's own variable names (OPENAI_BASE_URL, OPENAI_API_KEY) plus
LLM_*; everything else is NEWSUM_*. Explicit values (CLI flags, flow parameters) override the env.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from newsum.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = PROJECT_ROOT / "samples" / "articles"
DEFAULT_TARGETS = ["en", "fr", "ru", "es", "ar", "zh"]


class Capability(StrEnum):
    """How an endpoint takes structured output (see docs in README, 'Endpoints')."""

    AUTO = "auto"  # try json_schema, step down once on rejection
    JSON_SCHEMA = "json_schema"  # OpenAI, vLLM, Ollama, llama-server
    JSON_OBJECT_SCHEMA = "json_object_schema"  # llama_cpp.server: json_object + "schema"
    JSON_OBJECT = "json_object"  # JSON mode only; the schema goes into the prompt
    TEXT = "text"  # no response_format at all; the schema goes into the prompt


# Translation modes (model profile, newsum/profile.py): all targets in as few structured calls as
# fit, or one language a call; the `translate_mode` setting adds "auto" (the profile's choice).
TranslateMode = Literal["batch", "per_language"]


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSUM_", extra="ignore", populate_by_name=True, validate_default=True
    )

    input: Path = DEFAULT_INPUT
    output: Path = PROJECT_ROOT / "outputs"
    targets: Annotated[list[str], NoDecode] = Field(default_factory=lambda: list(DEFAULT_TARGETS))
    dry_run: bool = False
    pipeline_lang: str = "en"

    base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL", "base_url"))
    api_key: SecretStr | None = Field(None, validation_alias=_env("OPENAI_API_KEY", "api_key"))
    model: str | None = Field(None, validation_alias=_env("LLM_MODEL", "model"))
    model_path: Path | None = Field(None, validation_alias=_env("LLM_MODEL_PATH", "model_path"))
    capability: Capability = Field(
        Capability.AUTO, validation_alias=_env("LLM_CAPABILITY", "capability")
    )
    translate_mode: Literal["auto", "batch", "per_language"] = Field(
        "auto", validation_alias=_env("LLM_TRANSLATE_MODE", "translate_mode")
    )
    # Concurrency (newsum.llm.limiter): LLM_CONCURRENCY unset (or empty) means adaptive, learnt
    # from the endpoint's latency and 429/503 answers, up to LLM_CONCURRENCY_MAX; set, it's fixed.
    concurrency: int | None = Field(
        None, ge=1, le=256, validation_alias=_env("LLM_CONCURRENCY", "concurrency")
    )
    concurrency_max: int = Field(
        64, ge=1, le=256, validation_alias=_env("LLM_CONCURRENCY_MAX", "concurrency_max")
    )

    @field_validator("concurrency", mode="before")
    @classmethod
    def _empty_concurrency_is_adaptive(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    timeout_s: float = Field(120.0, gt=0, validation_alias=_env("LLM_TIMEOUT", "timeout_s"))
    max_attempts: int = Field(
        5, ge=1, le=20, validation_alias=_env("LLM_MAX_ATTEMPTS", "max_attempts")
    )
    # The largest answer asked for: all translations of a summary in one call need room.
    max_output_tokens: int = Field(
        4096, ge=64, validation_alias=_env("LLM_MAX_OUTPUT_TOKENS", "max_output_tokens")
    )
    context_tokens: int = Field(
        16000, ge=1024, validation_alias=_env("LLM_CONTEXT_TOKENS", "context_tokens")
    )
    temperature: float = Field(0.0, ge=0, le=2, validation_alias=_env("LLM_TEMPERATURE"))
    max_list_items: int = Field(8, ge=1, le=50, validation_alias=_env("LLM_MAX_LIST_ITEMS"))
    # llm area (issue 11): reasoning models. Unset: the model's default effort.
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = Field(
        None, validation_alias=_env("LLM_REASONING_EFFORT", "reasoning_effort")
    )
    # Prices in the endpoint's currency per million tokens; cost columns stay null without them.
    price_input_per_mtok: float | None = Field(None, validation_alias=_env("LLM_PRICE_INPUT"))
    price_output_per_mtok: float | None = Field(None, validation_alias=_env("LLM_PRICE_OUTPUT"))

    batch_size: int = Field(250, ge=1)
    cache_path: Path | None = None  # default: OUTPUT/_cache/llm.sqlite
    use_cache: bool = True
    circuit_breaker_failures: int = Field(25, ge=1)
    circuit_breaker_cooldown_s: float = Field(30.0, ge=0)
    max_text_chars: int = Field(200_000, ge=1)
    progress: bool = True
    # Checks (issue 12): one more structured call per article that lists the summary statements
    # the article does not support and the translation segments whose meaning differs. Off by
    # default, and never used with the embedded model (too small to judge, and slow).
    verify: bool = Field(False, validation_alias=_env("LLM_VERIFY", "verify"))
    # Batch mode (issue 13, newsum/batch_mode.py): the run's calls through OpenAI's Batch API,
    # at LLM_BATCH_DISCOUNT of the price; rounds under LLM_BATCH_MIN requests go synchronously.
    batch: bool = Field(False, validation_alias=_env("LLM_BATCH", "batch"))
    batch_min: int = Field(20, ge=1, validation_alias=_env("LLM_BATCH_MIN", "batch_min"))
    batch_discount: float = Field(
        0.5, ge=0, le=1, validation_alias=_env("LLM_BATCH_DISCOUNT", "batch_discount")
    )
    # Seconds between status checks of a batch: the first wait, growing to the longest.
    batch_poll_s: float = Field(5.0, gt=0)
    batch_poll_max_s: float = Field(300.0, gt=0)

    @field_validator("targets", mode="before")
    @classmethod
    def _split_targets(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part for part in value.replace(" ", ",").split(",") if part]
        return value

    @field_validator("targets")
    @classmethod
    def _check_targets(cls, value: list[str]) -> list[str]:
        from newsum.language_codes import normalize_lang_code

        codes: list[str] = []
        for raw in value:
            code = normalize_lang_code(raw)
            if code is None or len(code) != 2:
                raise ValueError(f"target language {raw!r} is not an ISO 639-1 code (e.g. fr)")
            if code not in codes:
                codes.append(code)
        return codes

    @property
    def uses_embedded(self) -> bool:
        """No endpoint configured at all: run the embedded default model on loopback."""
        return not self.base_url and self.api_key is None

    @property
    def resolved_cache_path(self) -> Path:
        return self.cache_path or self.output / "_cache" / "llm.sqlite"

    def endpoint_host(self) -> str:
        """Scheme, host and port of the endpoint: never user-info, path secrets or query."""
        if not self.base_url:
            return "api.openai.com" if self.api_key is not None else "embedded"
        parts = urlsplit(self.base_url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"

    def require_model(self) -> str:
        if self.model:
            return self.model
        raise ConfigError(
            "no model name: set LLM_MODEL (e.g. LLM_MODEL=gpt-4o-mini) for the configured endpoint"
        )


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit overrides (None means 'not given')."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        # Only locations and messages: the input values could include a key.
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None
