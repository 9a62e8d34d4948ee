"""The client ceiling: how many calls per second the openai client alone gets from the endpoint.

    python -m bench.ceiling REPORT.json --base-url URL --calls N --concurrency C

N calls, C at a time, with the same AsyncOpenAI client and POST the pipeline uses, and nothing
else: no prompts rendered, no parsing, no checks, no cache, no Prefect. On a 2-core machine
shared with the fake endpoint this is below concurrency / latency (the HTTP stack and the fake
server cost CPU too), so it separates what the pipeline loses from what the machine cannot give
any Python client. Its own process, like the pipeline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

# About one sample article's worth of text, so that request sizes resemble the pipeline's.
_TEXT = "Officials said the talks would resume next week in the capital. " * 28


async def measure(base_url: str, calls: int, concurrency: int) -> float:
    """Calls per second over `calls` requests, `concurrency` in flight."""
    client = AsyncOpenAI(base_url=base_url, api_key="sk-bench-ceiling", max_retries=0)
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with gate:
            body = {
                "model": "fake-model",
                "messages": [{"role": "user", "content": f"{i} {_TEXT}"}],
                "max_tokens": 600,
            }
            await client.post("/chat/completions", cast_to=ChatCompletion, body=body)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(calls)))
    elapsed = time.perf_counter() - started
    await client.close()
    return calls / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ceiling")
    parser.add_argument("report", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    rate = asyncio.run(measure(args.base_url, args.calls, args.concurrency))
    args.report.write_text(json.dumps({"calls": args.calls, "calls_per_s": rate}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
