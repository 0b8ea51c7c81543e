"""Store access for the web app: one read-only Engine per worker thread, one writer at a time, a cache.

sqlite3 connections are not shared between threads: each thread of the server's pool gets its own
read-only Engine. Writes (POST /api/ingest) open a fresh Engine under a lock, so the story tracker
is always the one saved in the store, even when the CLI ingested meanwhile. Readers never wait for
the writer (the store is in WAL mode).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from storyline.engine import Engine

CACHE_BYTES = 256 * 1024 * 1024
COMPUTATIONS = 2  # values computed at once (a large story takes seconds and hundreds of MB)
THREADS = 8  # threads for requests that compute or wait for a computation; more requests queue
READERS = 4  # threads serving story routes from the cache (few: the GIL runs one at a time anyway)
SAMPLE = 16  # items of a long container walked by deep_size

T = TypeVar("T")
_LEAVES = (str, bytes, int, float, bool, type(None), dt.date)


class Miss(Exception):
    """A value is not cached, and this thread may not compute it (see Backend.compute)."""


def deep_size(obj: Any, sample: int = SAMPLE) -> int:
    """An estimate of the memory held by `obj` and everything it references (each object once).

    Cheap on big values (a story of hundreds of articles): of the items of a list, tuple, set or
    dict not met before, at most `sample` evenly spaced ones are walked, and what they hold is
    scaled up to the number of items. The walk is breadth first, so that objects held by several
    containers (the articles of a story, by date and by id) are met first near the top.
    """
    seen: set[int] = {id(obj)}
    todo: deque[tuple[Any, float]] = deque([(obj, 1.0)])  # each already in seen, with its weight
    total = 0.0
    while todo:
        o, weight = todo.popleft()
        total += sys.getsizeof(o) * weight
        if isinstance(o, _LEAVES):
            continue
        if isinstance(o, dict):
            refs: list = [*o.keys(), *o.values()]
        elif isinstance(o, (list, tuple, set, frozenset)):
            refs = list(o)
        else:
            refs = [vars(o)] if hasattr(o, "__dict__") else []
            for cls in type(o).__mro__:
                slots = getattr(cls, "__slots__", ())
                refs.extend(getattr(o, name) for name in ((slots,) if isinstance(slots, str) else slots)
                            if hasattr(o, name))
        fresh = [r for r in refs if id(r) not in seen]
        seen.update(map(id, fresh))
        if len(fresh) > sample and isinstance(o, (dict, list, tuple, set, frozenset)):
            picked = fresh[:: -(-len(fresh) // sample)]
            weight *= len(fresh) / len(picked)
            fresh = picked
        todo.extend((r, weight) for r in fresh)
    return int(total)


class Cache:
    """A thread-safe LRU map bounded by the estimated bytes of its values.

    A missing value is computed once: threads asking for the same key wait for that computation,
    while other keys are computed alongside, at most `computations` at a time. A value larger than
    a quarter of the budget is not kept.
    """

    def __init__(
        self, budget: int = CACHE_BYTES, size: Callable[[Any], int] = deep_size, computations: int = COMPUTATIONS
    ):
        self.budget = budget
        self.used = 0
        self._size = size
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}  # key -> lock held by the thread computing it
        self.cached_only = threading.local()  # .on: a miss raises Miss instead of computing
        self._slots = threading.BoundedSemaphore(computations)
        self._computing = threading.local()  # .on: this thread holds a slot (a computation may nest)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        # A thread claims a key only with a computation slot in hand (its own, or the one of the
        # computation it runs inside): a thread that held a key while it waited for a slot would
        # wait forever on slot holders whose computations need that key.
        nested = getattr(self._computing, "on", False)
        slot = False
        try:
            while True:
                with self._lock:
                    if key in self._data:
                        return self._touched(key)
                    if getattr(self.cached_only, "on", False):
                        raise Miss
                    pending = self._pending.get(key)
                    if pending is None and (nested or slot):
                        pending = self._pending[key] = threading.Lock()
                        pending.acquire()
                        break
                if pending is None:
                    self._slots.acquire()
                    slot = True
                    continue
                if slot:  # another thread claimed the key meanwhile: wait without the slot
                    self._slots.release()
                    slot = False
                with pending:  # wait for the computing thread
                    pass
                with self._lock:
                    if key in self._data:
                        return self._touched(key)
                return self._run(compute)  # the other computation failed or was too large to keep
            try:
                value = self._in_slot(compute) if slot else compute()
                size = self._size(value)
                with self._lock:
                    self._put(key, value, size)
            finally:
                with self._lock:
                    del self._pending[key]
                pending.release()
            return value
        finally:
            if slot:
                self._slots.release()

    def _touched(self, key: Hashable) -> Any:
        """A kept value, now the most recently used (under the lock)."""
        self._data.move_to_end(key)
        return self._data[key][0]

    def _run(self, compute: Callable[[], T]) -> T:
        if getattr(self._computing, "on", False):
            return compute()
        with self._slots:
            return self._in_slot(compute)

    def _in_slot(self, compute: Callable[[], T]) -> T:
        self._computing.on = True
        try:
            return compute()
        finally:
            self._computing.on = False

    def _put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.budget // 4:
            return
        self._data[key] = (value, size)
        self.used += size
        while self.used > self.budget:
            _, (_, dropped) = self._data.popitem(last=False)
            self.used -= dropped

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.used = 0


class Backend:
    def __init__(
        self,
        db_path: str | Path,
        *,
        token: str | None = None,
        cache_bytes: int = CACHE_BYTES,
        computations: int = COMPUTATIONS,
    ):
        self.path = str(db_path)
        self.token = token or None
        Engine(self.path).close()  # create or migrate the store once, so readers can open it read-only
        self.cache = Cache(cache_bytes, computations=computations)
        self._limiters: tuple[anyio.CapacityLimiter, anyio.CapacityLimiter] | None = None
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

    async def compute(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args), which reads through the cache: in READERS threads when everything it needs is
        cached, else in THREADS threads (further requests wait on the event loop), so that static
        files and light pages keep the server's own threads."""
        if self._limiters is None:
            self._limiters = anyio.CapacityLimiter(READERS), anyio.CapacityLimiter(THREADS)
        readers, computers = self._limiters
        try:
            return await anyio.to_thread.run_sync(self._cached_only, fn, *args, limiter=readers)
        except Miss:
            pass
        return await anyio.to_thread.run_sync(fn, *args, limiter=computers)

    def _cached_only(self, fn: Callable[..., T], *args: Any) -> T:
        self.cache.cached_only.on = True
        try:
            return fn(*args)
        finally:
            self.cache.cached_only.on = False

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
        self._limiters = None  # bound to the event loop that is ending
