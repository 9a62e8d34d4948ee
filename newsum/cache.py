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


@dataclass(frozen=True)
class CachedAnswer:
    content: str
    prompt_tokens: int
    completion_tokens: int


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

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        self._db.close()
