"""Incremental intake for scheduled runs: what arrived since the last run, and nothing else.

The package re-exports the names other modules import, so `from newsum.intake import X` keeps
working while the code is split by job.
"""

from __future__ import annotations

from newsum.intake.batch import IntakeBatch
from newsum.intake.feeds import collect, feed_list
from newsum.intake.keys import article_key, row_key_text
from newsum.intake.limits import IntakeLimits
from newsum.intake.results import already_summarised, failed_rows
from newsum.intake.shard import Shard
from newsum.intake.state import EntryMark, FileMark, IntakeState

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
