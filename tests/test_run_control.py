"""The run's stop state and its verdict (newsum.run_control)."""

from __future__ import annotations

from typing import Any

from newsum.errors import EndpointFatal
from newsum.run_control import RunControl, run_failure


class _Client:
    def __init__(self, fatal: Exception | None) -> None:
        self.fatal = fatal

    def redact(self, text: str) -> str:
        return text.replace("sk-secret", "[redacted]")


def test_the_first_reason_wins_and_a_client_latch_is_read_redacted() -> None:
    control = RunControl()
    assert not control.stopped
    control.absorb(_Client(None))
    control.stop(None)
    assert control.reason is None
    control.absorb(_Client(EndpointFatal("invalid key sk-secret")))
    assert control.stopped and control.reason == "invalid key [redacted]"
    control.stop("quota exhausted")
    assert control.reason == "invalid key [redacted]"


def _run(**counts: Any) -> dict[str, Any]:
    return {"ok": 0, "failed": 0, "rejected": 0, "planned": 0, "stop_reason": None, **counts}


def test_verdict() -> None:
    assert run_failure(_run()) is None  # nothing due: an empty night did its job
    assert run_failure(_run(rejected=3, planned=5)) is None  # a plan, rejected input
    assert run_failure(_run(ok=9, failed=1)) is None  # partial: completed, the counts say it
    assert run_failure(_run(failed=4, rejected=2)) == (
        "none of the 4 articles due could be summarised"
    )
    stopped = run_failure(_run(ok=3, failed=5, stop_reason="quota"))
    assert stopped == "run stopped early: quota"
