"""Story views for the API, the pages and the feeds (their JSON shapes: storyline.serialize).

Everything a story page needs is computed once per story version and cached: the version is the
story's members and headline, so an ingest or a recluster that changes a story shows at once, and
one that leaves it alone keeps its cached pages (its facts' background of other stories is then
refreshed with the story's next change). The story list is cached per store generation (it grows
with every write). Summary budgets are snapped to a few sizes (WORDS), so that any number of
distinct requested budgets makes few cache entries; a request gets the largest not above its budget.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import importlib
from dataclasses import dataclass
from typing import Any

from storyline.engine import Engine
from storyline.model import Article, Story
from storyline.serialize import facts_view, sources_view, story_dict, summary_view, timeline_view
from storyline.web import chart
from storyline.web.backend import Backend

WORDS = (10, 25, 50, 100, 150, 200, 250, 300, 400, 600, 1000)  # the summary budgets computed; others snap down
STORY_ID = (-(2**63), 2**63 - 1)  # SQLite's integer range: other ids name no story
MAX_ARTICLE_ID = 1000  # longer ids name no article


def snap_words(words: int) -> int:
    """The largest budget in WORDS not above ``words`` (a summary stays within the budget asked for;
    the API takes no budget below the smallest)."""
    return WORDS[max(bisect.bisect_right(WORDS, words) - 1, 0)]


def find_article(engine: Engine, article_id: str) -> Article | None:
    """The article with this id (or unique id prefix); None for ids no article can have."""
    if not article_id or len(article_id) > MAX_ARTICLE_ID:
        return None
    return engine.article(article_id)


@dataclass(slots=True)
class StoryData:
    """What the story page, its API and its feed show, computed once per story version."""

    story: Story
    articles: list[Article]  # every member, copies included, date order
    distinct: list[Article]  # near-duplicate copies left out (what summaries read)
    by_id: dict[str, Article]
    summary: dict[str, Any]
    timeline: list[dict[str, Any]]
    facts: dict[str, Any]
    sources: list[dict[str, Any]]
    chart: chart.Chart
    # the summarizer's prepared sentences (summarize's cache), shared by every budget, update and feed entry
    units: dict = dataclasses.field(default_factory=dict)
    saved: dict[str, Any] | None = None  # the outputs `storyline batch summarize` stored, while current


def preload() -> None:
    """Import the stages now, so that the first story page does not wait for numpy, scipy and the rest."""
    for name in ("storyline.summarize", "storyline.timeline", "storyline.facts"):
        importlib.import_module(name)


def stories(backend: Backend, order: str, limit: int | None = None) -> list[Story]:
    """The first `limit` stories (all with None) in `order` (Engine.stories), built once per store
    generation; the list is the caller's."""
    engine = backend.reader()
    key = ("stories", order, limit, engine.generation())
    return list(backend.cache.get(key, lambda: engine.stories(limit=limit, order=order)))


def stories_page(backend: Backend, order: str, offset: int, limit: int) -> tuple[int, list[Story]]:
    """The number of stories and the stories(order)[offset : offset + limit] (the caller's list), with
    headlines built for those alone: the order is one query per store generation, so that a big
    store's home page does not wait for every story's headline after each ingest."""
    engine = backend.reader()
    generation = engine.generation()
    ids = backend.cache.get(("story ids", order, generation), lambda: engine.story_ids(order))
    shown = ids[offset : offset + limit]
    key = ("stories page", order, generation, tuple(shown))
    return len(ids), list(backend.cache.get(key, lambda: [s for i in shown if (s := story_row(backend, i)) is not None]))


def story_row(backend: Backend, story_id: int) -> Story | None:
    """The story, built again only when its members or names change: its headline reads every
    member's lead, and an ingest into other stories leaves it (and the views keyed by it) cached."""
    engine = backend.reader()
    members = engine.store.story_members(story_id)
    stamp = hashlib.blake2b(repr((members, engine.store.story_rows([story_id]))).encode(), digest_size=16).hexdigest()
    return backend.cache.get(("story row", story_id, stamp), lambda: engine.story(story_id, members))


def version(engine: Engine, story: Story) -> tuple[int, str]:
    """What a story's cached views depend on: it changes when the story's articles or headline do."""
    copies = (f"{copy} {first}" for copy, first in sorted(story.duplicates.items()))
    parts = [story.headline, *story.key_phrases, "", *story.article_ids, "", *copies]
    return story.id, hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def story_data(backend: Backend, story_id: int, words: int = 100) -> StoryData | None:
    """The story's views with a summary of about `words` words (snapped to WORDS); None: no such story."""
    if not STORY_ID[0] <= story_id <= STORY_ID[1]:
        return None
    engine = backend.reader()
    story = story_row(backend, story_id)
    if story is None:
        return None
    key = version(engine, story)
    base = backend.cache.get(("story", key), lambda: _compute(engine, story))
    words = snap_words(words)
    summary = backend.cache.get(("summary", words, key), lambda: _summary(base, words))
    return dataclasses.replace(base, summary=summary)


def _summary(data: StoryData, words: int) -> dict[str, Any]:
    if data.saved is not None and data.saved.get("words") == words:
        return data.saved["summary"]
    from storyline.summarize import summarize

    return summary_view(summarize(data.distinct, words=words, cache=data.units), data.by_id)


def _compute(engine: Engine, story: Story) -> StoryData:
    """Everything but the summary, which depends on the budget asked for. The timeline and facts
    (and the summary of the budget they were made for) that a batch job stored for the story's
    current articles are taken as they are."""
    from storyline.batch.outputs import stored_outputs

    articles = engine.story_articles(story.id, with_copies=True)
    distinct = [a for a in articles if a.id not in story.duplicates]
    by_id = {a.id: a for a in articles}
    saved = stored_outputs(engine.store, story.id)
    if saved is None:
        from storyline.timeline import timeline

        timeline_shown = timeline_view(timeline(distinct, dates=None, per_date=1), by_id)
        facts = facts_view(engine.facts(story.id, articles=distinct))
    else:
        timeline_shown, facts = saved["timeline"], saved["facts"]
    return StoryData(
        story=story,
        articles=articles,
        distinct=distinct,
        by_id=by_id,
        summary={},
        timeline=timeline_shown,
        facts=facts,
        sources=sources_view(articles, story),
        chart=chart.count(articles),
        saved=saved,
    )


def brief_summary(backend: Backend, story: Story, words: int = 60) -> dict[str, Any]:
    """A short cited summary alone (no timeline or facts), for the feed of new stories."""
    from storyline.summarize import summarize

    engine = backend.reader()

    def compute() -> dict[str, Any]:
        articles = engine.story_articles(story.id)
        return summary_view(summarize(articles, words=words), {a.id: a for a in articles})

    return backend.cache.get(("brief", words, version(engine, story)), compute)


def update(backend: Backend, data: StoryData, since: dt.date, words: int = 100) -> dict[str, Any]:
    """What the story's articles from `since` on add to the earlier ones."""
    engine = backend.reader()
    words = snap_words(words)
    # every date between two publication days picks the same articles: one computation for them all
    start = min((a.published for a in data.distinct if a.published and a.published >= since), default=None)

    def compute() -> dict[str, Any]:
        first = start or since  # as Engine.update, on the articles already loaded
        read = [a for a in data.distinct if a.published and a.published < first]
        new = [a for a in data.distinct if not (a.published and a.published < first)]
        read += engine.versions_read(engine.store.story_members(data.story.id), set(), first, {a.id for a in read})
        summary = Engine.update_of(read, new, words, cache=data.units)
        view = summary_view(summary, data.by_id)
        view["new_articles"] = sum(1 for a in data.distinct if not a.published or (start and a.published >= start))
        return view

    view = backend.cache.get(("update", start, words, version(engine, data.story)), compute)
    return {**view, "since": since.isoformat()}


def story_json(data: StoryData, update_view: dict[str, Any] | None = None) -> dict[str, Any]:
    out = story_dict(data.story)
    out.update(
        summary=data.summary,
        timeline=data.timeline,
        facts=data.facts,
        sources=data.sources,
        articles_per_day=data.chart.to_dict(),
    )
    if update_view is not None:
        out["update"] = update_view
    return out
