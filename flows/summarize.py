"""The summarization flow and its command line: ingest → language → summary → translations →
checks → Parquet, for every article under one input.

    python -m flows.summarize [--input PATH] [--output DIR] [--targets en,fr] [--dry-run]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from typing import Any, NoReturn

from prefect import flow, get_run_logger

from flows import newsum_lines_in_run_logs
from flows.articles import ingest_step, run_articles
from newsum import report
from newsum.batch_mode import cancel_running, running_batches
from newsum.config import load_settings
from newsum.errors import EndpointFatal, PipelineError
from newsum.llm.batch import RESUME_HINT, batches
from newsum.run_control import RunFailed, RunStopped


@flow(name="newsum-summarize")
async def summarize(
    input: str | None = None,
    output: str | None = None,
    targets: str | None = None,
    dry_run: bool | None = None,
    batch: bool | None = None,
) -> dict[str, Any]:
    """Summarise and translate every article under `input`; write Parquet under `output`.
    `batch`: through the endpoint's Batch API (LLM_BATCH), at its discount, slower."""
    newsum_lines_in_run_logs()
    settings = load_settings(
        input=input, output=output, targets=targets, dry_run=dry_run, batch=batch
    )
    articles = ingest_step(settings.input, settings.max_text_chars)
    get_run_logger().info("ingested %d rows from %s", len(articles), settings.input)
    return await run_articles(articles, settings, str(settings.input))


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m flows.summarize",
        description="Neutral multilingual news summaries, written as Parquet.",
    )
    parser.add_argument("--input", help="file or folder of articles (default: samples)")
    parser.add_argument("--output", help="output folder (default: outputs/)")
    parser.add_argument("--targets", help="target languages, ISO 639-1, comma-separated")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        default=None,
        help="ingest and detect only, estimate tokens, no LLM call",
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        default=None,
        help="ask through the endpoint's Batch API (LLM_BATCH): half the price, answers "
        "within hours; a rerun picks up batches still running",
    )
    parser.add_argument(
        "--cancel-batches",
        action="store_true",
        help="cancel the batches an earlier --batch run of --output left running, and exit",
    )
    return parser.parse_args(argv)


INTERRUPTED = 130  # the exit code of a command stopped by Ctrl-C (128 + SIGINT)


def _report_interrupt(args: argparse.Namespace) -> None:
    print("newsum: interrupted; nothing half-written is visible, rerun to resume", file=sys.stderr)
    try:
        settings = load_settings(output=args.output, batch=args.batch)
    except PipelineError:
        return
    running = running_batches(settings)
    if running:
        print(
            f"newsum: {batches(len(running))} still running at the endpoint "
            f"({', '.join(running)}): {RESUME_HINT}",
            file=sys.stderr,
        )


def after_interrupt(exc: BaseException) -> bool:
    """Whether an error was raised while a Ctrl-C (a KeyboardInterrupt, or the cancellation
    asyncio makes of it) was being handled."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        if isinstance(current, KeyboardInterrupt | asyncio.CancelledError):
            return True
        seen.add(id(current))
        # Both links: an error raised "from" another still has the one being handled as context.
        pending += [current.__cause__, current.__context__]
    return False


def main(argv: list[str] | None = None) -> int:
    """Exit 0 for a completed run (some articles may have failed: the line says how many),
    3 when the endpoint stopped the run, 4 when no article due could be summarised, 2 for an
    input or configuration error, 130 when stopped by Ctrl-C."""
    args = _parse_args(argv)
    started = time.monotonic()
    try:
        # Fail on configuration and a missing input before any Prefect machinery starts.
        settings = load_settings(
            input=args.input,
            output=args.output,
            targets=args.targets,
            dry_run=args.dry_run,
            batch=args.batch,
        )
        if args.cancel_batches:
            cancelled = asyncio.run(cancel_running(settings))
            print(f"newsum: {len(cancelled)} batches cancelled: {', '.join(cancelled) or '-'}")
            return 0
        if not settings.input.exists():
            raise PipelineError(f"input {settings.input} does not exist")
        run = asyncio.run(
            summarize(args.input, args.output, args.targets, args.dry_run, args.batch)
        )
    except RunFailed as exc:
        print(report.summary_line(exc.run, time.monotonic() - started))
        print(f"newsum: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, RunStopped) else 4
    except EndpointFatal as exc:
        print(f"newsum: {exc}", file=sys.stderr)
        return 3
    except PipelineError as exc:
        print(f"newsum: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _report_interrupt(args)
        return INTERRUPTED
    except Exception as exc:
        # Ctrl-C reaches the temporary Prefect server too: when it is gone before the flow
        # engine has reported the crash, that report fails, and its error is what comes out.
        if not after_interrupt(exc):
            raise
        _report_interrupt(args)
        return INTERRUPTED
    print(report.summary_line(run, time.monotonic() - started))
    cost_line = report.batch_cost_line(run, settings)
    if cost_line:
        print(cost_line)
    return 0


def _leave_after_ctrl_c() -> NoReturn:
    """Exit without waiting on Prefect's exit hooks for long. Ctrl-C reaches the whole process
    group, the temporary Prefect server too, and the hooks then retried sending the last log
    lines to it for over a minute ("Error logging to API"); those lines are on the terminal.
    A persistent server (PREFECT_API_URL) still gets them: the wait is bounded, not skipped."""
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=3)
    server = sys.modules.get("prefect.server.api.server")
    if server is not None:  # this run started a temporary server: stopped as the hooks would
        server.SubprocessASGIServer().stop()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(INTERRUPTED)


if __name__ == "__main__":
    code = main()
    if code == INTERRUPTED:
        _leave_after_ctrl_c()
    sys.exit(code)
