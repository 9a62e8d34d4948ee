"""Incremental intake for scheduled runs: what arrived since the last run, and nothing else.

The package re-exports the names other modules import, so `from newsum.intake import X` keeps
working while the code is split by job.
"""

from __future__ import annotations

from newsum.intake.feeds import (
    EntryMark,
    FileMark,
    IntakeBatch,
    IntakeState,
    already_summarised,
    collect,
    failed_rows,
    feed_list,
)
from newsum.intake.keys import article_key, row_key_text
from newsum.intake.limits import IntakeLimits
from newsum.intake.shard import Shard

__all__ = [
    "EntryMark",
    "FileMark",
    "IntakeBatch",
    "IntakeLimits",
    "IntakeState",
    "Shard",
    "already_summarised",
    "article_key",
    "collect",
    "failed_rows",
    "feed_list",
    "row_key_text",
]
