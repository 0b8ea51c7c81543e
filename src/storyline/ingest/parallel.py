"""An ordered, bounded process-pool map: parse large batches on every core while the caller stores.

Results come back in input order and at most ``window`` jobs (and about ``window_bytes`` of input) are in
flight, so memory stays flat on huge inputs. If the pool breaks (a worker died), the remaining jobs run in
this process. Workers die with the process that started them, even when it is killed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MAX_WORKERS = 4
# Workers read ahead of the caller (up to the window) at a lower priority: the caller, which stores
# and clusters, is the slower stage, and should not share the cores evenly with them.
WORKER_NICE = 3
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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
    size: Callable[[Any], int] = lambda item: 0,
    window_bytes: int | None = None,
) -> Iterator[Any]:
    """Yield the results of ``work(item)`` (run in worker processes) item by item, in order.

    ``local(item)`` runs an item in this process: the first one, while the workers start on those after
    it (the caller need not wait idle for a first result), and any that a broken pool could not finish.
    ``size(item)`` counts towards ``window_bytes``.
    """
    ctx = multiprocessing.get_context("fork")
    window = window or workers * 4
    pending: deque[tuple[Any, Future | None, int]] = deque()  # (None: run here)
    in_flight = 0
    pool = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs)
    )
    broken = False
    here = True  # the first item
    try:
        for item in items:
            if broken:
                yield from local(item)
                continue
            try:
                pending.append((item, None if here else pool.submit(work, item), size(item)))
                here = False
            except BrokenProcessPool:
                broken = True
                yield from _drain(pending, local)
                yield from local(item)
                continue
            in_flight += pending[-1][2]
            while len(pending) >= window or (window_bytes and in_flight >= window_bytes):
                in_flight -= pending[0][2]
                yield from _first(pending, local)
        yield from _drain(pending, local)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int, initializer: Callable[..., None], initargs: tuple) -> None:
    _die_with_parent(parent)
    try:
        os.nice(WORKER_NICE)
    except OSError:  # not allowed here: same priority as the caller
        pass
    initializer(*initargs)


def _die_with_parent(parent: int) -> None:
    """Have Linux send this worker SIGTERM when its parent dies, even by kill -9 (strictly: when the parent's
    thread that started the pool ends, which a pool's user outlives); exit now if the parent is already gone."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler inherited from the parent: just end
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: not Linux
        return
    if os.getppid() != parent:
        os._exit(1)


def _first(pending: deque, local: Callable) -> Iterator[Any]:
    item, future, _ = pending.popleft()
    if future is None:
        yield from local(item)
        return
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
