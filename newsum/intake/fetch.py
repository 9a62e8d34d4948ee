"""HTTP for feeds and pages: the run's client, GETs with a size cap, transient failures."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from newsum.intake.limits import IntakeLimits


def open_client(limits: IntakeLimits) -> httpx.Client:
    """The run's client: its user agent and timeout, redirects followed (feeds move)."""
    headers = {"user-agent": limits.user_agent}
    timeout = httpx.Timeout(limits.timeout_s)
    return httpx.Client(headers=headers, timeout=timeout, follow_redirects=True)


def transient(status: int) -> bool:
    return status == 429 or status >= 500


@dataclass
class Page:
    status: int
    content: bytes
    content_type: str
    url: str
    charset: str | None


def get_page(client: httpx.Client, url: str, limits: IntakeLimits) -> Page:
    """GET with a size cap (ValueError past it); the body of an HTTP error is not read."""
    with client.stream("GET", url) as response:
        page = Page(
            response.status_code,
            b"",
            response.headers.get("content-type", ""),
            str(response.url),
            response.charset_encoding,
        )
        if response.status_code >= 400:
            return page
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limits.max_page_bytes:
                raise ValueError(f"larger than {limits.max_page_bytes:,} bytes")
            chunks.append(chunk)
        page.content = b"".join(chunks)
    return page
