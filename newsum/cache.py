"""A persistent cache of validated LLM answers, keyed by what was asked.

SQLite (standard library) rather than Prefect result persistence: a lookup is one indexed read
(no task run, no file per result), it survives kill -9 (WAL journal), and a rerun of an unchanged
corpus is answered entirely from it, which is what makes reruns free.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    prompt TEXT NOT NULL,
    content TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_at REAL NOT NULL
)
"""
# Raw answers that came back from an OpenAI batch (newsum.llm.batch), keyed like `answers`:
# not yet validated, so the client reads them as it reads a completion (check, parse, repair).
_BATCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_answers (
    key TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL,
    content TEXT,
    finish_reason TEXT,
    refusal TEXT,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    created_at REAL NOT NULL
)
"""


@dataclass(frozen=True)
class CachedAnswer:
    content: str
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class BatchAnswer:
    """One line of a batch's output: the completion's first choice and its usage."""

    batch_id: str
    content: str | None
    finish_reason: str | None
    refusal: str | None
    prompt_tokens: int
    completion_tokens: int
    reasoning_tokens: int


def cache_key(
    model: str, messages: list[dict[str, str]], params: dict[str, Any], schema: dict[str, Any]
) -> str:
    blob = json.dumps(
        {"model": model, "messages": messages, "params": params, "schema": schema},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # One connection used from the event-loop thread only; reads and writes are sub-ms.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._db.execute(_BATCH_SCHEMA)

    def get(self, key: str) -> CachedAnswer | None:
        row = self._db.execute(
            "SELECT content, prompt_tokens, completion_tokens FROM answers WHERE key = ?", (key,)
        ).fetchone()
        return CachedAnswer(*row) if row else None

    def put(
        self, key: str, model: str, prompt: str, content: str, prompt_tokens: int, completion: int
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, model, prompt, content, prompt_tokens, completion, time.time()),
        )

    def batch_answer(self, key: str) -> BatchAnswer | None:
        row = self._db.execute(
            "SELECT batch_id, content, finish_reason, refusal, prompt_tokens, completion_tokens,"
            " reasoning_tokens FROM batch_answers WHERE key = ?",
            (key,),
        ).fetchone()
        return BatchAnswer(*row) if row else None

    def put_batch_answers(self, answers: dict[str, BatchAnswer]) -> None:
        """A batch's answers, in one transaction (a batch may hold 50,000 lines)."""
        now = time.time()
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR REPLACE INTO batch_answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        key,
                        a.batch_id,
                        a.content,
                        a.finish_reason,
                        a.refusal,
                        a.prompt_tokens,
                        a.completion_tokens,
                        a.reasoning_tokens,
                        now,
                    )
                    for key, a in answers.items()
                ],
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        self._db.close()
