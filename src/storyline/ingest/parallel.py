"""An ordered, bounded process-pool map: parse large batches on every core while the caller stores.

Results come back in input order and at most ``window`` jobs are in flight, so memory stays flat on
huge inputs. If the pool breaks (a worker died), the remaining jobs run in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MAX_WORKERS = 4


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    work: Callable[[Any], list],
    local: Callable[[Any], Iterable],
    items: Iterable[Any],
    *,
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple,
    window: int | None = None,
) -> Iterator[Any]:
    """Yield the results of ``work(item)`` (run in worker processes) item by item, in order.

    ``local(item)`` runs an item in this process: for items a broken pool could not finish.
    """
    ctx = multiprocessing.get_context("fork")
    window = window or workers * 4
    pending: deque[tuple[Any, Future]] = deque()
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=initializer, initargs=initargs)
    broken = False
    try:
        for item in items:
            if broken:
                yield from local(item)
                continue
            try:
                pending.append((item, pool.submit(work, item)))
            except BrokenProcessPool:
                broken = True
                yield from _drain(pending, local)
                yield from local(item)
                continue
            if len(pending) >= window:
                yield from _first(pending, local)
        yield from _drain(pending, local)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _first(pending: deque, local: Callable) -> Iterator[Any]:
    item, future = pending.popleft()
    try:
        results = future.result()
    except Exception:  # the pool broke, or a result would not pickle: read this item here
        results = local(item)
    yield from results


def _drain(pending: deque, local: Callable) -> Iterator[Any]:
    while pending:
        yield from _first(pending, local)


def available() -> bool:
    """Worker processes are forked (cheap, and the caller's main module is not re-imported): Linux only."""
    return sys.platform.startswith("linux")
