"""Batch ingest and recluster: reading and analysis on the workers, the story tracker here, in order.

Ingest: the inputs are cut into the jobs `storyline ingest` reads (ingest.read.jobs: a whole file, or
a run of JSON Lines records), grouped into tasks of about GROUP_BYTES, and each task runs
ingest.read.run_job on a worker (decoding, sentence splitting, dateline and date, content id: the
same functions, so the same articles; and the casing counts of cased articles, as the parse workers
of `storyline ingest` prepare them). The results come back in input order and go through the
engine's Session.add_articles, as `storyline ingest` feeds it: duplicates dropped by the same rules,
the tracker given the new articles in input order, one transaction per batch of engine.BATCH articles,
the tracker's state saved every engine.session.SAVE_EVERY articles and at the end. Re-ingest adds
nothing (ids are content-derived), so a job that was killed is resumed by running it again.

The client reads the bytes of plain files itself and ships them, so workers on other machines need
no shared file system (JSON Lines records are shipped line by line, as they are read).

Recluster: the stored articles are read on the workers, page by page in date order, and the tracker
rebuilds every story from them in one transaction, as Engine.recluster does.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from storyline.batch.cluster import Stages, ordered
from storyline.engine import BATCH
from storyline.engine.session import Session
from storyline.ingest.errors import ReadError
from storyline.ingest.read import MAX_BYTES, Job, jobs, read_file, run_job
from storyline.model import Article, IngestResult
from storyline.store import Store
from storyline.text.casing import informative, learning_text, offer, prepare, sampled

GROUP_BYTES = 1_000_000  # input bytes per task (at least one job)

# progress(articles, input bytes) after each task's results are taken
Progress = Callable[[int, int], None]


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    client,
    *,
    date: dt.date | None = None,
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
    group_bytes: int = GROUP_BYTES,
    batch: int | None = None,
    stages: Stages | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> IngestResult:
    """Read ``paths`` on the Dask workers of ``client`` and store the articles (see the module docstring);
    tasks of about ``group_bytes`` of input; ``batch``: inputs per transaction when fewer than the
    engine's BATCH articles (the stories do not depend on it); ``options``: of cluster.ordered (retries,
    window)."""
    stages = stages if stages is not None else Stages()
    with stages.job():
        return _ingest(store, paths, client, date, source, max_bytes, group_bytes, batch, stages, progress, options)


def _ingest(
    store, paths, client, date, source, max_bytes, group_bytes, batch, stages, progress, options
) -> IngestResult:
    session = _TimedSession(store, stages)
    # display form of tokenized text; a key of this job's own (not the content's hash: an equal lexicon
    # scattered by an earlier job on the same client may be being released)
    lexicon = client.scatter(session.lexicon, broadcast=True, hash=False)
    read_options = {"max_bytes": max_bytes, "date": date, "source": source}
    tasks = _groups((_shipped(job, max_bytes) for job in jobs(paths, max_bytes=max_bytes)), group_bytes)
    casing = (session.needs_casing, session.counts_ahead)  # counts are prepared only for a store that learns casing
    results = ordered(client, _read, tasks, lexicon, read_options, casing, stages=stages, **options)

    def items() -> Iterator[Article | ReadError]:
        for task, (found, prepared) in results:
            if progress:
                progress(sum(isinstance(x, Article) for x in found), sum(_size(j) for j in task))
            for item, counts in zip(found, prepared):
                if counts is not None:
                    offer(learning_text(item.text), counts)
                yield item

    try:
        if not batch:
            return session.add_articles(items())
        result = IngestResult()
        stream = items()
        while chunk := list(islice(stream, batch)):
            part = session.add_articles(chunk)
            for name in ("added", "duplicates", "failed", "warnings"):
                getattr(result, name).extend(getattr(part, name))
        return result
    finally:
        results.close()


def recluster(
    store: Store,
    url: str,
    client,
    *,
    page: int = BATCH,
    stages: Stages | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> int:
    """Rebuild every story from the stored articles (date order) read on the workers from the store
    at ``url``; returns the story count. One transaction, as Engine.recluster: a job killed midway
    leaves the stories as they were."""
    stages = stages if stages is not None else Stages()
    with stages.job(), store.transaction():  # the write lock first: no other writer moves the pages under the workers
        seqs = store.article_seqs("date")  # read once: pages by key, not by OFFSET (which walks every earlier row)
        pages = (seqs[start : start + page] for start in range(0, len(seqs), page))
        results = ordered(client, _page, pages, url, stages=stages, **options)

        def articles() -> Iterator[Article]:
            for _, found in results:
                if progress:
                    progress(len(found), 0)
                yield from found

        try:
            return _TimedSession(_FedStore(store, articles()), stages).recluster()
        finally:
            results.close()


# -- on the workers ---------------------------------------------------------------------
def _read(
    task: list[Job | ReadError], lexicon: Any, options: dict, casing: tuple[bool, bool] = (True, True)
) -> tuple[tuple[list, list], float]:
    """The task's articles (and ReadErrors), with the casing counts prepared here (text.casing.prepare:
    the lexicon in the client then only adds them up) of the cased articles a store that learns
    casing samples, or of every one (``casing``: whether it learns, whether from every one)."""
    start = time.process_time()
    found = [item for job in task for item in run_job(job, lexicon=lexicon, **options)]
    learns, every = casing
    wanted = [learns and isinstance(a, Article) and not a.tokenized and (every or sampled(a.id)) for a in found]
    texts = [learning_text(a.text) if w else "" for a, w in zip(found, wanted)]
    prepared = [prepare(t) if t and informative(t) else None for t in texts]
    return (found, prepared), time.process_time() - start


_STORES: dict[str, Store] = {}


def _page(seqs: list[int], url: str) -> tuple[list[Article], float]:
    from storyline.store import open_store

    start = time.process_time()
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = open_store(url, readonly=True)
    found = store.articles_by_seq(seqs)
    return found, time.process_time() - start


# -- in the client ------------------------------------------------------------------------
def _shipped(job: Job | ReadError, max_bytes: int) -> list[Job | ReadError]:
    """A file's job with its bytes read here; a file that cannot be read: the ReadError that `storyline
    ingest` gives (read_file finds the reason without parsing anything)."""
    if not isinstance(job, Job) or job.data is not None or job.lines is not None:
        return [job]
    try:
        info = os.stat(job.name)
        if stat.S_ISREG(info.st_mode) and info.st_size <= max_bytes:
            with open(job.name, "rb") as f:
                data = f.read(max_bytes + 1)
            return [Job(job.name, size=len(data), data=data)]
    except OSError:
        pass
    return list(read_file(job.name, max_bytes=max_bytes))


def _groups(shipped: Iterable[list[Job | ReadError]], size: int) -> Iterator[list[Job | ReadError]]:
    """Consecutive jobs in tasks of about ``size`` input bytes."""
    task: list[Job | ReadError] = []
    total = 0
    for job in chain.from_iterable(shipped):
        task.append(job)
        total += _size(job)
        if total >= size:
            yield task
            task, total = [], 0
    if task:
        yield task


def _size(job: Job | ReadError) -> int:
    return job.size if isinstance(job, Job) else 0


class _TimedSession(Session):
    """The engine's Session, with the time of its transactions and of the tracker counted in ``stages``."""

    def __init__(self, store: Store, stages: Stages):
        super().__init__(store)
        self.stages = stages

    def _commit(self, batch: list[Article], result: IngestResult, **options: Any) -> None:
        with self.stages.clock("write"):
            super()._commit(batch, result, **options)

    def recluster(self) -> int:
        with self.stages.clock("assign"):  # the tracker and the writes, less the waits for the workers' pages
            return super().recluster()

    @property
    def tracker(self):
        tracker = Session.tracker.fget(self)
        return None if tracker is None else _TimedTracker(tracker, self.stages)


class _TimedTracker:
    def __init__(self, tracker, stages: Stages):
        self._tracker, self._stages = tracker, stages

    def add_many(self, articles: Sequence[Article]):
        with self._stages.clock("assign"):
            return self._tracker.add_many(articles)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tracker, name)


class _FedStore:
    """The store, whose iter_articles gives the articles the workers read (Session.recluster's source)."""

    def __init__(self, store: Store, articles: Iterator[Article]):
        self._store, self._articles = store, articles

    def iter_articles(self, **_: Any) -> Iterator[Article]:
        return self._articles

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
