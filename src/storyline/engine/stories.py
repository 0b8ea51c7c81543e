"""Stories assembled from the store's rows: members, dates, sources and headlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from storyline.cluster.headlines import (
    CALENDAR,
    OPENING,
    as_names,
    headline,
    key_phrases,
    openings,
    spelled,
    untitled,
    with_names,
)
from storyline.model import Article, Story
from storyline.store import Store
from storyline.store.base import Member, originals
from storyline.text.casing import lowercased

Render = Callable[[Article], Article]


ORDERS = ("newest", "largest", "started")
# A story's headline and key phrases are read from at most this many of its articles, spread evenly
# over its dates: naming costs about a millisecond per article (nearest neighbours among the
# openings, names in every title and lead), so a story of thousands of reports would take seconds
# on every listing; the dev stories (up to 358 articles) are read whole.
NAMED_FROM = 500


def named(articles: list[Article]) -> list[Article]:
    """The articles, those that came lowercased (text.casing.lowercased, however short) with the
    story's names of two words or more (its key phrases) written as names where their shown
    sentences have them in lowercase, as the story's headline does (cluster.headlines.with_names)."""
    lowered = [a for a in articles if lowercased(a.text, words=1)]
    names = [n for n in key_phrases(articles) if " " in n] if lowered else []
    for article in lowered if names else ():
        for s in article.sentences:
            s.display = with_names(s.display, names)
    return articles


def shown(articles: list[Article]) -> list[Article]:
    """A story's articles as its views show them: without a title run into a lead
    (cluster.headlines.untitled), lowercased ones with the story's names (named)."""
    return named(untitled(articles))


def spread(items: list, n: int) -> list:
    """At most ``n`` of ``items``, evenly spaced (the first one included), in their order."""
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]


class Stories:
    def __init__(self, store: Store, render: Render):
        self.store = store
        self.render = render  # tokenized articles shown with the current casing lexicon

    def all(self, limit: int | None = None, order: str = "newest") -> list[Story]:
        """Stories in ``order`` ("newest" last report, "largest", "started": newest first report); with
        ``limit``, only those are built (a headline reads every member's opening)."""
        if limit is not None and limit < 0:
            raise ValueError(f"a limit of 0 (none) or more, not {limit}")
        ids = self.order(order)
        if limit:
            return self.some(ids[:limit])
        built = {s.id: s for s in self.build(self.store.story_members())}
        return [built[i] for i in ids if i in built]  # (a writer may commit between the two reads)

    def order(self, order: str = "newest") -> list[int]:
        """The ids of all(order=order), from each story's dates and size alone (no headlines built)."""
        if order not in ORDERS:
            raise ValueError(f"an order of {', '.join(ORDERS)}, not {order!r}")
        spans = self.store.story_spans()  # (id, first ISO date, last ISO date, distinct articles)
        if order == "largest":
            return [i for i, *_ in sorted(spans, key=lambda s: (-s[3], -s[0]))]
        at = 1 if order == "started" else 2
        return [i for i, *_ in sorted(spans, key=lambda s: (s[at] or "", s[0]), reverse=True)]

    def some(self, story_ids: list[int]) -> list[Story]:
        """The stories of these ids, in that order (a page of order(): headlines for those alone)."""
        return self.build([m for i in story_ids for m in self.store.story_members(i)])

    def get(self, story_id: int, members: list[Member] | None = None) -> Story | None:
        """The story, from its ``members`` (store.story_members) when the caller read them."""
        found = self.build(self.store.story_members(story_id) if members is None else members)
        return found[0] if found else None

    def articles(self, story_id: int, *, with_copies: bool = False) -> list[Article]:
        """A story's articles in date order, as shown (shown); near-duplicate copies left out unless asked for."""
        members = self.store.story_members(story_id)
        ids = [m[1] for m in members if with_copies or m[2] is None]
        return shown([self.render(a) for a in self.store.articles_by_id(ids)])

    def background(self, story_id: int, limit: int = 200) -> list[Article]:
        """Articles of other stories (copies left out), as stored: what facts compare against."""
        return self.store.articles_by_id(self.store.background_ids(story_id, limit))

    def build(self, members: list[Member]) -> list[Story]:
        phrases = dict(self.store.story_rows(sorted({m[0] for m in members})))
        stories: dict[int, Story] = {}
        original = originals(members)
        for story_id, aid, dup, published, source, title in members:
            story = stories.setdefault(story_id, Story(id=story_id, article_ids=[], key_phrases=phrases.get(story_id, [])))
            if dup:
                story.duplicates[aid] = original[aid]
            else:
                story.article_ids.append(aid)
            if source and source not in story.sources:
                story.sources.append(source)
            if published:
                day = dt.date.fromisoformat(published)
                story.first_date = min(story.first_date or day, day)
                story.last_date = max(story.last_date or day, day)
        found = list(stories.values())
        self._set_names(found)
        return found

    def _set_names(self, stories: list[Story]) -> None:
        """Each story's headline (cluster.headlines: its most central article's cleaned title or
        opening sentence, else its names) and key phrases (the names most of its titles and leads
        share, in display form, then the tracker's words that no name holds): from titles and
        opening sentences, in one query."""
        ids = {s.id: spread(s.article_ids or list(s.duplicates), NAMED_FROM) for s in stories}
        found = {a.id: a for a in self.store.articles_by_id([i for v in ids.values() for i in v], sentences=OPENING)}
        for story in stories:
            articles = [self.render(found[i]) for i in ids[story.id] if i in found]
            names = key_phrases(articles)
            # no sentence can name it (all furniture, bylines, timestamps): its names do, not one of those
            story.headline = with_names(headline(articles)[0], names) or " · ".join(names[:3]) or f"story {story.id}"
            texts = openings(articles)
            words = as_names(spelled(story.key_phrases, articles, texts), articles, texts)
            words = [w for w in words if not (w[:1].isupper() and w.lower() in CALENDAR)]  # "Saturday" names no story
            words = [w for w in words if not any(w.lower() in n.lower() for n in names)]
            story.key_phrases = (names + words)[:5]
