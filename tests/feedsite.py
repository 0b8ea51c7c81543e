"""A small web site on 127.0.0.1 for the feed tests: written pages, ETags, gzip, redirects, delays, and a
log of every request's headers. Plus fictional news to fill feeds with."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

LAST_MODIFIED = "Tue, 10 Mar 2026 08:00:00 GMT"


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    location: str = ""  # a redirect
    delay: float = 0.0  # seconds before answering
    validators: bool = True  # ETag and Last-Modified, and 304 when they match
    gzip: bool = False  # Content-Encoding: gzip, whatever the client asked
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up (a size cap, a timeout): expected here


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[tuple[float, float]] = []  # each answered request's start and end (time.monotonic)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                start = time.monotonic()
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                try:
                    self._answer()
                finally:
                    site.times.append((start, time.monotonic()))

            def _answer(self) -> None:
                page = site.pages.get(self.path)
                if page is None:
                    self._send(404, b"not here", "text/plain")
                    return
                if page.delay:
                    time.sleep(page.delay)
                if page.location:
                    self._send(page.status if page.status != 200 else 302, b"", "text/plain", {"Location": page.location})
                    return
                headers = dict(page.headers)
                if page.validators:
                    tag = '"' + hashlib.sha1(page.body).hexdigest()[:12] + '"'
                    headers.update({"ETag": tag, "Last-Modified": LAST_MODIFIED})
                    if self.headers.get("If-None-Match") == tag:
                        self._send(304, b"", page.content_type, headers)
                        return
                body = page.body
                if page.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self._send(page.status, body, page.content_type, headers)

            def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):  # the client gave up (a cap, a timeout)
                        pass

            def log_message(self, *args) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def put(self, path: str, body: bytes | str = b"", **options) -> str:
        self.pages[path] = Page(body.encode() if isinstance(body, str) else body, **options)
        return self.url(path)

    def asked(self, path: str) -> list[dict[str, str]]:
        """The headers of each request for ``path``, in order."""
        return [headers for p, headers in self.requests if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- fictional news --------------------------------------------------------------------------

REPORTS = [
    (
        "Ferry service to Wren Island resumes after storms",
        "Tue, 10 Mar 2026 09:15:00 +0000",
        ("The ferry to Wren Island resumed service on Tuesday after a week of storms kept it in harbour. "
        "The operator said the first crossing carried 212 passengers and a lorry of hay for the island's farms. "
        "Islanders had relied on a coastguard helicopter for medicines while the sea was too rough."),
    ),
    (
        "Lindholt council approves new tram line",
        "Tue, 10 Mar 2026 11:40:00 +0000",
        ("The city council of Lindholt approved a 14-kilometre tram line on Tuesday by 31 votes to 12. "
        "Construction is to start next spring and cost 410 million crowns, paid mostly by the regional government. "
        "Opponents said the money would be better spent on buses for the outer districts."),
    ),
    (
        "Orchard growers count frost damage in the Tessel valley",
        "Mon, 09 Mar 2026 16:20:00 +0000",
        ("Apple and pear growers in the Tessel valley said a late frost had damaged up to a third of the blossom. "
        "The growers' association asked the agriculture ministry for emergency loans. "
        "Night temperatures fell to minus six degrees on Sunday, the lowest for March in twenty years."),
    ),
    (
        "Astronomers at Kelby observatory name a new comet",
        "Wed, 11 Mar 2026 07:05:00 +0000",
        ("Astronomers at the Kelby observatory said on Wednesday they had found a comet that will pass the Sun in 2029. "
        "The comet, named Kelby-Arnhem after its two discoverers, is about four kilometres across. "
        "It will not be visible without a telescope, the observatory said."),
    ),
    (
        "Harbour workers in Port Selna end three-day strike",
        "Wed, 11 Mar 2026 13:30:00 +0000",
        ("Harbour workers in Port Selna ended a three-day strike on Wednesday after the port authority agreed to a pay rise of 4.5 percent. "
        "About 900 workers had stopped loading ships on Monday. "
        "The union said the agreement also limits night shifts to two a week."),
    ),
]


def item(title: str, date: str | None, body: str, *, guid: str | None = None, link: str | None = None) -> str:
    slug = "-".join(title.lower().split()[:4])
    link = link or f"https://wren-gazette.example/{slug}"
    parts = [f"<title>{escape(title)}</title>", f"<link>{escape(link)}</link>", f"<guid>{escape(guid or link)}</guid>"]
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    parts.append(f"<description>{escape(body)}</description>")
    return "<item>" + "".join(parts) + "</item>"


def rss(items: list[str], title: str = "Wren Gazette - News") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://wren-gazette.example/</link>"
        "<description>News from the Wren Gazette.</description>" + "".join(items) + "</channel></rss>"
    )


def news_feed(n: int, **options) -> str:
    """A feed of the first ``n`` reports, newest first as feeds put them."""
    return rss([item(*report, **options) for report in reversed(REPORTS[:n])])
