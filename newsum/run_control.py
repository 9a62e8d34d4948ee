"""A run's stop state and its verdict, in one place.

Once the endpoint refuses work (no quota, a bad key), every later call of the run would fail
alike: the article stage marks the articles it has not reached failed with that reason, the
event stage keeps earlier accounts instead of asking, and the run ends Failed. Every stage reads
and sets the same `RunControl`; the first reason wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from newsum.errors import PipelineError


class _FatalHolder(Protocol):
    """What an LLM client exposes of its fatal latch (newsum.llm)."""

    @property
    def fatal(self) -> Exception | None: ...

    def redact(self, text: str) -> str: ...


@dataclass
class RunControl:
    reason: str | None = None

    @property
    def stopped(self) -> bool:
        return self.reason is not None

    def stop(self, reason: str | None) -> None:
        """Stop the run for `reason` (already redacted); a later reason never replaces the first."""
        if reason and self.reason is None:
            self.reason = reason

    def absorb(self, client: _FatalHolder | None) -> None:
        """Take over a client's fatal latch, at the boundary where the client is closed."""
        if client is not None and client.fatal is not None:
            self.stop(client.redact(str(client.fatal)))


def run_failure(run: dict[str, Any]) -> str | None:
    """Why a finished run counts as failed (for a scheduler), or None when it did its job.

    Failed: the endpoint stopped the run, or articles were due and none was summarised. Some
    failed articles among ok ones leave the run completed; its summary says how many failed.
    """
    if run.get("stop_reason"):
        return f"run stopped early: {run['stop_reason']}"
    failed, ok = run.get("failed") or 0, run.get("ok") or 0
    if failed and not ok:
        return f"none of the {failed} articles due could be summarised"
    return None


class RunFailed(PipelineError):
    """The run did not do its job (no article due could be summarised); outputs were written.

    Raised at the end of the flow, so its Prefect run ends Failed; `run` is its runs row.
    """

    def __init__(self, message: str, run: dict[str, Any]) -> None:
        super().__init__(message)
        self.run = run


class RunStopped(RunFailed):
    """The endpoint refused further work (quota, credentials); outputs were written."""


def failed_run_error(failure: str, run: dict[str, Any], control: RunControl) -> RunFailed:
    """The error a failed run (`failure` from run_failure) ends with, once its outputs are
    written: RunStopped when the endpoint stopped it."""
    error = RunStopped if control.stopped else RunFailed
    return error(f"{failure} (outputs were written)", run)
