"""Which files an ingest reads, and a file's bytes whether or not it was ever on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from newsum.errors import InputError


@dataclass(frozen=True)
class MemoryFile:
    """A file's bytes that were never on disk (a fetched page), for `ingest_files`; `name`'s
    extension picks the reader, as a path's does."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix

    def read_bytes(self) -> bytes:
        return self.data


Source = Path | MemoryFile


def source_size(source: Source) -> int:
    return len(source.data) if isinstance(source, MemoryFile) else source.stat().st_size


def _is_skipped(name: str) -> bool:
    # Hidden files (.DS_Store, editor swap files) and a folder's README are never articles.
    return name.startswith(".") or name.lower() == "readme.md"


def iter_input_files(path: Path) -> list[Path]:
    """The files to ingest: `path` itself, or every non-hidden file under the folder `path`.

    Files of unsupported types are included on purpose: `ingest` reports each of them as a
    REJECTED Article, so that a user who dropped a .docx into the folder learns why it was
    ignored. Hidden files and folders and README.md files are skipped silently.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "does not exist")
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]  # don't walk into .git
        found.extend(Path(dirpath) / n for n in filenames if not _is_skipped(n))
    return sorted(found, key=lambda p: p.relative_to(path).parts)
