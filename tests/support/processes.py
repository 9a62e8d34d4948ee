"""The flow as a user starts it: `python -m flows.summarize` in a child process of its own."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_flow(
    args: Sequence[str], env: Mapping[str, str], *, watch: bool = False
) -> subprocess.Popen[str]:
    """In a session of its own, so that `os.killpg(proc.pid, SIGKILL)` takes the whole run
    (its temporary Prefect server and embedded model too) as a crash would, and SIGINT to the
    group is a Ctrl-C on its terminal. `watch`: its stdout and stderr are pipes, to read what
    a user sees while it runs."""
    output = subprocess.PIPE if watch else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "flows.summarize", *args],
        cwd=ROOT,
        env=dict(env),
        start_new_session=True,
        stdout=output,
        stderr=output,
        text=True,
    )


def run_flow(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """The same command run to its end (a rerun after a crash), its output kept for asserts."""
    return subprocess.run(
        [sys.executable, "-m", "flows.summarize", *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=300,
    )
