"""Running the app under uvicorn with limits that hostile clients cannot wear down.

- a connection must send a request's headers within HEADER_TIMEOUT seconds of connecting (or of
  starting the next request) and its body within BODY_TIMEOUT, else it is closed (slowloris);
- idle keep-alive connections close after KEEP_ALIVE seconds;
- past `limit_concurrency` open connections or requests, requests get 503 rather than file
  descriptors running out; the process's open-file limit is raised to its hard limit first;
- a log message repeated in a burst (say, "Too many open files") is written once per interval.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 60.0
KEEP_ALIVE = 5
MAX_CONNECTIONS = 4096
LOG_INTERVAL = 10.0  # seconds between two records of the same message


class TimedH11(H11Protocol):
    """uvicorn's h11 protocol with deadlines for reading a request (uvicorn has none: a client that
    connects and sends nothing, or half a header, would hold its connection for ever)."""

    header_timeout = HEADER_TIMEOUT
    body_timeout = BODY_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting: object = None
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._arm(None)
        super().connection_lost(exc)

    def _watch(self) -> None:
        """Arm the deadline of what the connection waits for: headers (their state IDLE) or body."""
        state = self.conn.their_state
        waiting = state if state in (h11.IDLE, h11.SEND_BODY) else None
        if waiting is not self._waiting:
            self._arm(waiting)

    def _arm(self, waiting: object) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._waiting = waiting
        if waiting is not None:
            timeout = self.header_timeout if waiting is h11.IDLE else self.body_timeout
            self._deadline = self.loop.call_later(timeout, self._expire)

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def timed_h11(header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT) -> type[TimedH11]:
    """TimedH11 with other deadlines."""
    return type("TimedH11", (TimedH11,), {"header_timeout": header_timeout, "body_timeout": body_timeout})


class RateLimit(logging.Filter):
    """Lets through one record per message per `interval` seconds; the next one let through says
    how many were suppressed in between."""

    def __init__(self, interval: float = LOG_INTERVAL, max_keys: int = 1000):
        super().__init__()
        self.interval = interval
        self.max_keys = max_keys
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}  # key -> (last let through, suppressed since)

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg).split("\n", 1)[0][:200])  # a message's first line names it
        now = time.monotonic()
        last, suppressed = self._seen.get(key, (None, 0))
        if last is not None and now - last < self.interval:
            self._seen[key] = (last, suppressed + 1)
            return False
        if len(self._seen) >= self.max_keys:
            self._seen.clear()
        self._seen[key] = (now, 0)
        if suppressed:
            record.msg = f"{record.msg} [{suppressed} more like this suppressed]"
        return True


LOGGERS = ("", "asyncio", "uvicorn", "uvicorn.error", "uvicorn.access", "storyline")


def limit_logs(interval: float = LOG_INTERVAL) -> RateLimit:
    """Rate-limit the records of the server's loggers (a filter on a logger sees the records made there)."""
    limit = RateLimit(interval)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, RateLimit)]:
            logger.removeFilter(old)
        logger.addFilter(limit)
    return limit


def raise_open_files() -> int:
    """Raise this process's soft limit on open files to the hard limit; returns the soft limit."""
    try:
        import resource
    except ImportError:  # not on this platform
        return MAX_CONNECTIONS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 1 << 20 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def settings(**overrides: Any) -> dict[str, Any]:
    """uvicorn's settings with the limits above; `overrides` replace any of them."""
    files = raise_open_files()
    out: dict[str, Any] = dict(
        http=TimedH11,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=5,
        limit_concurrency=max(64, min(MAX_CONNECTIONS, files - 256)),  # keep descriptors for the store and logs
        backlog=1024,
    )
    out.update(overrides)
    return out


def serve(app: Any, host: str = "127.0.0.1", port: int = 8000, **overrides: Any) -> None:
    import uvicorn

    limit_logs()  # uvicorn's logging setup keeps the filters of existing loggers
    uvicorn.run(app, host=host, port=port, **settings(**overrides))
