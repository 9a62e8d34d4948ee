"""The intake's limits: timeouts, page size, fetches at once, text length, the user agent."""

from __future__ import annotations

from dataclasses import dataclass

from newsum import __version__


@dataclass
class IntakeLimits:
    timeout_s: float = 20.0
    max_page_bytes: int = 10 * 1024 * 1024
    concurrency: int = 4  # pages fetched at once (politeness towards one site matters more)
    max_text_chars: int = 200_000
    user_agent: str = f"newsum/{__version__} (nightly intake)"
