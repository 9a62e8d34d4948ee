"""OpenAI's Batch API: requests as JSONL lines, one batch per round, answers into the cache.

Each line's custom_id is the answer-cache key of its request, so what a batch returns is stored
under the key the client looks up (ResponseCache.batch_answer) and read there like any
completion: the same checks, repair and validation as a synchronous answer.

A batch may take hours and the process may die meanwhile: every batch is recorded under
OUTPUT/_state/batches/ (`BatchStore`) before it is waited for, and a later run of the same
output waits for the batches still recorded instead of submitting their requests again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import openai
from openai import AsyncOpenAI
from openai.types import Batch
from openai.types.chat import ChatCompletion

from newsum.cache import BatchAnswer
from newsum.llm.client import Collected, LLMClient
from newsum.llm.transport import Rejected

log = logging.getLogger("newsum.batch")

ENDPOINT = "/v1/chat/completions"
# The API's limits per input file (platform.openai.com, Batch API guide).
MAX_LINES = 50_000
MAX_BYTES = 200 * 1024 * 1024
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
# A batch's progress is logged when its status or counts change, and at least this often while
# they do not (a batch may sit in "validating" for an hour): the wait is seen to go on.
PROGRESS_EVERY_S = 600.0
# What a user does when a run stops while its batches run (they go on at the endpoint).
RESUME_HINT = (
    "rerun the same command to pick up their answers (nothing is asked twice), "
    "or cancel them with --cancel-batches"
)


class BatchUnsupported(Exception):
    """The endpoint has no Batch API (vLLM, llama.cpp, Ollama answer 404 or 405)."""


@dataclass
class BatchJob:
    """A submitted batch, as recorded under OUTPUT/_state/batches/<id>.json."""

    id: str
    input_file_id: str
    keys: list[str]
    submitted_at: float
    # "creating": uploaded, batches.create under way (id ""); "submitted"; then the batch's
    # terminal status, once its answers are stored.
    status: str = "submitted"

    @property
    def name(self) -> str:
        return self.id or self.input_file_id


@dataclass(frozen=True)
class PollPolicy:
    """Seconds between status checks: a few at first, then up to minutes; never busy."""

    first_s: float = 5.0
    max_s: float = 300.0
    factor: float = 1.5

    def delays(self) -> Any:
        delay = self.first_s
        while True:
            yield delay
            delay = min(self.max_s, delay * self.factor)


class BatchStore:
    """The batches of an output folder, one JSON file each, written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, job: BatchJob) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(job), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.folder / f"{job.name}.json")

    def remove(self, job: BatchJob) -> None:
        (self.folder / f"{job.name}.json").unlink(missing_ok=True)

    def open_jobs(self, status: str = "submitted") -> list[BatchJob]:
        """Batches submitted and not yet read back (or with `status`), oldest first."""
        if not self.folder.is_dir():
            return []
        jobs = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                job = BatchJob(**json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError) as exc:
                log.warning("%s is not a batch record (%s): ignored", path, exc)
                continue
            if job.status == status:
                jobs.append(job)
        return sorted(jobs, key=lambda job: job.submitted_at)


@dataclass
class WaitResult:
    answered: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # key -> reason


class BatchRunner:
    """Submits collected requests as batches of a client's endpoint, waits, stores answers."""

    def __init__(self, client: LLMClient, store: BatchStore, poll: PollPolicy) -> None:
        assert client.cache is not None, "batch answers go into the answer cache"
        self.client = client
        self.cache = client.cache
        self.store = store
        self.poll = poll
        # The endpoint's own client; the batch calls are few, so the openai client's retries
        # (connection errors, 429, 5xx with backoff) are enough for them.
        self.api: AsyncOpenAI = client.transport.replicas.clients[0].with_options(max_retries=4)

    async def submit(self, requests: Sequence[Collected]) -> list[BatchJob]:
        """One batch per at most MAX_LINES lines / MAX_BYTES; each recorded once submitted."""
        jobs = []
        for chunk in _chunks(
            [(item.key, self.client.batch_body(item.request)) for item in requests]
        ):
            data = b"".join(chunk)
            keys = [json.loads(line)["custom_id"] for line in chunk]
            try:
                upload = await self.api.files.create(
                    file=("newsum-batch.jsonl", data), purpose="batch"
                )
                # Recorded before the batch exists: a run that dies before it records the
                # batch's id finds the batch by its input file (`earlier_jobs`).
                creating = BatchJob("", upload.id, keys, time.time(), "creating")
                self.store.save(creating)
                batch = await self.api.batches.create(
                    input_file_id=upload.id,
                    endpoint="/v1/chat/completions",
                    completion_window="24h",
                    metadata={"source": "newsum"},
                )
            except openai.APIStatusError as exc:
                if exc.status_code in (404, 405, 501):
                    raise BatchUnsupported(f"HTTP {exc.status_code}") from None
                raise
            job = BatchJob(batch.id, upload.id, keys, time.time())
            self.store.save(job)
            self.store.remove(creating)
            log.info("batch %s submitted: %d requests", batch.id, len(keys))
            jobs.append(job)
        return jobs

    async def earlier_jobs(self) -> list[BatchJob]:
        """The batches earlier runs submitted and did not read back, including one whose
        creation was under way when its run died (found by its input file, or dropped)."""
        await resolve_creating(self.api, self.store)
        return self.store.open_jobs()

    async def wait(self, jobs: Sequence[BatchJob]) -> WaitResult:
        """Poll the batches until each ends; store what each answered (also an expired or a
        cancelled batch's finished part). Interrupted, the batches go on running and are
        picked up by the next run."""
        result = WaitResult()
        try:
            await asyncio.gather(*(self._wait_one(job, result) for job in jobs))
        except (asyncio.CancelledError, KeyboardInterrupt):
            still = ", ".join(job.id for job in jobs if job.status == "submitted")
            if still:
                log.warning("stopped while batches run (%s); they go on: %s", still, RESUME_HINT)
            raise
        return result

    async def _wait_one(self, job: BatchJob, result: WaitResult) -> None:
        last, logged = "", 0.0
        delays = self.poll.delays()
        while True:
            batch = await self.api.batches.retrieve(job.id)
            seen = f"{batch.status} {batch.request_counts}"
            # A line per change, not per poll; and now and then while nothing changes.
            if seen != last or time.monotonic() - logged >= PROGRESS_EVERY_S:
                # Waited since it was submitted, also by an earlier run that stopped.
                log.info("%s", _progress(batch, time.time() - job.submitted_at))
                last, logged = seen, time.monotonic()
            if batch.status in TERMINAL:
                break
            await asyncio.sleep(next(delays))
        if batch.status == "failed":
            errors = batch.errors.data if batch.errors and batch.errors.data else []
            reason = "; ".join(f"{e.code}: {e.message}" for e in errors[:3]) or "no reason given"
            log.warning("batch %s failed: %s", job.id, reason)
            result.failed.update(dict.fromkeys(job.keys, f"batch failed: {reason}"))
        answers = await self._answers(batch, job, result)
        self.cache.put_batch_answers(answers)
        result.answered += len(answers)
        job.status = batch.status
        self.store.save(job)

    async def _answers(
        self, batch: Batch, job: BatchJob, result: WaitResult
    ) -> dict[str, BatchAnswer]:
        answers: dict[str, BatchAnswer] = {}
        for line in await self._lines(batch.output_file_id):
            key, response = line.get("custom_id"), line.get("response") or {}
            if not isinstance(key, str) or response.get("status_code") != 200:
                continue
            try:
                completion = ChatCompletion.model_validate(response.get("body"))
            except ValueError as exc:
                result.failed[key] = f"unreadable batch answer: {str(exc)[:200]}"
                continue
            answers[key] = _answer(job.id, completion)
        for line in await self._lines(batch.error_file_id):
            key = line.get("custom_id")
            if isinstance(key, str):
                result.failed[key] = self._line_error(line)
        missing = set(job.keys) - answers.keys() - result.failed.keys()
        result.failed.update(dict.fromkeys(missing, f"no answer in batch {job.id}"))
        return answers

    def _line_error(self, line: dict[str, Any]) -> str:
        """A failed line's reason; a 400 naming a parameter is learnt as a synchronous one is."""
        response = line.get("response") or {}
        error = line.get("error") or {}
        body = response.get("body") if isinstance(response.get("body"), dict) else {}
        error = body.get("error", error) if isinstance(body, dict) else error
        status = int(response.get("status_code") or 0)
        message = self.client.redact(str(error.get("message") or "")) if error else ""
        if status in (400, 422) and isinstance(error, dict):
            param, code = error.get("param"), error.get("code")
            rejected = Rejected(
                status,
                message,
                param if isinstance(param, str) else None,
                code if isinstance(code, str) else None,
            )
            sent = self._sent_fields()
            self.client.params.adapt(rejected, sent) or self.client.params.strict_refused(
                rejected, sent
            )
        code = error.get("code") if isinstance(error, dict) else None
        return f"batch line failed (HTTP {status or '-'}, {code or 'error'}): {message[:200]}"

    def _sent_fields(self) -> dict[str, Any]:
        # The fields every line carried (the parameters are the run's, the same for all).
        return self.client.params.fields(1)

    async def _lines(self, file_id: str | None) -> list[dict[str, Any]]:
        if file_id is None:
            return []
        content = await self.api.files.content(file_id)
        out = []
        for raw in content.text.splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if isinstance(line, dict):
                out.append(line)
        return out


async def resolve_creating(api: AsyncOpenAI, store: BatchStore) -> None:
    """Records of a batch whose creation was under way when its run stopped (Ctrl-C or a
    crash between batches.create and its answer): the batch found by its input file becomes
    a submitted record; none found, the record goes (nothing was created)."""
    creating = store.open_jobs("creating")
    if not creating:
        return
    by_file = {}
    async for batch in api.batches.list(limit=100):
        by_file[batch.input_file_id] = batch.id
        if len(by_file) >= 1000:  # recent batches only: a record is hours old at most
            break
    for job in creating:
        store.remove(job)
        if job.input_file_id in by_file:
            job.id, job.status = by_file[job.input_file_id], "submitted"
            store.save(job)


async def cancel_open(client: LLMClient, store: BatchStore) -> list[str]:
    """Cancel the batches recorded as still running (their finished part is still billed),
    also one whose creation a stopped run did not see answered; the ids cancelled. A batch
    that ended meanwhile is left for the next run to read."""
    api = client.transport.replicas.clients[0].with_options(max_retries=4)
    await resolve_creating(api, store)
    cancelled = []
    for job in store.open_jobs():
        try:
            batch = await api.batches.cancel(job.id)
        except openai.APIStatusError as exc:
            log.warning("batch %s not cancelled: HTTP %d", job.id, exc.status_code)
            continue
        job.status = "cancelled"
        store.save(job)
        cancelled.append(batch.id)
        log.info("batch %s: %s", batch.id, batch.status)
    return cancelled


def _answer(batch_id: str, completion: ChatCompletion) -> BatchAnswer:
    usage = completion.usage
    reasoning = 0
    if usage is not None and usage.completion_tokens_details is not None:
        reasoning = usage.completion_tokens_details.reasoning_tokens or 0
    choice = completion.choices[0] if completion.choices else None
    return BatchAnswer(
        batch_id,
        choice.message.content if choice else None,
        choice.finish_reason if choice else None,
        choice.message.refusal if choice else None,
        usage.prompt_tokens if usage else 0,
        usage.completion_tokens if usage else 0,
        reasoning,
    )


def _progress(batch: Batch, waited: float) -> str:
    """`batch <id>: in_progress, 120/500 done, 3 failed, waited 12m05s`."""
    counts = batch.request_counts
    done = f", {counts.completed}/{counts.total} done, {counts.failed} failed" if counts else ""
    return f"batch {batch.id}: {batch.status}{done}, waited {duration(waited)}"


def batches(count: int) -> str:
    return f"{count} batch" if count == 1 else f"{count} batches"


def duration(seconds: float) -> str:
    """45s, 12m05s, 3h20m: a batch's wait reads at a glance, seconds to a day."""
    if seconds < 10:
        return f"{max(0.0, seconds):.2g}s"  # 0.5s for a test's fast polling; 7s
    whole = round(seconds)
    if whole < 120:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 120:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _chunks(lines: list[tuple[str, dict[str, Any]]]) -> list[list[bytes]]:
    chunks: list[list[bytes]] = [[]]
    size = 0
    for key, body in lines:
        raw = json.dumps(
            {"custom_id": key, "method": "POST", "url": ENDPOINT, "body": body},
            ensure_ascii=False,
        ).encode("utf-8")
        raw += b"\n"
        if chunks[-1] and (len(chunks[-1]) >= MAX_LINES or size + len(raw) > MAX_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(raw)
        size += len(raw)
    return [chunk for chunk in chunks if chunk]
