"""JSON-ready views of stories, summaries and articles, shared by the API, the pages and the feeds.

Everything a story page needs is computed once per story version and cached: the version is the
story's members and headline, so an ingest or a recluster that changes a story shows at once, and
one that leaves it alone keeps its cached pages (its facts' background of other stories is then
refreshed with the story's next change). The story list is cached per store generation (it grows
with every write). Summary budgets are snapped to a few sizes (WORDS), so that any number of
distinct requested budgets makes few cache entries.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import importlib
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from storyline.cli.stories import story_dict
from storyline.engine import Engine
from storyline.model import Article, Story, Summary, TimelineEntry
from storyline.web import chart
from storyline.web.backend import Backend

CONTEXT = 1  # neighbouring sentences shown on each side of a cited sentence
FACT_GROUPS = 8  # quantity groups shown per status
ENTITIES = 15
WORDS = (25, 50, 100, 150, 200, 300, 400, 600, 1000)  # the summary budgets computed; others snap to the nearest
STORY_ID = (-(2**63), 2**63 - 1)  # SQLite's integer range: other ids name no story
MAX_ARTICLE_ID = 1000  # longer ids name no article


def snap_words(words: int) -> int:
    """The nearest budget in WORDS (the smaller one on a tie)."""
    i = bisect.bisect_left(WORDS, words)
    if i == 0:
        return WORDS[0]
    if i == len(WORDS):
        return WORDS[-1]
    return WORDS[i] if WORDS[i] - words < words - WORDS[i - 1] else WORDS[i - 1]


def article_href(article_id: str, index: int | None = None) -> str:
    href = f"/articles/{quote(article_id, safe='')}"
    return href if index is None else f"{href}#s{index}"


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def article_brief(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "headline": article.headline,
        "source": article.source,
        "place": article.place,
        "published": iso(article.published),
        "url": article.url,
        "href": article_href(article.id),
    }


def find_article(engine: Engine, article_id: str) -> Article | None:
    """The article with this id (or unique id prefix); None for ids no article can have."""
    if not article_id or len(article_id) > MAX_ARTICLE_ID:
        return None
    return engine.article(article_id)


def sentence_context(article: Article, index: int) -> dict[str, Any]:
    """The cited sentence with its neighbours, as shown in a citation panel."""
    texts = [s.display or s.text for s in article.sentences]
    if not 0 <= index < len(texts):
        return {"before": [], "sentence": "", "after": []}
    return {
        "before": texts[max(0, index - CONTEXT) : index],
        "sentence": texts[index],
        "after": texts[index + 1 : index + 1 + CONTEXT],
    }


def summary_view(summary: Summary, by_id: dict[str, Article]) -> dict[str, Any]:
    """A summary whose sentences carry citation numbers [n] (one per cited article) and context."""
    numbers = {aid: n for n, aid in enumerate(summary.article_ids, 1)}
    sentences = []
    for s in summary.sentences:
        article = by_id.get(s.article_id)
        sentences.append(
            {
                "n": numbers.get(s.article_id),
                "text": s.text,
                "article_id": s.article_id,
                "sentence_index": s.sentence_index,
                "date": iso(s.date),
                "href": article_href(s.article_id, s.sentence_index),
                "context": sentence_context(article, s.sentence_index) if article else None,
            }
        )
    citations = [
        {"n": numbers[aid], **article_brief(by_id[aid])} for aid in summary.article_ids if aid in by_id
    ]
    return {
        "method": summary.method,
        "words": summary.words,
        "word_count": summary.word_count,
        "nothing_new": summary.nothing_new,
        "sentences": sentences,
        "citations": citations,
    }


def timeline_view(entries: list[TimelineEntry], by_id: dict[str, Article]) -> list[dict[str, Any]]:
    out = []
    for entry in entries:
        items = []
        for s in entry.sentences:
            article = by_id.get(s.article_id)
            items.append(
                {
                    "text": s.text,
                    "article_id": s.article_id,
                    "sentence_index": s.sentence_index,
                    "source": article.source if article else None,
                    "published": iso(article.published) if article else None,
                    "href": article_href(s.article_id, s.sentence_index),
                }
            )
        out.append({"date": entry.date.isoformat(), "granularity": entry.granularity, "sentences": items})
    return out


def sources_view(articles: list[Article], story: Story) -> list[dict[str, Any]]:
    """Each source with its articles (copies marked), most articles first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        item = article_brief(a)
        item["copy_of"] = story.duplicates.get(a.id)
        groups.setdefault(a.source or "", []).append(item)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return [{"source": name or None, "count": len(items), "articles": items} for name, items in ordered]


@dataclass(slots=True)
class StoryData:
    """What the story page, its API and its feed show, computed once per story version."""

    story: Story
    articles: list[Article]  # every member, copies included, date order
    distinct: list[Article]  # near-duplicate copies left out (what summaries read)
    by_id: dict[str, Article]
    summary: dict[str, Any]
    timeline: list[dict[str, Any]] | None  # None: the timeline stage is not installed
    facts: dict[str, Any] | None  # None: the facts stage is not installed
    sources: list[dict[str, Any]]
    chart: chart.Chart


def preload() -> None:
    """Import the stages now, so that the first story page does not wait for numpy, scipy and the rest."""
    for name in ("storyline.summarize", "storyline.timeline", "storyline.facts"):
        with suppress(ImportError):
            importlib.import_module(name)


def stories(backend: Backend, order: str) -> list[Story]:
    """Every story in `order` (Engine.stories), built once per store generation; the list is the caller's."""
    engine = backend.reader()
    key = ("stories", order, engine.store.generation())
    return list(backend.cache.get(key, lambda: engine.stories(order=order)))


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
    story = engine.story(story_id)
    if story is None:
        return None
    key = version(engine, story)
    base = backend.cache.get(("story", key), lambda: _compute(engine, story))
    words = snap_words(words)
    summary = backend.cache.get(("summary", words, key), lambda: _summary(base, words))
    return dataclasses.replace(base, summary=summary)


def _summary(data: StoryData, words: int) -> dict[str, Any]:
    from storyline.summarize import summarize

    return summary_view(summarize(data.distinct, words=words), data.by_id)


def _compute(engine: Engine, story: Story) -> StoryData:
    """Everything but the summary, which depends on the budget asked for."""
    articles = engine.story_articles(story.id, with_copies=True)
    distinct = [a for a in articles if a.id not in story.duplicates]
    by_id = {a.id: a for a in articles}
    return StoryData(
        story=story,
        articles=articles,
        distinct=distinct,
        by_id=by_id,
        summary={},
        timeline=_timeline(distinct, by_id),
        facts=_facts(engine, story.id),
        sources=sources_view(articles, story),
        chart=chart.count(articles),
    )


def _timeline(articles: list[Article], by_id: dict[str, Article]) -> list[dict[str, Any]] | None:
    try:
        from storyline.timeline import timeline
    except ImportError:
        return None
    return timeline_view(timeline(articles, dates=None, per_date=1), by_id)


def _facts(engine: Engine, story_id: int) -> dict[str, Any] | None:
    try:
        facts = engine.facts(story_id)
    except ImportError:
        return None
    return facts_view(facts)


def facts_view(facts: Any) -> dict[str, Any]:
    """Quantities grouped by what they count (conflicting first), and the key entities, each cited."""

    def group(g: Any) -> dict[str, Any]:
        return {
            "label": g.label,
            "status": g.status,
            "statements": [
                {
                    "text": q.text,
                    "source": q.source,
                    "article_id": q.citation.article_id,
                    "sentence_index": q.citation.sentence_index,
                    "href": article_href(q.citation.article_id, q.citation.sentence_index),
                }
                for q in g.quantities
            ],
        }

    return {
        "conflicting": [group(g) for g in facts.conflicting][:FACT_GROUPS],
        "agreed": [group(g) for g in facts.agreed][:FACT_GROUPS],
        "single_source": [group(g) for g in facts.single_source][:FACT_GROUPS],
        "entities": [
            {
                "name": e.display,
                "aliases": e.aliases,
                "mentions": e.mentions,
                "sources": e.sources,
                "href": article_href(e.first.article_id, e.first.sentence_index) if e.first else None,
            }
            for e in facts.entities[:ENTITIES]
        ],
    }


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
        summary = engine.update(data.story.id, since=start or since, words=words)
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

