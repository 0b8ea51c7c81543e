"""Polite HTTP GETs for feeds and pages (httpx): bounded redirects, timeouts, a size cap, one request at
a time per host with a pause between two, robots.txt for pages, and only public addresses unless told
otherwise (a feed's links and redirects must not reach the poller's own network)."""

from __future__ import annotations

import datetime as dt
import email.message
import email.utils
import ipaddress
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from storyline import __version__
from storyline.ingest.errors import shown_url

MAX_BYTES = 5_000_000  # a body larger than this (after decompression) is refused
ROBOTS_BYTES = 500_000
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0  # between two reads
TOTAL_TIMEOUT = 60.0  # for one request, headers and body (a server dripping bytes); a redirect is a new request
MAX_REDIRECTS = 5
HOST_DELAY = 1.0  # seconds between two requests to the same host
AGENT_TOKEN = "storyline"  # the name robots.txt rules are matched against
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}


def user_agent() -> str:
    """ "storyline/VERSION (+the project's URL)"; the URL is the installed package's, when it names one."""
    try:
        from importlib.metadata import metadata

        urls = metadata("storyline").get_all("Project-URL") or []
        url = urls[0].split(",", 1)[-1].strip() if urls else ""
    except Exception:  # not installed as a distribution
        url = ""
    return f"{AGENT_TOKEN}/{__version__} ({f'+{url}' if url else 'news feed reader'})"


class FetchError(Exception):
    """One failed fetch: ``kind`` is short ("timeout", "http 404", "too large", "redirect loop", ...), the
    message one line."""

    def __init__(self, kind: str, message: str, *, status: int = 0, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200 or 304
    content: bytes
    headers: httpx.Headers
    moved: bool = False  # reached through permanent redirects only (301, 308): url is the new address

    @property
    def charset(self) -> str | None:
        """The charset parameter of its Content-Type, if it has one."""
        message = email.message.Message()
        message["content-type"] = self.headers.get("content-type", "")
        return message.get_content_charset()


class Fetcher:
    """GETs with the limits above; thread-safe (one instance serves a poll's threads)."""

    def __init__(
        self,
        *,
        max_bytes: int = MAX_BYTES,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        max_redirects: int = MAX_REDIRECTS,
        host_delay: float = HOST_DELAY,
        agent: str | None = None,
        allow_private: bool = False,
    ):
        self.max_bytes = max_bytes
        self.total_timeout = total_timeout
        self.max_redirects = max_redirects
        self.host_delay = host_delay
        self.agent = agent or user_agent()
        self.client = httpx.Client(
            transport=_Transport(public=not allow_private),  # allow_private: loopback, private and link-local too
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,  # followed here, to bound them, detect loops and pace each host
            headers={"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,  # no proxy or .netrc picked up from the environment
        )
        self._hosts: dict[str, list] = {}  # host -> [lock, time of its last request]
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: dict[str, str] | None = None, *, max_bytes: int | None = None) -> Response:
        """The body of ``url`` (status 200), or status 304 with no body; anything else raises FetchError."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        seen: set[str] = set()
        moved = None  # whether every redirect so far was permanent; None before the first
        for _ in range(self.max_redirects + 1):
            target = _checked(url)
            if str(target) in seen:
                raise FetchError("redirect loop", f"redirect loop (back to {shown_url(str(target))})")
            seen.add(str(target))
            with self._turn(target.host), _deadline(self.total_timeout):
                try:
                    with self.client.stream("GET", target, headers=headers) as r:
                        if r.status_code in _REDIRECTS and "location" in r.headers:
                            url = _joined(target, r.headers["location"])
                            moved = moved is not False and r.status_code in _PERMANENT
                            continue
                        if r.status_code == 304:
                            return Response(str(r.url), 304, b"", r.headers, bool(moved))
                        if r.status_code != 200:
                            raise _http_error(r)
                        return Response(str(r.url), 200, self._body(r, limit), r.headers, bool(moved))
                except httpx.TimeoutException as e:
                    if _past_deadline():
                        raise FetchError("timeout", f"timed out (no whole answer in {self.total_timeout:g} s)") from None
                    raise FetchError("timeout", f"timed out ({_timeout_kind(e)})") from None
                except httpx.DecodingError:
                    raise FetchError("bad body", "the compressed body cannot be decoded") from None
                except httpx.HTTPError as e:  # refused connections, resets, bad URLs
                    raise FetchError("network", f"cannot fetch ({type(e).__name__}: {e})") from None
        raise FetchError("redirect loop", f"more than {self.max_redirects} redirects")

    def _body(self, r: httpx.Response, limit: int) -> bytes:
        """The body, decompressed here within the cap: httpx would inflate a whole chunk, through
        every coding a server stacks, before the size could be checked."""
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and "content-encoding" not in r.headers:
            raise FetchError("too large", f"body is {int(declared):,} bytes, above the cap of {limit:,}")
        chunks, size = [], 0
        for chunk in _decoded(r.iter_raw(), r.headers.get("content-encoding", ""), limit + 1):
            size += len(chunk)
            if size > limit:
                raise FetchError("too large", f"body is above the cap of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    @contextmanager
    def _turn(self, host: str) -> Iterator[None]:
        """One request at a time per host, HOST_DELAY seconds after the end of the previous one."""
        with self._lock:
            slot = self._hosts.setdefault(host, [threading.Lock(), 0.0])
        with slot[0]:
            wait = slot[1] + self.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                slot[1] = time.monotonic()


class Robots:
    """robots.txt per site, read once per instance (RFC 9309: a missing file allows everything, an
    unreachable one forbids everything)."""

    def __init__(self, fetcher: Fetcher, agent: str = AGENT_TOKEN):
        self.fetcher = fetcher
        self.agent = agent
        self._sites: dict[str, tuple[urllib.robotparser.RobotFileParser, str]] = {}
        self._lock = threading.Lock()

    def refusal(self, url: str) -> str | None:
        """Why the URL may not be fetched (None: it may): its site's robots.txt forbids it, or could not be read."""
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL:
            return "not a valid URL"
        site = f"{target.scheme}://{target.netloc.decode('ascii')}"
        with self._lock:
            found = self._sites.get(site)
        if found is None:
            found = self._read(site)
            with self._lock:
                self._sites[site] = found
        rules, unread = found
        if rules.can_fetch(self.agent, url):
            return None
        return f"its site's robots.txt could not be read ({unread}), so nothing is fetched there" if unread else "robots.txt disallows fetching it"

    def _read(self, site: str) -> tuple[urllib.robotparser.RobotFileParser, str]:
        """The site's rules, and why its robots.txt could not be read ("" when it was, or is missing)."""
        rules = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            found = self.fetcher.get(f"{site}/robots.txt", max_bytes=ROBOTS_BYTES)
            rules.parse(found.content.decode("utf-8", "replace").splitlines())
        except FetchError as e:
            if 400 <= e.status < 500:
                rules.parse([])  # no robots.txt: everything allowed
            else:
                rules.disallow_all = True
                return rules, str(e)
        return rules, ""


def _checked(url: str) -> httpx.URL:
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as e:
        raise FetchError("bad url", f"not a valid URL ({e})") from None
    if target.scheme not in ("http", "https") or not target.host:
        raise FetchError("bad url", f"not an http(s) URL: {shown_url(url)}")
    return target


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))  # RFC 6052, RFC 8215
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # "::127.0.0.1" (deprecated)


def _public(ip: str) -> bool:
    """A global unicast address, and so is any IPv4 address it carries (mapped, 6to4, NAT64, compatible)."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and (address in _IPV4_COMPATIBLE or any(address in n for n in _NAT64)):
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return inner.is_global and not inner.is_multicast
    return True


_request = threading.local()  # .end: when the current request of this thread must be over (time.monotonic)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    _request.end = time.monotonic() + seconds
    try:
        yield
    finally:
        _request.end = None


def _past_deadline() -> bool:
    end = getattr(_request, "end", None)
    return end is not None and time.monotonic() >= end


def _within_deadline(timeout: float | None) -> float | None:
    """A socket operation's timeout, cut to what is left of the request's time: a server that drips
    a header byte every few seconds never trips the read timeout, but cannot outlast this."""
    end = getattr(_request, "end", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's total time is up")
    return left if timeout is None else min(timeout, left)


class _TimedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream):
        self.stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, _within_deadline(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, _within_deadline(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> _TimedStream:
        return _TimedStream(self.stream.start_tls(ssl_context, server_hostname, _within_deadline(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class _Timed(httpcore.SyncBackend):
    """Every socket operation bounded by the request's deadline too (_within_deadline)."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        return _TimedStream(super().connect_tcp(host, port, _within_deadline(timeout), *args, **kwargs))


class _PublicOnly(_Timed):
    """Connects to a host only when every address it resolves to is public, and then to the address
    it checked: no second lookup that a rebinding name server could answer differently."""

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        try:
            ips = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
        except (OSError, UnicodeError) as e:
            raise httpcore.ConnectError(f"cannot resolve {host} ({e})") from None
        for ip in ips:
            if not _public(ip):
                where = host if host == ip else f"{host} is at {ip},"
                raise FetchError("private address", f"refused: {where} not a public address (--allow-private)")
        return super().connect_tcp(ips[0], port, *args, **kwargs)


class _Transport(httpx.HTTPTransport):
    def __init__(self, public: bool) -> None:
        super().__init__()
        backend = _PublicOnly() if public else _Timed()
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)


def _decoded(raw: Iterable[bytes], coding: str, limit: int) -> Iterator[bytes]:
    """The body of one content coding (gzip or deflate, the ones asked for) decompressed piece by piece,
    never more than ``limit`` bytes out of one piece of input (a bomb stops at the cap); stacked or
    unknown codings are refused."""
    codings = [c.strip().lower() for c in coding.split(",") if c.strip().lower() not in ("", "identity")]
    if not codings:
        yield from raw
        return
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError("bad body", f"unsupported content encoding {coding.strip()[:60]!r}")
    gzipped = codings[0] != "deflate"
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS if gzipped else zlib.MAX_WBITS)
    started = False
    try:
        for data in raw:
            if not started and data and not gzipped and not _zlib_header(data):
                inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, without its zlib header
            started = started or bool(data)
            while data:
                yield inflate.decompress(data, limit)
                data = inflate.unconsumed_tail
                if gzipped and inflate.eof and inflate.unused_data:  # gzip members one after another
                    data, inflate = inflate.unused_data, zlib.decompressobj(16 + zlib.MAX_WBITS)
        yield inflate.flush()
    except zlib.error:
        raise FetchError("bad body", "the compressed body cannot be decoded") from None


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _joined(base: httpx.URL, location: str) -> str:
    try:
        return str(base.join(location))
    except httpx.InvalidURL:
        raise FetchError("bad url", f"redirected to a bad URL: {shown_url(location)[:200]!r}") from None


def _http_error(r: httpx.Response) -> FetchError:
    return FetchError(
        f"http {r.status_code}",
        f"HTTP {r.status_code} {r.reason_phrase}".rstrip(),
        status=r.status_code,
        retry_after=retry_after(r.headers.get("retry-after", "")),
    )


def retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait: a number of seconds, or an HTTP date (RFC 9110)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _timeout_kind(e: httpx.TimeoutException) -> str:
    if isinstance(e, httpx.ConnectTimeout):
        return "connect"
    if isinstance(e, httpx.ReadTimeout):
        return "read"
    return type(e).__name__
