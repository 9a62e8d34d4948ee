from __future__ import annotations

import pytest

from newsum.config import Capability, load_settings
from newsum.errors import ConfigError


def test_defaults_mean_embedded_model() -> None:
    settings = load_settings()
    assert settings.uses_embedded
    assert settings.targets == ["en", "fr", "ru", "es", "ar", "zh"]
    assert settings.capability is Capability.AUTO


def test_openai_variables_configure_the_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://user:pw@llm.example.org:8443/v1?key=abc")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-canary-123456")
    monkeypatch.setenv("LLM_MODEL", "m")
    monkeypatch.setenv("LLM_CAPABILITY", "json_object")
    settings = load_settings()
    assert not settings.uses_embedded
    assert settings.require_model() == "m"
    assert settings.capability is Capability.JSON_OBJECT
    assert settings.endpoint_host() == "https://llm.example.org:8443"
    assert "sk-secret" not in repr(settings) and "sk-secret" not in str(settings.model_dump())


def test_explicit_values_override_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSUM_TARGETS", "de,it")
    assert load_settings().targets == ["de", "it"]
    assert load_settings(targets="fr, zh-CN ,fr").targets == ["fr", "zh"]


@pytest.mark.parametrize("targets", ["french", "f", "en,123"])
def test_bad_targets_are_config_errors(targets: str) -> None:
    with pytest.raises(ConfigError, match="targets"):
        load_settings(targets=targets)


def test_config_error_never_echoes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-canary-123456")
    monkeypatch.setenv("LLM_CONCURRENCY", "lots")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "LLM_CONCURRENCY" in str(info.value) and "sk-secret" not in str(info.value)


def test_missing_model_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    with pytest.raises(ConfigError, match="LLM_MODEL"):
        load_settings().require_model()
