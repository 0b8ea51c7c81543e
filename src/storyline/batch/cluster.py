"""The Dask side: a client (a LocalCluster by default), an ordered map over it, and the stage clock.

Tasks go to the workers in input order (earlier tasks first) and their results come back in that
order, with at most ``window`` tasks in flight, so memory stays flat on any input. A task that raises
is retried by Dask (``retries``); one that still fails runs here instead. A worker that dies (even by
kill -9) has its tasks run again elsewhere by the scheduler, and the LocalCluster's nanny restarts it.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

RETRIES = 2  # Dask reruns of a task that raised, before it runs in the client instead
WINDOW = 4  # tasks in flight per worker
INSTALL = "dask.distributed is not installed: pip install storyline[scale]"


class MissingDask(ImportError):
    """dask.distributed is not installed (it comes with the scale extra)."""


@dataclass
class Stages:
    """Seconds spent in each stage of a batch job (workers: summed over the workers' tasks)."""

    client_read: float = 0.0  # the client listing inputs and reading their bytes
    workers: float = 0.0  # CPU seconds of the tasks on the workers (decoding, splitting, analysis)
    wait: float = 0.0  # the client waiting for the workers' results
    assign: float = 0.0  # the sequential story tracker
    write: float = 0.0  # store transactions (articles, sentences, index, saved tracker state)
    wall: float = 0.0
    assign_cpu: float = 0.0  # CPU seconds of assign and write (the client's main thread): on a busy machine
    write_cpu: float = 0.0  # these say what the stages cost better than their wall time
    client_cpu: float = 0.0  # CPU seconds of the whole client process (its Dask threads included)
    tasks: int = 0
    local: int = 0  # tasks that failed on the workers after their retries and ran in the client

    @contextlib.contextmanager
    def clock(self, stage: str) -> Iterator[None]:
        """Add the block's wall and CPU seconds to ``stage`` (assign or write), less those of the
        stages timed inside it."""
        wall, cpu = time.perf_counter(), time.thread_time()
        inner_wall, inner_cpu = self._inner()
        try:
            yield
        finally:
            nested_wall, nested_cpu = self._inner()
            wall = time.perf_counter() - wall - (nested_wall - inner_wall)
            cpu = time.thread_time() - cpu - (nested_cpu - inner_cpu)
            setattr(self, stage, getattr(self, stage) + wall)
            setattr(self, f"{stage}_cpu", getattr(self, f"{stage}_cpu") + cpu)

    def _inner(self) -> tuple[float, float]:
        return self.assign + self.write + self.wait + self.client_read, self.assign_cpu + self.write_cpu

    @contextlib.contextmanager
    def job(self) -> Iterator[None]:
        """The wall and client CPU seconds of the whole job."""
        wall, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        try:
            yield
        finally:
            end = resource.getrusage(resource.RUSAGE_SELF)
            self.wall += time.perf_counter() - wall
            self.client_cpu += end.ru_utime + end.ru_stime - usage.ru_utime - usage.ru_stime

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def distributed():
    """The dask.distributed module, or MissingDask with the line to install it."""
    try:
        import distributed as dd
    except ImportError:
        raise MissingDask(INSTALL) from None
    return dd


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A Client of the scheduler at ``scheduler`` (tcp://HOST:8786), or of a LocalCluster of
    ``workers`` processes with one thread each, closed at the end."""
    dd = distributed()
    if scheduler:
        with dd.Client(scheduler, timeout="30s") as client:
            yield client
        return
    import dask

    with (
        # its scheduler's and workers' HTTP routes: the health check alone (no TLS there: the info
        # and JSON pages would show any local user the workers, their logs and the tasks)
        dask.config.set({"distributed.scheduler.http.routes": ["distributed.http.health"],
                         "distributed.worker.http.routes": ["distributed.http.health"]}),
        dd.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its HTTP routes on a free port, no dashboard
            silence_logs=logging.ERROR,
            memory_limit=0,  # no pausing or spilling: the tasks are small and short
            # TLS with throw-away certificates: another local user could otherwise connect to the
            # scheduler's port and run code as this one (Client.run_on_scheduler)
            security=True,
        ) as cluster,
        dd.Client(cluster) as client,
    ):
        yield client


def worker_count(client) -> int:
    return max(len(client.scheduler_info().get("workers", {})), 1)


def ordered(
    client,
    work: Callable[..., tuple[Any, float]],
    items: Iterable[Any],
    *args: Any,
    stages: Stages,
    retries: int = RETRIES,
    window: int | None = None,
) -> Iterator[tuple[Any, Any]]:
    """(item, result) for ``work(item, *args)`` run on the workers, in the order of ``items``.

    ``work`` returns (result, CPU seconds); ``args`` may hold futures (scattered data)."""
    window = window or WINDOW * worker_count(client)
    pending: deque[tuple[Any, Any]] = deque()
    items = iter(items)
    n = 0
    try:
        while True:
            start = time.perf_counter()
            item = next(items, _END)
            stages.client_read += time.perf_counter() - start
            if item is _END:
                break
            # earlier tasks first: the results are taken in order
            future = client.submit(work, item, *args, retries=retries, pure=False, priority=-n)
            pending.append((item, future))
            n += 1
            stages.tasks += 1
            if len(pending) >= window:
                yield _take(pending, work, args, stages)
        while pending:
            yield _take(pending, work, args, stages)
    finally:
        if pending:
            client.cancel([f for _, f in pending])


_END = object()


def _take(pending: deque, work: Callable, args: tuple, stages: Stages) -> tuple[Any, Any]:
    item, future = pending.popleft()
    start = time.perf_counter()
    try:
        result, cpu = future.result()
    except Exception:  # noqa: BLE001 - failed after its retries (or every worker is gone): run it here
        local_args = [a.result() if isinstance(a, distributed().Future) else a for a in args]
        stages.local += 1
        result, cpu = work(item, *local_args)
    stages.wait += time.perf_counter() - start
    stages.workers += cpu
    future.release()
    return item, result
