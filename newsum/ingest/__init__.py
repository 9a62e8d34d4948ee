"""Ingest stage: input files to Articles (see newsum.ingest.fields while the module is split)."""

from newsum.ingest.context import IngestLimits, RawRow
from newsum.ingest.fields import (
    SUPPORTED_SUFFIXES,
    clean_text,
    ingest,
    ingest_files,
    parse_published_at,
)
from newsum.ingest.files import MemoryFile, Source, iter_input_files

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestLimits",
    "MemoryFile",
    "RawRow",
    "Source",
    "clean_text",
    "ingest",
    "ingest_files",
    "iter_input_files",
    "parse_published_at",
]
