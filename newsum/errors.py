"""The pipeline's own errors.

A per-article failure is data (a status and a reason in the output); these errors carry the
facts needed to write that reason, or to stop a run with a clear message.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class for every error the pipeline raises on purpose."""


class ConfigError(PipelineError):
    """The configuration is unusable; the message names the setting or environment variable."""


class InputError(PipelineError):
    """A whole input file cannot be read; the message names the file (and row when known)."""

    def __init__(self, path: str, reason: str, row: int | None = None) -> None:
        self.path = path
        self.row = row
        self.reason = reason
        where = f"{path}, row {row}" if row is not None else path
        super().__init__(f"{where}: {reason}")


class PromptLoadError(PipelineError):
    """A prompt file is missing, is not valid YAML, or does not match the template model."""


class MissingVariables(PipelineError):
    """A template was rendered without some of the variables it names."""

    def __init__(self, template: str, missing: list[str]) -> None:
        self.template = template
        self.missing = sorted(missing)
        super().__init__(f"prompt {template!r} is missing variables: {', '.join(self.missing)}")


class LLMError(PipelineError):
    """An LLM call failed for good (after retries); the article is marked failed with it."""


class LLMOutputError(LLMError):
    """The model answered, but not with a valid, complete object (after the repair attempt)."""

    def __init__(self, reason: str, n_attempts: int, last_output: str | None = None) -> None:
        self.reason = reason
        self.n_attempts = n_attempts
        self.last_output = last_output
        super().__init__(f"{reason} (after {n_attempts} attempt(s))")


class EndpointUnavailable(LLMError):
    """The circuit breaker is open: the endpoint failed too often in a row."""


class EndpointFatal(PipelineError):
    """Retrying cannot help and every other call would fail alike: the run stops, rows say why."""


class QuotaExceeded(EndpointFatal):
    """The endpoint says the account is out of quota."""


class CredentialsRejected(EndpointFatal):
    """The endpoint refused the API key (401/403)."""
