"""The Python API: an Engine ties the stages to one store.

    engine = storyline.open("news.db")
    result = engine.ingest(["reports/"])          # read, store, assign to stories
    story = engine.stories()[0]
    engine.summarize(story.id, words=100)         # cited summary

The CLI and the web use the same public methods. The parts: session.py (writes, saved tracker
and casing state), stories.py (stories built from the store's rows).
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from storyline.engine.session import BATCH, BATCH_CHARS, Progress, Session, same_entry
from storyline.engine.stories import Stories
from storyline.model import Article, Citation, IngestResult, Story, StoryNotFound, Summary, TimelineEntry
from storyline.store import Store, open_store
from storyline.store.base import Member, originals

__all__ = ["BATCH", "BATCH_CHARS", "Engine", "open"]


class Engine:
    def __init__(self, path: str | Path | None = None, *, readonly: bool = False, cluster: bool = True):
        self.store: Store = open_store(path, readonly=readonly)
        self._session = Session(self.store, cluster=cluster)
        self._stories = Stories(self.store, self._session.render)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- ingest -------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path] | str | Path,
        *,
        date: dt.date | None = None,
        source: str | None = None,
        progress: Progress | None = None,
    ) -> IngestResult:
        """Read files, directories or "-" (one, or a list) and store every article; bad inputs are reported, not fatal."""
        from storyline.ingest import read_paths

        session = self._session  # the parse workers prepare casing counts only for a store that learns casing
        items = read_paths(paths, date=date, source=source, lexicon=self.lexicon, casing=session.needs_casing,
                           casing_ahead=session.counts_ahead)  # fmt: skip
        return self.add_articles(items, progress=progress)

    def add_articles(self, items: Iterable[object], *, progress: Progress | None = None) -> IngestResult:
        """Store Articles (ReadErrors in the stream are counted as failures) in batched transactions."""
        return self._session.add_articles(items, progress=progress)

    def recluster(self) -> int:
        """Rebuild every story from the stored articles in date order; returns the story count."""
        return self._session.recluster()

    @property
    def cluster(self) -> bool:
        """Whether ingest assigns articles to stories."""
        return self._session.cluster

    @property
    def tracker(self):
        """The online story clusterer, restored from the store (None when clustering is off)."""
        return self._session.tracker

    @property
    def lexicon(self):
        """Casing lexicon: the built-in lists plus what the store's cased articles taught."""
        return self._session.lexicon

    # -- articles -----------------------------------------------------------------------
    def articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        return [self._session.render(a) for a in self.store.articles(limit=limit, offset=offset)]

    def iter_articles(self, offset: int = 0) -> Iterator[Article]:
        """articles() without a limit, read batch by batch (the store's articles when it starts)."""
        return map(self._session.render, self.store.iter_articles(offset=offset))

    def article(self, article_id: str) -> Article | None:
        """The article of this id, or of a unique prefix of it; None for none (or for an empty id)."""
        if not article_id:
            return None
        found = self.store.article(article_id)
        if found is None:
            matches = self.store.ids_with_prefix(article_id)
            if len(matches) == 1:  # a unique prefix is enough, as with git hashes
                found = self.store.article(matches[0])
        return self._session.render(found) if found else None

    def latest_article(self) -> Article | None:
        """The article ingested last."""
        latest = self.store.articles(order="newest", limit=1)
        return self._session.render(latest[0]) if latest else None

    def articles_by_id(self, ids: Sequence[str], *, render: bool = True) -> list[Article]:
        """Articles in the order of `ids` (unknown ones left out); `render=False`: display text as stored."""
        found = self.store.articles_by_id(ids)
        return [self._session.render(a) for a in found] if render else found

    def has_article(self, article_id: str) -> bool:
        return self.store.has_article(article_id)

    def count_articles(self) -> int:
        return self.store.count_articles()

    def generation(self) -> int:
        """Grows with every write to the store (a cache key)."""
        return self.store.generation()

    def search(self, query: str, limit: int = 20) -> list[tuple[Citation, str]]:
        return self.store.search(query, limit)

    # -- stories ------------------------------------------------------------------------
    def stories(self, limit: int | None = None, order: str = "newest") -> list[Story]:
        return self._stories.all(limit, order)

    def story_ids(self, order: str = "newest") -> list[int]:
        """The ids of stories(order=order), in that order, without building the stories (cheap)."""
        return self._stories.order(order)

    def stories_by_id(self, story_ids: list[int]) -> list[Story]:
        """Stories in the order of `story_ids` (a page of story_ids)."""
        return self._stories.some(story_ids)

    def story(self, story_id: int, members: list[Member] | None = None) -> Story | None:
        """The story, from its ``members`` (store.story_members(story_id)) when the caller read them."""
        return self._stories.get(story_id, members)

    def story_articles(self, story_id: int, *, with_copies: bool = False) -> list[Article]:
        """A story's articles in date order; near-duplicate copies left out unless asked for."""
        return self._stories.articles(story_id, with_copies=with_copies)

    def story_of(self, article_id: str) -> int | None:
        return self.store.story_of(article_id)

    # -- outputs: each raises StoryNotFound for an id no story has ---------------------------
    def summarize(
        self, story_id: int, words: int = 100, method: str = "ilp", articles: Sequence[Article] | None = None
    ) -> Summary:
        """The story's summary; `articles`: its articles (story_articles) when the caller has them already."""
        from storyline.summarize import summarize

        found = self._articles(story_id) if articles is None else articles
        return summarize(found, words=_budget(words), method=method)

    def update(
        self,
        story_id: int,
        *,
        since: dt.date | str | None = None,
        seen: Sequence[str] = (),
        words: int = 100,
    ) -> Summary:
        """What the story's newer articles add to the ones already seen (by id or before `since`;
        with neither, every article is new). A ValueError names a `seen` id no article or several have."""
        read, new = self.split_seen(story_id, since=since, seen=seen)
        return self.update_of(read, new, _budget(words))

    @staticmethod
    def update_of(
        read: Sequence[Article], new: Sequence[Article], words: int = 100, cache: dict | None = None
    ) -> Summary:
        """What the `new` articles add to the `read` ones; nothing_new when there is no new one
        (`cache`: the summarizer's, Summarizer.summarize)."""
        from storyline.summarize import summarize

        if not new:
            return Summary(sentences=[], article_ids=[], method="update", words=words, nothing_new=True)
        return summarize(new, words=words, seen=read, cache=cache)

    def split_seen(
        self, story_id: int, *, since: dt.date | str | None = None, seen: Sequence[str] = ()
    ) -> tuple[list[Article], list[Article]]:
        """(read, new): the story's articles already seen (by id or prefix, or published before
        `since`, a date or YYYY-MM-DD; a near-duplicate copy seen counts its original as seen) and
        the others, undated ones among the new. An earlier version of a revised entry (Session._assign)
        that was seen is read as it stood, and its revision stays new. A ValueError names a `seen` id
        that no article of the story has, or that several have."""
        if isinstance(since, str):
            since = dt.date.fromisoformat(since)
        articles = self._articles(story_id)
        members = self.store.story_members(story_id)
        original = originals(members)
        ids = [m[1] for m in members]
        seen_ids, copies = set(), set()
        for given in seen:
            found = matching_ids(given, ids)
            if len(found) != 1:
                raise ValueError(unmatched(given, found, f"story #{story_id}"))
            (copies if found[0] in original else seen_ids).add(found[0])
        if since is not None:
            seen_ids |= {a.id for a in articles if a.published and a.published < since}
        versions = self.versions_read(members, copies, since, seen_ids)
        seen_ids |= {original[c] for c in copies} - {original[v.id] for v in versions}
        read = [a for a in articles if a.id in seen_ids]
        return read + versions, [a for a in articles if a.id not in seen_ids]

    def versions_read(
        self, members: list[Member], copies: set[str], since: dt.date | None, read: set[str]
    ) -> list[Article]:
        """The earlier versions of revised entries (Session._assign) that were read: among the seen
        `copies` and the copies published before `since`, those whose original is a later version of
        their entry and not `read` itself."""
        original = originals(members)
        if since is not None:
            copies = copies | {m[1] for m in members if m[2] is not None and m[3] and m[3] < since.isoformat()}
        asked = sorted(c for c in copies if original[c] not in read)
        if not asked:
            return []
        found = {a.id: a for a in self.store.articles_by_id(asked + sorted({original[c] for c in asked}))}
        return [
            self._session.render(found[c])
            for c in asked
            if c in found and original[c] in found and same_entry(found[c], found[original[c]])
        ]

    def timeline(
        self, story_id: int, dates: int | None = None, per_date: int = 1, words: int | None = None
    ) -> list[TimelineEntry]:
        from storyline.timeline import timeline

        budget = None if words is None else _budget(words)
        return timeline(self._articles(story_id), dates=dates, per_date=per_date, words=budget)

    def facts(self, story_id: int, articles: Sequence[Article] | None = None):
        """The story's facts; `articles`: its articles (story_articles) when the caller has them already."""
        from storyline.facts import story_facts

        found = self._articles(story_id) if articles is None else articles
        return story_facts(found, background=self._stories.background(story_id))

    def _articles(self, story_id: int) -> list[Article]:
        if isinstance(story_id, bool) or not isinstance(story_id, numbers.Integral):
            raise TypeError(f"a story id is a whole number, not {story_id!r}")
        found = self.story_articles(int(story_id))
        if not found:
            raise StoryNotFound(story_id)
        return found


def open(path: str | Path | None = None, **options) -> Engine:  # noqa: A001 - mirrors sqlite3.connect
    """Open (or create) a story store and return an Engine over it."""
    return Engine(path, **options)


def _budget(words: int) -> int:
    """A word budget as given, if it is a whole number of at least one."""
    if isinstance(words, bool) or not isinstance(words, numbers.Integral) or words < 1:
        raise ValueError(f"a word budget is a whole number of at least 1, not {words!r}")
    return int(words)


def unmatched(given: str, found: list[str], where: str) -> str:
    """Why an article id names no article of ``where`` (``found``: the articles it is a prefix of)."""
    if not found:
        return f"no article {given!r} in {where}"
    more = ", ..." if len(found) > 3 else ""
    return f"ambiguous article id {given!r} in {where}: {', '.join(found[:3])}{more}"


def matching_ids(given: str, ids: Iterable[str]) -> list[str]:
    """The ids that ``given`` names: itself, else those it is a prefix of (a unique prefix is enough,
    as with git hashes); none for an empty one."""
    ids = list(ids)
    if given in ids:
        return [given]
    return sorted(i for i in ids if given and i.startswith(given))
