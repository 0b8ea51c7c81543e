"""Batch summarize: every story's summary, timeline and facts computed on the workers and stored.

The store has no table for them, so each story's outputs are one state entry (Store.set_state), key
``outputs/<story id>``: JSON with the story's ``version`` (a hash of its article ids and copies: what
the outputs are computed from), the store ``generation`` the worker read, the summary's ``words``, and
the ``summary``, ``timeline`` and ``facts`` in the JSON shapes of the web API (serialize). A story whose
stored version is its current one is skipped, so a killed job is resumed by running it again;
``stored_outputs`` gives a story's entry while it is current. Entries are written in batches of
WRITE_BATCH stories, one transaction each.

Each task opens the store read-only at its URL (so the workers must reach the same store: the same
SQLite file on a LocalCluster, or a PostgreSQL server).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from storyline.batch.cluster import Stages, ordered
from storyline.store import Store
from storyline.store.base import Member

KEY = "outputs/{}"
WORDS = 100
TASK_ARTICLES = 40  # articles per task (at least one story): small, so that big stories spread
WRITE_BATCH = 200  # stories per transaction
BACKGROUND = 200  # other stories' articles the facts compare against (as Engine.facts)

Progress = Callable[[int, int], None]


def version(members: list[Member]) -> str:
    """What a story's outputs depend on: its articles and which of them are copies of which."""
    parts = sorted(f"{aid} {dup or ''}" for _, aid, dup, *_ in members)
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def stored_outputs(store: Store, story_id: int) -> dict[str, Any] | None:
    """The story's stored outputs while they are current (None when missing or stale)."""
    saved = store.get_state(KEY.format(story_id))
    if not saved:
        return None
    found = json.loads(saved)
    members = store.story_members(story_id)
    return found if members and found.get("version") == version(members) else None


def summarize(
    store: Store,
    url: str,
    client,
    *,
    words: int = WORDS,
    force: bool = False,
    stages: Stages | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> tuple[int, int]:
    """Compute and store the outputs of every story whose stored ones are missing or stale (all with
    ``force``); returns (stories computed, stories already current)."""
    stages = stages if stages is not None else Stages()
    with stages.job():
        return _summarize(store, url, client, words, force, stages, progress, options)


def _summarize(store, url, client, words, force, stages, progress, options) -> tuple[int, int]:
    stories: dict[int, list[Member]] = {}
    order: dict[str, int] = {}
    for n, m in enumerate(store.story_members()):  # in date order
        stories.setdefault(m[0], []).append(m)
        order[m[1]] = n
    todo = []
    for story_id, members in stories.items():
        saved = None if force else store.get_state(KEY.format(story_id))
        found = json.loads(saved) if saved else {}
        if (found.get("version"), found.get("words")) != (version(members), words):
            todo.append(story_id)
    done = 0
    # the first articles in date order (copies left out): each story's facts compare it with the others'
    background = [m[1] for members in stories.values() for m in members if m[2] is None]
    background = sorted(background, key=order.__getitem__)[: BACKGROUND + max(map(len, stories.values()), default=0)]
    tasks = _tasks(todo, stories)
    results = ordered(client, _outputs, tasks, url, words, background, stages=stages, **options)
    try:
        batch: list[dict[str, Any]] = []
        for task, found in results:
            batch.extend(found)
            if progress:
                progress(len(task), sum(map(len, task)))
            if len(batch) >= WRITE_BATCH:
                done += _write(store, batch, stages)
                batch = []
        done += _write(store, batch, stages)
    finally:
        results.close()
    return done, len(stories) - len(todo)


def _tasks(todo: list[int], stories: dict[int, list[Member]]) -> Iterator[list[list[Member]]]:
    """Stories (as their members) in tasks of about TASK_ARTICLES articles."""
    task: list[list[Member]] = []
    size = 0
    for story_id in todo:
        task.append(stories[story_id])
        size += len(stories[story_id])
        if size >= TASK_ARTICLES:
            yield task
            task, size = [], 0
    if task:
        yield task


def _write(store: Store, outputs: list[dict[str, Any]], stages: Stages) -> int:
    if not outputs:
        return 0
    with stages.clock("write"), store.transaction():
        for found in outputs:
            store.set_state(KEY.format(found["story"]), json.dumps(found, ensure_ascii=False))
    return len(outputs)


# -- on the workers ---------------------------------------------------------------------
_ENGINES: dict[str, Any] = {}


def _outputs(
    stories: list[list[Member]], url: str, words: int, background: list[str]
) -> tuple[list[dict[str, Any]], float]:
    """The outputs of some stories, from their members as the client listed them (articles never change,
    so the outputs are those of the stored version)."""
    from storyline.engine import Engine
    from storyline.engine.stories import shown
    from storyline.facts import story_facts
    from storyline.serialize import facts_view, summary_view, timeline_view, to_jsonable
    from storyline.summarize import summarize as summarize_articles
    from storyline.timeline import timeline

    start = time.process_time()
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = Engine(url, readonly=True)
    generation = engine.generation()
    out = []
    for members in stories:
        ids = [m[1] for m in members]
        distinct = [m[1] for m in members if m[2] is None]
        with_copies = engine.articles_by_id(ids)  # in date order, as Engine.story_articles
        by_id = {a.id: a for a in with_copies}
        articles = shown([by_id[i] for i in distinct if i in by_id])  # as Engine.story_articles shows them
        others = engine.articles_by_id([i for i in background if i not in by_id][:BACKGROUND], render=False)
        out.append(
            {
                "story": members[0][0],
                "version": version(members),
                "generation": generation,
                "words": words,
                "summary": summary_view(summarize_articles(articles, words=words), by_id),
                "timeline": timeline_view(timeline(articles, dates=None, per_date=1), by_id),
                "facts": to_jsonable(facts_view(story_facts(articles, background=others))),
            }
        )
    return out, time.process_time() - start
