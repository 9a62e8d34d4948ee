"""Shared fixtures. No test reaches beyond loopback, and no developer's key reaches a test."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import flows  # noqa: F401  (offline-safe Prefect defaults before prefect is imported)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "articles"
SHARED = ROOT.parent / "shared"
_ENDPOINT_ENV = ("OPENAI_", "LLM_", "NEWSUM_", "AZURE_OPENAI")


@pytest.fixture(autouse=True)
def _newsum_logs_reach_caplog() -> Iterator[None]:
    """Each test sees newsum's log lines once, through the root logger as pytest captures them:
    a flow run in an earlier test may have set Prefect's logging up (newsum not propagating,
    handlers of its own), which would hide lines from caplog or show them twice."""
    logger = logging.getLogger("newsum")
    saved = (logger.propagate, list(logger.handlers))
    logger.propagate = True
    logger.handlers = [h for h in logger.handlers if type(h).__name__ == "APILogHandler"]
    yield
    logger.propagate, logger.handlers = saved[0], saved[1]


@pytest.fixture(autouse=True)
def _clean_endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(_ENDPOINT_ENV):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the session (~18 s to start; see the project notes)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def fake_openai() -> Iterator[object]:
    from tests.support.fake_openai import FakeOpenAI

    with FakeOpenAI() as server:
        yield server
