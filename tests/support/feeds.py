"""A loopback news site for intake tests: an RSS 2.0 feed, an Atom feed and their pages.

`NewsSite` is a real HTTP server (http.server in a thread) on 127.0.0.1, so intake goes through
its real HTTP client, redirects and timeouts. Pages include the failures a nightly run meets:
a page answering 500, a page with no article text, an entry without a link, a missing feed.

    with NewsSite() as site:
        site.rss, site.atom, site.missing_feed, site.hits["/pages/fresh.html"]
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples" / "articles"

# Written for these tests (fictional, like the samples): an article found only through a feed.
FRESH_TITLE = "Graz reopens Mur embankment after flood repairs"
FRESH_TEXT = [
    "GRAZ, Oct 2 (Newsum Test Wire) - The city of Graz reopened the Mur embankment path on "
    "Monday, eleven days after floodwater damaged a 300-metre stretch near the Augarten, the "
    "municipal building department said.",
    "Repairs cost about 1.2 million euros, according to the department, which said the bill "
    "would be shared with the regional government of Styria. Opposition councillors said the "
    "city had ignored warnings about the embankment in 2021; the mayor's office rejected that.",
    "Residents interviewed near the Radetzky bridge welcomed the reopening. The river authority "
    "said water levels were back to normal but that monitoring would continue through October.",
]


def _page(title: str, paragraphs: list[str], lang: str = "en") -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><header><nav><a href='/'>Home</a></nav></header><main><article>"
        f"<h1>{title}</h1>{body}</article></main><footer>(c) Test</footer></body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        status, ctype, body = self.server.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet tests


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, tuple[int, str, bytes]]
    hits: Counter[str]


class NewsSite:
    """RSS: a fresh page, a page answering 500, an item without a link.
    Atom: two sample pages (also in samples/articles) and a page with no article text."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.routes = {}
        self._server.hits = Counter()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._build()

    @property
    def hits(self) -> Counter[str]:
        return self._server.hits

    def route(self, path: str, status: int, ctype: str, body: bytes) -> None:
        self._server.routes[path] = (status, ctype, body)

    @property
    def rss(self) -> str:
        return f"{self.base_url}/rss.xml"

    @property
    def atom(self) -> str:
        return f"{self.base_url}/atom.xml"

    @property
    def missing_feed(self) -> str:
        return f"{self.base_url}/gone.xml"

    def _build(self) -> None:
        html = "text/html; charset=utf-8"
        self.route("/pages/fresh.html", 200, html, _page(FRESH_TITLE, FRESH_TEXT))
        self.route("/pages/broken.html", 500, "text/plain", b"internal error")
        self.route(
            "/pages/empty.html",
            200,
            html,
            b"<html><head><title>Loading</title></head><body><script>load()</script></body></html>",
        )
        for name in ("ararat-times_2023-09-29.html", "gunes-xeber_2023-09-23.html"):
            self.route(f"/pages/{name}", 200, html, (SAMPLES / name).read_bytes())
        base = self.base_url
        self.route(
            "/rss.xml",
            200,
            "application/rss+xml",
            f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Test Wire</title><link>{base}/</link><description>test</description>
<language>en</language>
<item><title>{FRESH_TITLE}</title><link>{base}/pages/fresh.html</link>
  <guid>{base}/pages/fresh.html</guid><pubDate>Mon, 02 Oct 2023 09:30:00 +0200</pubDate></item>
<item><title>Server trouble</title><link>{base}/pages/broken.html</link>
  <guid>broken-1</guid><pubDate>Mon, 02 Oct 2023 10:00:00 +0000</pubDate></item>
<item><title>Headline only</title><guid isPermaLink="false">nolink-1</guid>
  <description>An item without a link.</description></item>
</channel></rss>""".encode(),
        )
        self.route(
            "/atom.xml",
            200,
            "application/atom+xml",
            b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Caucasus pages</title>
<id>urn:test:atom</id><updated>2023-09-29T12:00:00Z</updated>
<entry><title>Artsakh ordered to dissolve</title><id>urn:test:ararat</id>
  <link href="/pages/ararat-times_2023-09-29.html"/><updated>2023-09-29T07:45:00Z</updated></entry>
<entry><title>Nothing to read</title><id>urn:test:empty</id>
  <link href="/pages/empty.html"/><updated>2023-09-29T08:00:00Z</updated></entry>
<entry><title>Aid convoy</title><id>urn:test:gunes</id>
  <link href="/pages/gunes-xeber_2023-09-23.html"/><updated>2023-09-23T10:00:00Z</updated></entry>
</feed>""",
        )

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
