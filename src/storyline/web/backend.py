"""Store access for the web app: one read-only Engine per worker thread, one writer at a time, a cache.

sqlite3 connections are not shared between threads: each thread of the server's pool gets its own
read-only Engine. Writes (POST /api/ingest) open a fresh Engine under a lock, so the story tracker
is always the one saved in the store, even when the CLI ingested meanwhile.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.engine import Engine


class Cache:
    """A small thread-safe LRU map. Missing values are computed one at a time: the stages need not
    be thread-safe, and the GIL would run their Python code one thread at a time anyway."""

    def __init__(self, size: int = 512):
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._compute = threading.RLock()  # reentrant: a page's computation may ask for an update's

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        with self._compute:
            with self._lock:
                if key in self._data:  # computed while this thread waited
                    return self._data[key]
            value = compute()
            with self._lock:
                self._data[key] = value
                if len(self._data) > self.size:
                    self._data.popitem(last=False)
        return value


class Backend:
    def __init__(self, db_path: str | Path, *, token: str | None = None):
        self.path = str(db_path)
        self.token = token or None
        Engine(self.path).close()  # create or migrate the store once, so readers can open it read-only
        self.cache = Cache()
        self._local = threading.local()
        self._readers: list[Engine] = []
        self._generation = 0  # bumped by close(): threads then open fresh readers
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()

    def reader(self) -> Engine:
        """This thread's read-only Engine."""
        if getattr(self._local, "generation", None) != self._generation:
            engine = Engine(self.path, readonly=True)
            with self._lock:
                self._readers.append(engine)
            self._local.engine, self._local.generation = engine, self._generation
        return self._local.engine

    @contextmanager
    def writer(self) -> Iterator[Engine]:
        with self._write_lock:
            engine = Engine(self.path)
            try:
                yield engine
            finally:
                engine.close()

    def close(self) -> None:
        with self._lock:
            for engine in self._readers:
                engine.close()
            self._readers.clear()
            self._generation += 1
