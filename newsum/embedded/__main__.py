"""`python -m newsum.embedded` (make model-server): serve the embedded model on loopback until
Ctrl-C, for tools other than the pipeline."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsum.embedded.model import MODEL_PATH_ENV
from newsum.embedded.server import EmbeddedServer
from newsum.errors import ConfigError

DEFAULT_CLI_PORT = 8011


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsum.embedded",
        description="Serve the embedded model on loopback until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_CLI_PORT)
    parser.add_argument(
        "--model-path",
        type=Path,
        default=None,
        help=f"a GGUF file (default: ${MODEL_PATH_ENV}, else SmolLM2-135M)",
    )
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--n-threads", type=int, default=None, help="default 1")
    parser.add_argument("--n-threads-batch", type=int, default=None, help="default --n-threads")
    parser.add_argument(
        "--log-path",
        type=Path,
        default=None,
        help="server log file (default: a temp file, deleted on exit)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        server = EmbeddedServer(
            args.model_path,
            n_ctx=args.n_ctx,
            n_threads=args.n_threads,
            n_threads_batch=args.n_threads_batch,
            port=args.port,
            log_path=args.log_path,
        )
        started = time.monotonic()
        with server:
            print(f"embedded model server ready in {time.monotonic() - started:.1f} s", flush=True)
            print(f"base_url: {server.base_url}  (pid {server.pid}, log {server.log_path})")
            print(f"OPENAI_BASE_URL={server.base_url} LLM_MODEL={server.model}")
            print("Ctrl-C to stop.", flush=True)
            while server.running:
                time.sleep(0.5)
            print(
                f"the server exited on its own; last log lines:\n{server.log_tail()}",
                file=sys.stderr,
            )
            return 1
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nstopped.", flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
