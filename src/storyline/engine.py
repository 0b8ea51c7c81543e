"""The Python API: an Engine ties the stages to one store.

    engine = storyline.open("news.db")
    result = engine.ingest(["reports/"])          # read, store, assign to stories
    story = engine.stories()[0]
    engine.summarize(story.id, words=100)         # cited summary
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path

from storyline.model import Article, Citation, IngestResult, Story, Summary, TimelineEntry
from storyline.store import StoreError, open_store

BATCH = 500  # articles per transaction: a crash loses at most the batch under way
BATCH_CHARS = 16_000_000  # and at most this much text, so that huge records keep memory bounded
_TRACKER_KEY = "tracker"
_CASING_KEY = "casing"
_LEARN_CHARS = 2000  # of each cased article, for the casing lexicon
_LEARN_ALL = 2000  # cased articles of a session learned from; after that one in _LEARN_EVERY
_LEARN_EVERY = 4

Progress = Callable[[object], None]


class Engine:
    def __init__(self, path: str | Path | None = None, *, readonly: bool = False, cluster: bool = True):
        self.store = open_store(path, readonly=readonly)
        self.cluster = cluster  # assign articles to stories at ingest
        self._tracker = None
        self._lexicon = None
        self._cased = 0  # cased articles seen this session (see _learn_casing)
        self._state_generation: int | None = None  # store generation the tracker and lexicon were read at

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- ingest -------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        date: dt.date | None = None,
        source: str | None = None,
        progress: Progress | None = None,
    ) -> IngestResult:
        """Read files, directories or "-" and store every article; bad inputs are reported, not fatal."""
        from storyline.ingest import read_paths

        items = read_paths(paths, date=date, source=source, lexicon=self.lexicon)
        return self.add_articles(items, progress=progress)

    def add_articles(self, items: Iterable[object], *, progress: Progress | None = None) -> IngestResult:
        """Store Articles (ReadErrors in the stream are counted as failures) in batched transactions."""
        result = IngestResult()
        batch: list[Article] = []
        chars = 0
        for item in items:
            if isinstance(item, Article):
                batch.append(item)
                chars += len(item.text)
                result.warnings.extend(f"{item.origin or item.id}: {w}" for w in item.meta.get("warnings", []))
            else:
                result.failed.append(str(item))
            if progress:
                progress(item)
            if len(batch) >= BATCH or chars >= BATCH_CHARS:
                self._commit(batch, result)
                batch, chars = [], 0
        if batch:
            self._commit(batch, result)
        return result

    def _commit(self, batch: list[Article], result: IngestResult) -> None:
        lexicon_changed = False
        added: list[str] = []
        ids: set[str] = set()
        duplicates: list[str] = []
        failed: list[str] = []
        touched: set[int] = set()
        try:
            with self.store.transaction():  # the store's write lock: one writer at a time from here
                self._catch_up()
                tracker = self.tracker
                fresh: list[Article] = []
                for article in batch:
                    if article.id in ids or self.store.has_article(article.id):
                        duplicates.append(article.id)
                        continue
                    try:
                        self.store.add_article(article)
                    except StoreError as e:  # this article alone: the others in the batch go on
                        failed.append(f"{article.origin or article.id}: {e}")
                        continue
                    if not article.tokenized:
                        lexicon_changed |= self._learn_casing(article)
                    fresh.append(article)
                    ids.add(article.id)
                if tracker is not None:
                    for article, assignment in zip(fresh, tracker.add_many(fresh)):
                        self.store.assign(article.id, assignment.story_id, assignment.duplicate_of)
                        touched.add(assignment.story_id)
                added.extend(a.id for a in fresh)
                self._save_story_state(touched)
                if lexicon_changed:
                    self.store.set_state(_CASING_KEY, self._lexicon.to_json())
        except BaseException:
            self._forget_state()  # in-memory state ran ahead of the rolled-back store
            raise
        self._state_generation = self.store.committed_generation
        result.added.extend(added)
        result.duplicates.extend(duplicates)
        result.failed.extend(failed)

    def _catch_up(self) -> None:
        """Under the write lock: if another writer (a second ingest, the web server) committed
        since this engine loaded its tracker and lexicon, load them again, so that no writer
        assigns articles with a stale tracker or overwrites another's saved state."""
        if self._state_generation != self.store.generation():
            self._forget_state()
            self._state_generation = self.store.generation()

    def _note_generation(self) -> None:
        """Before saved state is read: the generation it is at least as new as."""
        if self._state_generation is None:
            self._state_generation = self.store.generation()

    def _forget_state(self) -> None:
        self._tracker = None
        self._lexicon = None
        self._state_generation = None

    def _save_story_state(self, touched: set[int]) -> None:
        if self._tracker is None:
            return
        for story_id in touched:
            self.store.set_key_phrases(story_id, self._tracker.key_phrases(story_id))
        self.store.set_state(_TRACKER_KEY, self._tracker.dumps())

    # -- engine state -------------------------------------------------------------------
    @property
    def tracker(self):
        """The online story clusterer, restored from the store (None if the stage is unavailable)."""
        if self._tracker is None and self.cluster:
            try:
                from storyline.cluster import StoryTracker
            except ImportError:
                return None
            self._note_generation()
            blob = self.store.get_state(_TRACKER_KEY)
            self._tracker = StoryTracker.loads(blob) if blob else StoryTracker()
            if self._tracker is None:  # saved by another version of the tracker
                self.recluster()
        return self._tracker

    @property
    def lexicon(self):
        """Casing lexicon: the built-in lists plus what the store's cased articles taught."""
        if self._lexicon is None:
            try:
                from storyline.text.casing import CasingLexicon
            except ImportError:
                return None
            lexicon = CasingLexicon.builtin()
            self._note_generation()
            saved = self.store.get_state(_CASING_KEY)
            if saved:
                lexicon.merge(CasingLexicon.from_json(saved if isinstance(saved, str) else saved.decode()))
            self._lexicon = lexicon
        return self._lexicon

    def _learn_casing(self, article: Article) -> bool:
        lexicon = self.lexicon
        if lexicon is None:
            return False
        self._cased += 1
        if self._cased > _LEARN_ALL and self._cased % _LEARN_EVERY:
            return False  # a sample is enough once the counts are large
        # counts add up over the session's cased articles; the lead paragraphs carry the names
        lexicon.learn([article.text[:_LEARN_CHARS]])
        return True

    def _render(self, article: Article) -> Article:
        """Re-render tokenized text with the current lexicon (it may have learned since ingest)."""
        if article.tokenized and self.lexicon is not None:
            from storyline.text.display import display_sentence

            for s in article.sentences:
                s.display = display_sentence(s.text, first=s.index == 0, lexicon=self.lexicon)
        return article

    # -- articles -----------------------------------------------------------------------
    def articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        return [self._render(a) for a in self.store.articles(limit=limit, offset=offset)]

    def article(self, article_id: str) -> Article | None:
        found = self.store.article(article_id)
        if found is None:
            matches = self.store.ids_with_prefix(article_id)
            if len(matches) == 1:  # a unique prefix is enough, as with git hashes
                found = self.store.article(matches[0])
        return self._render(found) if found else None

    def search(self, query: str, limit: int = 20) -> list[tuple[Citation, str]]:
        return self.store.search(query, limit)

    # -- stories ------------------------------------------------------------------------
    def stories(self, limit: int | None = None, order: str = "newest") -> list[Story]:
        stories = self._build_stories(self.store.story_members())
        if order == "largest":
            stories.sort(key=lambda s: (-s.size, -s.id))
        else:
            stories.sort(key=lambda s: (s.last_date or dt.date.min, s.id), reverse=True)
        return stories[:limit] if limit else stories

    def story(self, story_id: int) -> Story | None:
        found = self._build_stories(self.store.story_members(story_id))
        return found[0] if found else None

    def story_articles(self, story_id: int, *, with_copies: bool = False) -> list[Article]:
        """A story's articles in date order; near-duplicate copies left out unless asked for."""
        members = self.store.story_members(story_id)
        ids = [m[1] for m in members if with_copies or m[2] is None]
        return [self._render(a) for a in self.store.articles_by_id(ids)]

    def story_of(self, article_id: str) -> int | None:
        return self.store.story_of(article_id)

    def _build_stories(self, members: list[tuple]) -> list[Story]:
        phrases = dict(self.store.story_rows())
        stories: dict[int, Story] = {}
        titles: dict[int, str] = {}  # the newest title: members come in date order, undated last
        newest: dict[int, str] = {}
        for story_id, aid, dup, published, source, title in members:
            story = stories.setdefault(story_id, Story(id=story_id, article_ids=[], key_phrases=phrases.get(story_id, [])))
            if dup:
                story.duplicates[aid] = dup
            else:
                story.article_ids.append(aid)
            if source and source not in story.sources:
                story.sources.append(source)
            if published:
                day = dt.date.fromisoformat(published)
                story.first_date = min(story.first_date or day, day)
                story.last_date = max(story.last_date or day, day)
            if title and (published or story_id not in titles):
                titles[story_id] = title
            if not dup and (published or story_id not in newest):
                newest[story_id] = aid
        found = list(stories.values())
        self._set_headlines(found, titles, newest)
        return found

    def _set_headlines(self, stories: list[Story], titles: dict[int, str], newest: dict[int, str]) -> None:
        """The newest title among a story's articles, else its newest article's headline (one query
        for all): a developing story is named by where it stands now, as the story list shows it."""
        leads = {s.id: newest.get(s.id) or next(iter(s.duplicates)) for s in stories if s.id not in titles}
        found = {a.id: a for a in self.store.articles_by_id(list(leads.values()), first_only=True)}
        for story in stories:
            lead = found.get(leads.get(story.id, ""))
            story.headline = titles.get(story.id) or (self._render(lead).headline if lead else f"story {story.id}")

    def recluster(self) -> int:
        """Rebuild every story from the stored articles in date order; returns the story count."""
        from storyline.cluster import StoryTracker

        tracker = StoryTracker()
        touched: set[int] = set()
        with self.store.transaction():
            self.store.clear_stories()
            articles = self.store.iter_articles(order="date")
            while chunk := list(islice(articles, BATCH)):
                for article, assignment in zip(chunk, tracker.add_many(chunk)):
                    self.store.assign(article.id, assignment.story_id, assignment.duplicate_of)
                    touched.add(assignment.story_id)
            self._tracker = tracker
            self._save_story_state(touched)
        self._state_generation = self.store.committed_generation
        return len(touched)

    # -- outputs ------------------------------------------------------------------------
    def summarize(self, story_id: int, words: int = 100, method: str = "ilp") -> Summary:
        from storyline.summarize import summarize

        return summarize(self.story_articles(story_id), words=words, method=method)

    def update(
        self,
        story_id: int,
        *,
        since: dt.date | None = None,
        seen: Sequence[str] = (),
        words: int = 100,
    ) -> Summary:
        """What the story's newer articles add to the ones already seen (by id or before `since`)."""
        read, new = self.split_seen(story_id, since=since, seen=seen)
        return self.update_of(read, new, words)

    @staticmethod
    def update_of(read: Sequence[Article], new: Sequence[Article], words: int = 100) -> Summary:
        """What the `new` articles add to the `read` ones; nothing_new when there is no new one."""
        from storyline.summarize import summarize

        if not new:
            return Summary(sentences=[], article_ids=[], method="update", words=words, nothing_new=True)
        return summarize(new, words=words, seen=read)

    def split_seen(
        self, story_id: int, *, since: dt.date | None = None, seen: Sequence[str] = ()
    ) -> tuple[list[Article], list[Article]]:
        """(read, new): the story's articles already seen (by id or prefix, or published before
        `since`) and the others, undated ones among the new."""
        articles = self.story_articles(story_id)
        seen_ids = {self._full_id(a) for a in seen}
        if since is not None:
            seen_ids |= {a.id for a in articles if a.published and a.published < since}
        return [a for a in articles if a.id in seen_ids], [a for a in articles if a.id not in seen_ids]

    def _full_id(self, article_id: str) -> str:
        found = self.article(article_id)
        return found.id if found else article_id

    def timeline(
        self, story_id: int, dates: int | None = None, per_date: int = 1, words: int | None = None
    ) -> list[TimelineEntry]:
        from storyline.timeline import timeline

        return timeline(self.story_articles(story_id), dates=dates, per_date=per_date, words=words)

    def facts(self, story_id: int):
        from storyline.facts import story_facts

        others = [m[1] for m in self.store.story_members() if m[0] != story_id and m[2] is None][:200]
        return story_facts(self.story_articles(story_id), background=self.store.articles_by_id(others))
