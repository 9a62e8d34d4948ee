"""The Batch API of the fake OpenAI server: /v1/files and /v1/batches, with the real shapes.

A batch moves validating -> in_progress -> finalizing -> completed over `delay` seconds (seen on
retrieve, as a client polling it sees it); `outcome` makes the next batches end "failed" (the
input did not validate), "expired" (half the lines done, the rest `batch_expired` in the error
file) or wait in in_progress until cancelled ("stuck"). A seeded share of lines (`line_fail_rate`)
comes back in the error file with a 500 body, as OpenAI reports per-request failures. Lines are
answered by the same function as synchronous calls, so quirks and formats apply to them alike.
Object shapes: openai.types.Batch, BatchRequestCounts, FileObject.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

JSON = dict[str, Any]
LineAnswer = Callable[[JSON], tuple[int, JSON]]
OUTCOMES = ("completed", "failed", "expired", "stuck")
_ENDPOINTS = ("/v1/chat/completions",)


def _error(message: str, kind: str, param: str | None = None, code: str | None = None) -> JSON:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


@dataclass
class _File:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int

    def body(self) -> JSON:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.content),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
            "expires_at": None,
            "status_details": None,
        }


@dataclass
class _Batch:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: JSON | None
    lines: list[JSON]
    outcome: str
    created: float  # monotonic
    created_at: int
    status: str = "validating"
    stamps: dict[str, int] = field(default_factory=dict)
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: list[JSON] = field(default_factory=list)
    counts: tuple[int, int] = (0, 0)  # completed, failed

    def body(self) -> JSON:
        completed, failed = self.counts
        total = len(self.lines) if self.status != "failed" else 0
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": {"object": "list", "data": self.errors} if self.errors else None,
            "input_file_id": self.input_file_id,
            "completion_window": self.completion_window,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "in_progress_at": self.stamps.get("in_progress"),
            "expires_at": self.created_at + 24 * 3600,
            "finalizing_at": self.stamps.get("finalizing"),
            "completed_at": self.stamps.get("completed"),
            "failed_at": self.stamps.get("failed"),
            "expired_at": self.stamps.get("expired"),
            "cancelling_at": self.stamps.get("cancelling"),
            "cancelled_at": self.stamps.get("cancelled"),
            "request_counts": {"total": total, "completed": completed, "failed": failed},
            "metadata": self.metadata,
            "model": self.lines[0]["body"].get("model") if self.lines else None,
        }


class FakeBatchAPI:
    """State and answers of the fake Batch API; `FakeOpenAI` routes /v1/files, /v1/batches here.

    Counters for tests: `creates` (batches created), `lines` (request lines submitted, over every
    batch), `submitted` (how often each custom_id was submitted), `retrieves`, `cancels`.
    """

    def __init__(
        self,
        answer: LineAnswer,
        *,
        delay: float = 0.0,
        line_fail_rate: float = 0.0,
        seed: int = 0,
        enabled: bool = True,
    ) -> None:
        self.answer = answer
        self.delay = delay
        self.line_fail_rate = line_fail_rate
        self.enabled = enabled
        self.outcome = "completed"
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._files: dict[str, _File] = {}
        self._batches: dict[str, _Batch] = {}
        self._ids = 0
        self.creates = 0
        self.lines = 0
        self.retrieves = 0
        self.cancels = 0
        self.uploads = 0
        self.submitted: Counter[str] = Counter()

    # -- routing --------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, JSON | bytes]:
        """(status, JSON body or raw bytes) for a request under /v1/files or /v1/batches."""
        if not self.enabled:  # vLLM, llama.cpp, Ollama: no such routes
            return 404, _error(f"Unknown route {method} {path}", "invalid_request_error")
        parts = path.strip("/").split("/")[1:]  # drop "v1"
        with self._lock:
            if parts == ["files"] and method == "POST":
                return self._upload(headers.get("content-type", ""), body)
            if parts[0] == "files" and len(parts) >= 2 and method == "GET":
                return self._file(parts[1], content=parts[2:] == ["content"])
            if parts == ["batches"] and method == "POST":
                return self._create(body)
            if parts == ["batches"] and method == "GET":
                return self._list()
            if parts[0] == "batches" and len(parts) == 2 and method == "GET":
                return self._retrieve(parts[1])
            if parts[0] == "batches" and parts[2:] == ["cancel"] and method == "POST":
                return self._cancel(parts[1])
        return 404, _error(f"Unknown route {method} {path}", "invalid_request_error")

    def batch(self, batch_id: str) -> JSON:
        """A batch's current object, as retrieve shows it (without counting a retrieve)."""
        with self._lock:
            return self._advance(self._batches[batch_id]).body()

    def input_lines(self, batch_id: str) -> list[JSON]:
        """The request lines a batch was created with."""
        with self._lock:
            return list(self._batches[batch_id].lines)

    @property
    def batch_ids(self) -> list[str]:
        with self._lock:
            return list(self._batches)

    # -- files ----------------------------------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}-fake{self._ids:06d}"

    def _upload(self, content_type: str, body: bytes) -> tuple[int, JSON]:
        head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        fields: dict[str, tuple[str | None, bytes]] = {}
        if message.is_multipart():
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True)
                if isinstance(name, str) and isinstance(payload, bytes):
                    fields[name] = (part.get_filename(), payload)
        if "file" not in fields or "purpose" not in fields:
            return 400, _error("'file' and 'purpose' are required.", "invalid_request_error")
        purpose = fields["purpose"][1].decode()
        if purpose != "batch":
            return 400, _error(f"purpose {purpose!r} not supported here", "invalid_request_error")
        self.uploads += 1
        file = _File(
            self._next_id("file"),
            fields["file"][0] or "upload.jsonl",
            purpose,
            fields["file"][1],
            int(time.time()),
        )
        self._files[file.id] = file
        return 200, file.body()

    def _file(self, file_id: str, *, content: bool) -> tuple[int, JSON | bytes]:
        file = self._files.get(file_id)
        if file is None:
            return 404, _error(f"No such File object: {file_id}", "invalid_request_error", "id")
        return 200, file.content if content else file.body()

    def _add_file(self, filename: str, lines: list[JSON]) -> str:
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        file = _File(
            self._next_id("file"), filename, "batch_output", text.encode(), int(time.time())
        )
        self._files[file.id] = file
        return file.id

    # -- batches --------------------------------------------------------------------------------

    def _create(self, body: bytes) -> tuple[int, JSON]:
        try:
            params = json.loads(body)
        except ValueError:
            return 400, _error("The body is not JSON.", "invalid_request_error")
        file = self._files.get(str(params.get("input_file_id")))
        if file is None:
            return 400, _error("input_file_id not found", "invalid_request_error", "input_file_id")
        if params.get("endpoint") not in _ENDPOINTS:
            return 400, _error("unsupported endpoint", "invalid_request_error", "endpoint")
        if params.get("completion_window") != "24h":
            return 400, _error("completion_window must be 24h", "invalid_request_error")
        lines, problems = _read_lines(file.content, params["endpoint"])
        self.creates += 1
        batch = _Batch(
            self._next_id("batch"),
            file.id,
            params["endpoint"],
            "24h",
            params.get("metadata"),
            lines,
            "failed" if problems else self.outcome,
            time.monotonic(),
            int(time.time()),
            errors=problems,
        )
        if not problems:
            self.lines += len(lines)
            self.submitted.update(line["custom_id"] for line in lines)
        self._batches[batch.id] = batch
        return 200, batch.body()

    def _list(self) -> tuple[int, JSON]:
        """Every batch, newest first, in one page."""
        data = [self._advance(b).body() for b in reversed(self._batches.values())]
        first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
        return 200, {
            "object": "list",
            "data": data,
            "first_id": first,
            "last_id": last,
            "has_more": False,
        }

    def _retrieve(self, batch_id: str) -> tuple[int, JSON]:
        batch = self._batches.get(batch_id)
        if batch is None:
            return 404, _error(f"No batch found with id '{batch_id}'.", "invalid_request_error")
        self.retrieves += 1
        return 200, self._advance(batch).body()

    def _cancel(self, batch_id: str) -> tuple[int, JSON]:
        batch = self._batches.get(batch_id)
        if batch is None:
            return 404, _error(f"No batch found with id '{batch_id}'.", "invalid_request_error")
        self._advance(batch)
        if batch.status in ("completed", "failed", "expired", "cancelled"):
            message = f"Cannot cancel a batch with status '{batch.status}'."
            return 409, _error(message, "invalid_request_error")
        self.cancels += 1
        now = int(time.time())
        batch.stamps["cancelling"] = now
        batch.status = "cancelling"
        body = batch.body()
        batch.status, batch.stamps["cancelled"] = "cancelled", now  # seen on the next retrieve
        return 200, body

    def _advance(self, batch: _Batch) -> _Batch:
        """Move a batch along its life by the time passed since it was created."""
        if batch.status in ("completed", "failed", "expired", "cancelled", "cancelling"):
            return batch
        now, elapsed = int(time.time()), time.monotonic() - batch.created
        if batch.outcome == "failed":
            if elapsed >= 0.1 * self.delay:
                batch.status, batch.stamps["failed"] = "failed", now
            return batch
        if elapsed >= 0.1 * self.delay and batch.status == "validating":
            batch.status, batch.stamps["in_progress"] = "in_progress", now
        if batch.outcome == "stuck":
            return batch
        if batch.status == "in_progress":
            share = min(1.0, elapsed / max(0.9 * self.delay, 1e-9))
            batch.counts = (int(share * len(batch.lines)), 0)
        if elapsed >= 0.9 * self.delay and batch.status == "in_progress":
            batch.status, batch.stamps["finalizing"] = "finalizing", now
        if elapsed >= self.delay and batch.status == "finalizing":
            self._finish(batch, now)
        return batch

    def _finish(self, batch: _Batch, now: int) -> None:
        done = batch.lines
        if batch.outcome == "expired":
            done = batch.lines[: len(batch.lines) // 2]
        outputs, errors = [], []
        for index, line in enumerate(batch.lines):
            request_id = f"req_{batch.id}_{index}"
            base = {"id": f"batch_req_{batch.id}_{index}", "custom_id": line["custom_id"]}
            if index >= len(done):
                error = {"code": "batch_expired", "message": "This request could not be executed."}
                errors.append({**base, "response": None, "error": error})
                continue
            if self.line_fail_rate > 0 and self._rng.random() < self.line_fail_rate:
                status, payload = (
                    500,
                    _error(
                        "The server had an error while processing your request.", "server_error"
                    ),
                )
            else:
                status, payload = self.answer(line["body"])
            response = {"status_code": status, "request_id": request_id, "body": payload}
            (outputs if status == 200 else errors).append(
                {**base, "response": response, "error": None}
            )
        if outputs:
            batch.output_file_id = self._add_file(f"{batch.id}_output.jsonl", outputs)
        if errors:
            batch.error_file_id = self._add_file(f"{batch.id}_error.jsonl", errors)
        failed = sum(1 for e in errors if e["response"] is not None)
        batch.counts = (len(outputs), failed)
        status = "expired" if batch.outcome == "expired" else "completed"
        batch.status, batch.stamps[status] = status, now


def _read_lines(content: bytes, endpoint: str) -> tuple[list[JSON], list[JSON]]:
    """The input file's request lines, and its problems as Batch.errors.data entries."""
    lines: list[JSON] = []
    problems: list[JSON] = []
    seen: set[str] = set()
    for number, raw in enumerate(content.decode("utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            problems.append({"code": "invalid_json_line", "line": number, "message": "not JSON"})
            continue
        custom_id = line.get("custom_id") if isinstance(line, dict) else None
        if not isinstance(custom_id, str) or custom_id in seen:
            message = "custom_id missing or not unique"
            problems.append({"code": "duplicate_custom_id", "line": number, "message": message})
            continue
        if line.get("method") != "POST" or line.get("url") != endpoint:
            message = f"url must be {endpoint} and method POST"
            problems.append({"code": "invalid_url", "line": number, "message": message})
            continue
        if not isinstance(line.get("body"), dict):
            problems.append({"code": "missing_body", "line": number, "message": "no body"})
            continue
        seen.add(custom_id)
        lines.append(line)
    if not lines and not problems:
        problems.append({"code": "empty_file", "line": None, "message": "the file is empty"})
    return lines, [{"param": None, **p} for p in problems]
