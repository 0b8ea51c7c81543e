"""An engine's writes and the state saved beside them: the story tracker and the casing lexicon.

Articles are stored in batched transactions. Under the store's write lock a session first catches
up with any other writer (a second ingest, the web server), so that no writer assigns articles
with a stale tracker or overwrites another's saved state.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from itertools import islice

from storyline.ingest.build import ascii_content_id, content_id
from storyline.ingest.errors import ReadError
from storyline.model import Article, IngestResult
from storyline.store import Store, StoreError
from storyline.store.base import originals

BATCH = 500  # articles per transaction: a crash loses at most the batch under way
FIRST_BATCH = 50  # the first transaction's, doubling up to BATCH: work starts as soon as the parse workers yield a few
BATCH_CHARS = 16_000_000  # and at most this much text, so that huge records keep memory bounded
_TRACKER_KEY = "tracker"  # the tracker's state in parts (StoryTracker.state): its head,
_BODY_KEY = "tracker body"  # its body,
_ROWS_PREFIX = "tracker story "  # and one row per open story, under this prefix and the story's id
_COVERED_KEY = "tracker articles"  # how many stored articles (in ingest order) the saved tracker has seen
_EPOCH_KEY = "tracker epoch"  # changed by each recluster: a tracker from before one is void
SAVE_EVERY = 5_000  # articles between two saves of the state within one ingest; the rest is replayed
_CASING_KEY = "casing"  # the lexicon's forms, which readers render with
_COUNTS_KEY = "casing counts"  # what it learned them from, which writers count on from
_COUNTS_VERSION_KEY = "casing counts version"  # changed with each save of the two
_TOKENIZED_KEY = "tokenized text"  # set once the store holds lowercased tokenized text (see needs_casing)
_LEARN_ALL = 2000  # cased articles of the store learned from; after that a sample (text.casing.sampled)
_SETTLE = 4000  # texts counted before the lexicon settles their forms and counts afresh (bounds the counts)

Progress = Callable[[object], None]


class Session:
    def __init__(self, store: Store, *, cluster: bool = True, save_every: int = SAVE_EVERY):
        self.store = store
        self.cluster = cluster  # assign articles to stories at ingest
        self.save_every = save_every
        self._tracker = None
        self._lexicon = None
        self._cased = 0  # cased articles of the store met by its writers (see _learn_casing)
        self._counting = False  # the lexicon holds the store's saved counts (see _learning_lexicon)
        self._needs_casing: bool | None = None  # see needs_casing
        self._unsaved = 0  # articles the tracker has seen since its state was saved
        self._covered: int | None = None  # stored articles (in ingest order) the tracker has seen
        self._epoch: str | None = None  # the store's tracker epoch the tracker belongs to
        self._unlearned = 0  # articles the lexicon learned from since it was saved
        self._counts_version: str | None = None  # of the saved lexicon this one was read from or saved as
        self._state_generation: int | None = None  # store generation the tracker and lexicon were read at

    # -- writes -------------------------------------------------------------------------
    def add_articles(self, items: Iterable[object], *, progress: Progress | None = None) -> IngestResult:
        """Store Articles (ReadErrors in the stream are counted as failures) in batched transactions.
        An Article without a sentence is one too, as the readers report an empty input: nothing of
        it could be shown, and its story would have no name."""
        result = IngestResult()
        batch: list[Article] = []
        chars = 0
        size = FIRST_BATCH
        for item in items:
            if isinstance(item, Article) and not item.sentences:
                item = ReadError(item.origin or item.id, "no text (an article needs a sentence)")
            if isinstance(item, Article):
                batch.append(item)
                chars += len(item.text)
                result.warnings.extend(f"{item.origin or item.id}: {w}" for w in item.meta.get("warnings", []))
            else:
                result.failed.append(str(item))
            if progress:
                progress(item)
            if len(batch) >= size or chars >= BATCH_CHARS:
                self._commit(batch, result, progress=progress)
                batch, chars, size = [], 0, min(BATCH, 2 * size)
        if batch:
            self._commit(batch, result, progress=progress, final=True)
        elif self._unsaved or self._unlearned:
            self._commit([], result, progress=progress, final=True)
        return result

    def _commit(self, batch: list[Article], result: IngestResult, *, progress: Progress | None = None,
                final: bool = False) -> None:  # fmt: skip
        """One transaction: store the batch, assign its stories; the tracker's state and the casing
        lexicon are saved at the end of an ingest and every ``save_every`` articles (a later load
        replays what the tracker missed; the lexicon's learning since is lost on a crash). An article
        the store refuses is a failure, told to ``progress`` as a read error is."""
        added: list[str] = []
        ids: dict[str, Article] = {}
        duplicates: list[str] = []
        stored: list[Article] = []  # duplicates of articles stored before this batch
        failed: list[ReadError] = []
        warnings: list[str] = []
        touched: set[int] = set()
        try:
            with self.store.transaction():  # the store's write lock: one writer at a time from here
                self._catch_up()
                # restored (or rebuilt) before any article of the batch is stored, and only for a batch
                # with a new one: re-reading what a store holds costs no tracker
                tracker = self.tracker if any(not self.store.has_article(a.id) for a in batch) else None
                fresh: list[Article] = []
                for article in batch:
                    twin = ids.get(article.id)  # an article of this batch with the same id
                    if twin is not None or self.store.has_article(article.id) or self._stored_before(article):
                        duplicates.append(article.id)
                        if twin is not None:
                            warnings += _conflict(article, twin)
                        else:
                            stored.append(article)
                        continue
                    try:
                        self.store.add_article(article)
                    except StoreError as e:  # this article alone: the others in the batch go on
                        failed.append(ReadError(article.origin or article.id, str(e)))
                        continue
                    if not self.needs_casing and (article.tokenized or _lowercased(article)):
                        self._start_casing()
                    elif not article.tokenized and self.needs_casing and self._learn_casing(article):
                        self._unlearned += 1
                    fresh.append(article)
                    ids[article.id] = article
                if tracker is not None:
                    with self.store.indexing():  # the store indexes the batch while the tracker reads it
                        assignments = tracker.add_many(fresh)
                    for article, assignment in zip(fresh, assignments):
                        self._assign(article.id, assignment.story_id, assignment.duplicate_of, article)
                        touched.add(assignment.story_id)
                    touched |= self._move(tracker.take_moves())
                    self._unsaved += len(fresh)
                added.extend(a.id for a in fresh)
                if stored:
                    kept = {a.id: a for a in self.store.articles_by_id([a.id for a in stored], sentences=0)}
                    warnings += [w for a in stored if a.id in kept for w in _conflict(a, kept[a.id])]
                full = final or max(self._unsaved, self._unlearned) >= self.save_every
                self._save_story_state(touched, full=full)
                if full and self._unlearned:  # (these cost: not every batch)
                    self.store.set_state(_CASING_KEY, self._lexicon.to_json())
                    self.store.set_state(_COUNTS_KEY, self._lexicon.counts_bytes(seen=self._cased))
                    self._counts_version = uuid.uuid4().hex
                    self.store.set_state(_COUNTS_VERSION_KEY, self._counts_version)
                    self._unlearned = 0
                if self._tracker is not None:
                    self._covered = self.store.count_articles()
        except BaseException:
            self._forget_state()  # in-memory state ran ahead of the rolled-back store
            raise
        self._state_generation = self.store.committed_generation
        result.added.extend(added)
        result.duplicates.extend(duplicates)
        result.failed.extend(map(str, failed))
        result.warnings.extend(warnings)
        for failure in failed if progress else ():
            progress(failure)

    def recluster(self) -> int:
        """Rebuild every story from the stored articles in date order; returns the story count.

        The tracker reads the articles outside the write lock (on a 100k store that is 36 of the 40 s),
        so other writers go on meanwhile; under the lock it reads what they stored since, in ingest
        order, as an ingest right after the recluster would, and the stories are written at once."""
        from storyline.cluster import StoryTracker

        tracker = StoryTracker()
        planned: list[tuple[str, int, str | None, Article | None]] = []  # what _assign reads: no text
        done: set[str] = set()

        def plan(chunk: list[Article]) -> None:
            for article, assignment in zip(chunk, tracker.add_many(chunk)):
                planned.append((article.id, assignment.story_id, assignment.duplicate_of, _entry_of(article)))
                done.add(article.id)

        articles = self.store.iter_articles(order="date")
        while chunk := list(islice(articles, BATCH)):
            plan(chunk)
        touched: set[int] = set()
        try:
            with self.store.transaction():
                total = self.store.count_articles()  # the articles stored meanwhile are the newest
                seqs = self.store.article_seqs("newest", limit=total - len(done))[::-1] if total > len(done) else []
                for start in range(0, len(seqs), BATCH):
                    plan([a for a in self.store.articles_by_seq(seqs[start : start + BATCH]) if a.id not in done])
                moves = tracker.take_moves()  # where the split pass moved articles of earlier chunks
                self.store.clear_stories()
                for article_id, story_id, original, entry in planned:
                    story_id = moves.get(article_id, story_id)
                    self._assign(article_id, story_id, original, entry)
                    touched.add(story_id)
                self._tracker = tracker
                self._save_story_state(touched, full=True)
                self._epoch = uuid.uuid4().hex
                self.store.set_state(_EPOCH_KEY, self._epoch)
                self._covered = self.store.count_articles()
        except BaseException:
            self._forget_state()  # the tracker counts as saved: not once rolled back
            raise
        self._state_generation = self.store.committed_generation
        return len(touched)

    def _assign(self, article_id: str, story_id: int, original: str | None, entry: Article | None) -> None:
        """Store the tracker's assignment. A near-copy of an earlier version of the same entry (the
        same link or feed guid: an updated feed entry, a corrected page) is a revision: it takes that
        version's place in the story, and the versions before it and their copies become its copies.
        Otherwise the facts it adds would be shown nowhere. ``entry``: the article (its link, guid and
        date are read), None when it has neither link nor guid."""
        if original is None or entry is None or not (entry.url or entry.meta.get("guid")):
            self.store.assign(article_id, story_id, original)
            return
        first = self.store.articles_by_id([original], sentences=0)
        if not first or not same_entry(entry, first[0]):
            self.store.assign(article_id, story_id, original)
            return
        members = self.store.story_members(story_id)
        current = originals(members).get(original, original)  # the revision standing for it now
        shown = first if current == original else self.store.articles_by_id([current], sentences=0)
        if shown and _older(entry, shown[0]):  # an earlier version, read late: still a copy
            self.store.assign(article_id, story_id, current)
            return
        self.store.assign(article_id, story_id, None)
        for _, member, copy_of, *_ in members:
            if member == current or copy_of == current:
                self.store.assign(member, story_id, article_id)

    def _move(self, moves: dict[str, int]) -> set[int]:
        """Store the split pass's moves (StoryTracker.take_moves): each article goes to its new story,
        and the copies that stand for it with it. Returns the stories left and joined."""
        touched: set[int] = set()
        left: dict[int, None] = {}
        for article_id in moves:
            story_id = self.store.story_of(article_id)
            if story_id is not None:
                left[story_id] = None
        for story_id in left:
            members = self.store.story_members(story_id)
            standing = originals(members)
            for _, member, copy_of, *_ in members:
                target = moves.get(member, moves.get(standing.get(member, "")))
                if target is not None and target != story_id:
                    self.store.assign(member, target, copy_of)
                    touched |= {story_id, target}
        return touched

    # -- saved state --------------------------------------------------------------------
    def _catch_up(self) -> None:
        """Under the write lock: if another writer committed since this session loaded its tracker
        and lexicon, load the lexicon again, and feed the tracker the articles stored since it last
        saw the store (the tracker is deterministic: it ends as the writers that assigned them left
        theirs), unless a recluster voided it: restoring the saved state and replaying what it missed
        cost concurrent ingests 4-6 times their time one after the other."""
        if self._state_generation == self.store.generation():
            return
        tracker, covered, epoch, unsaved = self._tracker, self._covered, self._epoch, self._unsaved
        lexicon = self._lexicon, self._cased, self._counting, self._unlearned, self._counts_version
        self._forget_state()
        self._state_generation = self.store.generation()
        if lexicon[0] is not None and self._state_text(_COUNTS_VERSION_KEY) == lexicon[-1]:  # none saved since
            self._lexicon, self._cased, self._counting, self._unlearned, self._counts_version = lexicon
        if tracker is not None and covered is not None and self._state_text(_EPOCH_KEY) == epoch:
            self._tracker, self._covered, self._epoch, self._unsaved = tracker, covered, epoch, unsaved
            self._feed(covered)
            tracker.forget_saved()  # the rows saved meanwhile are another writer's: save all of them next

    def _state_text(self, key: str) -> str | None:
        found = self.store.get_state(key)
        return found.decode() if isinstance(found, bytes) else found

    def _note_generation(self) -> None:
        """Before saved state is read: the generation it is at least as new as."""
        if self._state_generation is None:
            self._state_generation = self.store.generation()

    def _forget_state(self) -> None:
        self._tracker = None
        self._covered = None
        self._epoch = None
        self._unsaved = 0
        self._lexicon = None
        self._unlearned = 0
        self._counts_version = None
        self._counting = False
        self._needs_casing = None
        self._state_generation = None

    def _save_story_state(self, touched: set[int], *, full: bool) -> None:
        """Key phrases of the touched stories; with ``full``, the tracker too (its state grows with the
        open stories: saving it with every batch cost more than the rest of an ingest at 100k articles)."""
        if self._tracker is None:
            return
        for story_id in touched:
            self.store.set_key_phrases(story_id, self._tracker.key_phrases(story_id))
        if full:
            state = self._tracker.state()  # the stories changed since the last save
            if state.whole:
                self.store.clear_states(_ROWS_PREFIX)
            self.store.set_states({f"{_ROWS_PREFIX}{sid}": row for sid, row in state.rows.items()})
            self.store.set_state(_BODY_KEY, state.body)
            self.store.set_state(_TRACKER_KEY, state.head)
            self.store.set_state(_COVERED_KEY, str(self.store.count_articles()))
            self._unsaved = 0

    def _replay(self) -> None:
        """Feed the tracker the stored articles that came after its saved state, in ingest order (the
        tracker is deterministic, so it ends as the writer that assigned them left it)."""
        covered = self._state_text(_COVERED_KEY)
        if covered is None:  # nothing saved yet (replay all), or saved before the count was kept (it saw all)
            covered = 0 if self.store.get_state(_TRACKER_KEY) is None else self.store.count_articles()
        self._feed(int(covered))

    def _feed(self, covered: int) -> None:
        """Feed the tracker the stored articles after the first ``covered`` (ingest order) that have a story."""
        tracker = self._tracker
        total = self.store.count_articles()
        # the last ones stored, found from the end (an offset walks every row before it)
        seqs = self.store.article_seqs("newest", limit=total - covered)[::-1] if total > covered else []
        for start in range(0, len(seqs), BATCH):
            part = seqs[start : start + BATCH]
            assigned = self.store.assigned_seqs(part)
            chunk = self.store.articles_by_seq([seq for seq in part if seq in assigned])
            tracker.add_many(chunk)
            tracker.take_moves()  # made again as the writer that stored these made and stored them
            self._unsaved += len(chunk)
        self._covered = total

    @property
    def tracker(self):
        """The online story clusterer, restored from the store (None when clustering is off)."""
        if self._tracker is None and self.cluster:
            from storyline.cluster import StoryTracker

            self._note_generation()
            head = self.store.get_state(_TRACKER_KEY)
            if head:
                rows = ((int(key[len(_ROWS_PREFIX) :]), row) for key, row in self.store.states(_ROWS_PREFIX))
                self._tracker = StoryTracker.restore(head, self.store.get_state(_BODY_KEY), rows)
            else:
                self._tracker = StoryTracker()
            if self._tracker is None:  # saved by another version of the tracker
                self.recluster()
            else:
                self._epoch = self._state_text(_EPOCH_KEY)
                self._replay()
        return self._tracker

    @property
    def lexicon(self):
        """Casing lexicon: the built-in lists plus what the store's cased articles taught."""
        if self._lexicon is None:
            from storyline.text.casing import CasingLexicon

            lexicon = CasingLexicon.builtin()
            self._note_generation()
            self._counts_version = self._state_text(_COUNTS_VERSION_KEY)
            saved = self._state_text(_CASING_KEY)
            if saved:
                lexicon.merge(CasingLexicon.from_json(saved))
            self._lexicon = lexicon
        return self._lexicon

    @property
    def needs_casing(self) -> bool:
        """Whether the store holds lowercased tokenized text: the only text shown through the casing
        lexicon, so cased articles are learned from only then (a store saved with a lexicon by an
        earlier version counts as holding it)."""
        if self._needs_casing is None:
            self._needs_casing = any(self.store.get_state(k) is not None for k in (_TOKENIZED_KEY, _CASING_KEY))
        return self._needs_casing

    @property
    def counts_ahead(self) -> bool:
        """Whether parse workers should prepare the casing counts of every cased article (not only of the
        sampled ones): the store learns casing and has yet to learn from _LEARN_ALL cased articles."""
        if not self.needs_casing:
            return False
        self._learning_lexicon()
        return self._cased < _LEARN_ALL

    def _start_casing(self) -> None:
        """The store's first lowercased tokenized article: from now on cased articles are learned
        from, starting with the newest _LEARN_ALL already stored (this batch's included)."""
        self.store.set_state(_TOKENIZED_KEY, "1")
        self._needs_casing = True
        stored = self.store.count_articles()
        for article in self.store.iter_articles(order="ingest", offset=max(0, stored - _LEARN_ALL)):
            if not article.tokenized and self._learn_casing(article):
                self._unlearned += 1

    def _learn_casing(self, article: Article) -> bool:
        from storyline.text.casing import informative, learning_text, sampled

        text = learning_text(article.text)
        if not informative(text):
            return False  # lowercased text: nothing to learn
        lexicon = self._learning_lexicon()
        self._cased += 1
        if self._cased > _LEARN_ALL and not sampled(article.id):
            return False  # a sample is enough once the counts are large

        lexicon.learn([text])  # counts add up over the store's cased articles
        if lexicon.texts >= _SETTLE:
            lexicon.settle()
        return True

    def _learning_lexicon(self):
        """The lexicon a writer learns into: the built-in lists and the store's saved counts, counted
        on (a store saved before counts were kept: its saved forms, counted from zero)."""
        if not self._counting:
            saved = self.store.get_state(_COUNTS_KEY)
            if saved is not None:
                from storyline.text.casing import CasingLexicon

                self._note_generation()
                self._counts_version = self._state_text(_COUNTS_VERSION_KEY)
                self._lexicon, self._cased = CasingLexicon.from_counts(saved)
            self._counting = True
        return self.lexicon

    def _stored_before(self, article: Article) -> bool:
        """Whether the article's text is stored under the id an earlier version derived from it
        (ingest.build.ascii_content_id: text with words outside ASCII): then it is a copy."""
        legacy = ascii_content_id(article.text)
        if legacy is None or article.id != content_id(article.text) or not self.store.has_article(legacy):
            return False
        return any(_same_text(article, kept) for kept in self.store.articles_by_id([legacy], sentences=0))

    def render(self, article: Article) -> Article:
        """The article's sentences as shown (text.display.show): lowercased text (tokenized, or prose)
        rendered with the current lexicon (it may have learned since ingest)."""
        from storyline.text.display import show

        if article.tokenized:
            return show(article, self.lexicon)
        if _lowercased(article):
            return show(article, self.lexicon, prose=True)
        return article


def _lowercased(article: Article) -> bool:
    """Prose in lowercase but for its sentence starts (text.casing.lowercased): shown re-cased, as
    tokenized text is, so it too starts the learning of the store's casing."""
    from storyline.text.casing import lowercased

    return lowercased(article.text)


def _conflict(article: Article, kept: Article) -> list[str]:
    """A warning when an article comes with the id of another whose text differs (spacing aside):
    a correction, or two reports under one id, would otherwise be dropped as a copy without a word."""
    if _same_text(article, kept):
        return []
    where = article.origin or article.id
    return [f"{where}: id {article.id!r} is already taken by an article with other text, which is kept"]


def _same_text(article: Article, kept: Article) -> bool:
    return " ".join(article.text.split()) == " ".join(kept.text.split())


def same_entry(article: Article, other: Article) -> bool:
    """Whether two articles are versions of one entry: the same feed guid, else the same link."""
    guid, other_guid = article.meta.get("guid"), other.meta.get("guid")
    if guid and other_guid:
        return guid == other_guid
    return bool(article.url) and article.url == other.url


def _entry_of(article: Article) -> Article | None:
    """What Session._assign reads of an article with a link or guid (its id, link, guid and date)."""
    guid = article.meta.get("guid")
    if not (guid or article.url):
        return None
    return Article(id=article.id, text="", url=article.url, published=article.published, meta={"guid": guid} if guid else {})


def _older(article: Article, other: Article) -> bool:
    return bool(article.published and other.published and article.published < other.published)
