"""Runs the real CLI, `python -m flows.summarize ARGS`, in this process and reports its cost.

    python -m bench.child REPORT.json [flows.summarize arguments]

The flow is the same code path as `python -m flows.summarize` (its `main`); this wrapper only
adds what the parent cannot see from outside: the peak RSS of this process alone (the Prefect
server is a different process, so it is not counted), CPU seconds, and import time. With
BENCH_PROFILE=prefix it also writes a cProfile of the run to prefix-<report name>.prof.
"""

from __future__ import annotations

import cProfile
import json
import os
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    report_path, args = Path(argv[0]), argv[1:]
    started = time.perf_counter()
    from flows.summarize import main as flow_main

    imported = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF)
    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_path else None
    if profiler is not None:
        profiler.enable()
    try:
        code = flow_main(args)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(f"{profile_path}-{report_path.stem}.prof")
    finished = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "exit_code": code,
        "import_s": imported - started,
        "main_s": finished - imported,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
        "cpu_s": usage.ru_utime + usage.ru_stime,
        # CPU of the run itself, without interpreter start-up and imports.
        "cpu_main_s": (usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime),
    }
    report_path.write_text(json.dumps(report))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
