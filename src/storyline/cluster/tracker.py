"""Online story clustering: each new article joins the most similar active story or starts one.

An article is a TF-IDF vector (sublinear tf, IDF from the stream so far, smoothed by ``idf_prior``
unseen documents so that the first articles of a stream are not all strangers). A story is the sum
of its articles' unit vectors, cut to its heaviest terms. Candidate stories come from an inverted
index over each article's top terms; the score is the cosine with the centroid, minus
``gap_penalty`` per log of the weeks since the story last moved (0 by default: stories in the dev
streams run for weeks to years, and a penalty for quiet weeks splits them: docs/decisions.md). A story that has
taken two articles or more passes over an article far less similar than its own articles were when they
joined (``cohesion``): a neighbouring story, not this one. The article joins the best story scoring
at least ``threshold``; past ``crowd_start`` open stories that it competes with (those last moved
within ``crowd_days`` of its date: cluster.crowd), the threshold rises by ``crowding`` per log of
their number: among more stories, an article comes closer to one it does not belong to by chance
alone. Near-duplicate copies join their original's story and are marked as copies.
No story is closed for the count of others (but past ``max_open`` open stories, a bound on memory far
above any live set, the least recently updated one closes): a dated story closes when the stream's
clock (the second newest date seen: one article dated far ahead does not move it) is more than
``expire_days`` past its last article (in a stream most of whose articles are dated); an
undated one stays open, its memory bounded by its pruned centroid and index terms, so a story whose
next article comes thousands of articles later is still there to take it. An article with fewer
than ``thin_terms`` distinct content stems, or whose words are at least ``chrome_share`` words of
web-page chrome (text.chrome: a cookie notice, "See more of ... on Facebook", an archive
banner), is thin: it gets a story of its own, which no other article joins, not even as a copy
(web chrome repeats word for word across unrelated stories). Same input order and parameters (``TrackerParams``), same stories.

With a merge model (``merge_model``, cluster.merge: a logistic regression over body and lead
cosines, cohesion, names, time gap, source, size and margin, fitted by bench/fit_merge.py), an
article joins the candidate the model finds likeliest, if at least ``merge_cut`` (None keeps the
rules above); and every ``repair_every`` articles a repair pass merges a story that took articles
since the last pass into a candidate story the model gives at least ``repair_cut``. Merges change
the story of articles already assigned: ``take_merges`` tells the caller which stories to move.
The model ships off by default: leave-one-stream-out on the dev streams it did not beat the rules
on every stream (bench/fit_merge.py).

With the split pass (``split_tau`` > 0), a story keeps its articles' heaviest terms up to
``split_max`` articles, and at sizes ``split_min``, about 1.5 times that, and so on, cluster.split
asks whether they are two stories that an early bridging article fused; if so the part without the
story's first article becomes a new story (``take_moves`` tells the caller which stored articles to
move). It ships off (see SPLIT_TAU).
"""

from __future__ import annotations

import base64
import gc
import json
import math
import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from storyline.cluster import dedup, features, merge, split
from storyline.cluster.crowd import Crowd
from storyline.cluster.dedup import CopyFinder, band_keys, signatures, signed
from storyline.cluster.features import Batch, SharedTerms, Vocabulary, terms
from storyline.cluster.index import StoryIndex
from storyline.model import Article

# Defaults of TrackerParams. THRESHOLD, COHESION, CROWDING, CROWD_START, CROWD_DAYS, EXPIRE_DAYS,
# THIN_TERMS, CHROME_SHARE and GAP_PENALTY are chosen by bench/fit_cluster.py (leave-one-stream-out
# reported; its docstring says why IDF_PRIOR, LEAD_WEIGHT, TOP_TERMS and the terms' LEAD_STEMS and
# NAME_EXTRA are not searched).
THRESHOLD = 0.15
CROWDING = 0.01  # added to the threshold per log(1 + competing open stories) past CROWD_START of them
CROWD_START = 50
CROWD_DAYS = 7  # stories last moved more days than this before a dated article do not compete (0: all do)
IDF_PRIOR = 100  # pseudo-documents in which no term occurs
LEAD_WEIGHT = 1.0
GAP_PENALTY = 0.0  # per log(1 + days / 7) since the story's last article
TOP_TERMS = 30  # index (and query) terms per article
COHESION = 0.45  # a story with 2+ joins takes only articles at least this share of its mean join cosine
CENTROID_TERMS = 100  # kept after pruning (pruned when 3x as many)
INDEX_TERMS = 3 * CENTROID_TERMS  # past this, a story keeps only index terms among its heaviest
CANDIDATES = 10
MAX_OPEN = 20_000  # open stories kept at most (the least recently updated closes): memory, not a tuned number
EXPIRE_DAYS = 1461
THIN_TERMS = 12
CHROME_SHARE = 0.2
VOCABULARY = 300_000  # stems kept before those seen in one document only are dropped
STATE_VERSION = 7  # 7: saved in parts, one row per story (6: one JSON text, still read)
# The split pass (cluster.split): off, since searching it does not pay on the stream left out
# (bench/fit_cluster.py --also split chooses tau 0.5 and the two below in-sample; docs/decisions.md).
SPLIT_TAU = 0.0
SPLIT_MIN = 8  # story sizes it looks at: from this one, each about 1.5 times the last (split.milestones)
SPLIT_PART = 4  # articles each part holds at least
SPLIT_MAX = 64  # up to this size; a story past it keeps no article vectors (memory, not a tuned number)
MEMBER_TERMS = CENTROID_TERMS  # an article's heaviest terms kept for the split pass
NAMES = 64  # names a story keeps (its most frequent; pruned when twice as many)
BATCH = 128  # articles worked on at once by add_many: its arrays stay in the CPU cache (at most 2**15 for its sorts)

# Parameters added after a state was saved take these values when it is restored: those of the
# tracker that saved it (its threshold did not rise with the open stories).
ADDED_PARAMS = {"crowding": 0.0, "crowd_start": 0, "crowd_days": 0, "split_tau": 0.0}


@dataclass(frozen=True)
class TrackerParams:
    """The tracker's parameters and those of its parts (features.terms, dedup.CopyFinder)."""

    threshold: float = THRESHOLD
    idf_prior: float = IDF_PRIOR
    lead_weight: float = LEAD_WEIGHT
    gap_penalty: float = GAP_PENALTY
    top_terms: int = TOP_TERMS
    cohesion: float = COHESION
    crowding: float = CROWDING
    crowd_start: int = CROWD_START
    crowd_days: int = CROWD_DAYS
    centroid_terms: int = CENTROID_TERMS
    index_terms: int = INDEX_TERMS
    candidates: int = CANDIDATES
    expire_days: int = EXPIRE_DAYS
    max_open: int = MAX_OPEN
    thin_terms: int = THIN_TERMS
    chrome_share: float = CHROME_SHARE
    vocabulary: int = VOCABULARY
    lead_stems: int = features.LEAD_STEMS
    name_extra: int = features.NAME_EXTRA
    copy_threshold: float = dedup.THRESHOLD
    copy_window: int = dedup.WINDOW
    copy_bucket: int = dedup.BUCKET
    # cluster.merge: "" (none: threshold and cohesion decide), "shipped" or a path. bench/fit_merge.py
    # chooses: none, since the shipped model does not beat the rules leave-one-stream-out; the three
    # below are its choice for the shipped model (they do nothing without one)
    merge_model: str = ""
    merge_cut: float | None = None  # join the likeliest candidate at least this likely (None: the rules)
    repair_every: int = 100  # every this many articles, merge the stories touched since into
    repair_cut: float = 0.8  # a candidate story when the model gives at least this (0: no repair pass)
    split_tau: float = SPLIT_TAU  # cluster.split (0: no split pass)
    split_min: int = SPLIT_MIN
    split_part: int = SPLIT_PART
    split_max: int = SPLIT_MAX

    def copy_finder(self) -> dict:
        """CopyFinder's keyword arguments."""
        return {"threshold": self.copy_threshold, "window": self.copy_window, "bucket": self.copy_bucket}


_EMPTY_IDS = np.zeros(0, np.int64)
_EMPTY_VALS = np.zeros(0, np.float64)
_NO_TERMS = np.zeros(0, np.int32)


def _summed(ids: np.ndarray, vals: np.ndarray, add_ids: np.ndarray, add_vals: np.ndarray, vocab: Vocabulary,
            keep_terms: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The sum of two sparse vectors, on the vocabulary's dense scratch vector (left zeroed); past
    3 * keep_terms terms, only the keep_terms heaviest are kept."""
    dense, seen = vocab.scratch, vocab.flag
    dense[ids] = vals
    seen[ids] = True
    ids_all = np.concatenate((ids, add_ids[~seen[add_ids]]))
    seen[ids] = False
    dense[add_ids] += add_vals
    vals_all = dense[ids_all]
    dense[ids_all] = 0.0
    if len(ids_all) > 3 * keep_terms:
        keep = _top(vals_all, keep_terms)
        ids_all, vals_all = ids_all[keep], vals_all[keep]
    return ids_all, vals_all


@dataclass(frozen=True)
class Assignment:
    story_id: int
    duplicate_of: str | None = None  # id of the article this one copies
    similarity: float = 0.0


@dataclass(slots=True)
class _Member:
    """An article of a story, as the split pass reads it: its heaviest terms (of its unit vector),
    the cosine it joined with (None: it started the story, or a copy), the article it copies."""

    article_id: str
    original: str | None
    day: int | None
    cosine: float | None
    source: str | None
    ids: np.ndarray
    vals: np.ndarray


class _Story:
    """A story's centroid: the sum of its articles' unit vectors, as stem ids and weights."""

    __slots__ = ("ids", "index_terms", "join_sum", "joins", "last_day", "lead_ids", "lead_norm", "lead_vals",
                 "members", "name_ids", "names", "norm", "size", "sources", "vals")  # fmt: skip

    def __init__(self, ids: np.ndarray = _EMPTY_IDS, vals: np.ndarray = _EMPTY_VALS) -> None:
        self.ids, self.vals = ids, vals
        self.norm = float(np.sqrt(vals @ vals)) or 1.0
        self.last_day: int | None = None
        self.index_terms = _NO_TERMS  # sorted, distinct
        self.join_sum = 0.0  # sum of the cosines with which articles joined (copies left out)
        self.joins = 0
        # what the merge model reads (titles and leads, names: kept only when a model or a record wants them)
        self.lead_ids, self.lead_vals, self.lead_norm = _EMPTY_IDS, _EMPTY_VALS, 1.0
        self.names: dict[int, int] = {}
        self.name_ids = _EMPTY_IDS
        self.sources: dict[str, int] = {}
        self.size = 0
        self.members: list[_Member] | None = None  # its articles, for the split pass (None: not kept)

    def add(self, ids: np.ndarray, vals: np.ndarray, vocab: Vocabulary, keep_terms: int) -> None:
        """Add a vector (pruned to keep_terms terms past 3 * keep_terms)."""
        self.ids, self.vals = _summed(self.ids, self.vals, ids, vals, vocab, keep_terms)
        self.norm = float(np.sqrt(self.vals @ self.vals)) or 1.0

    def add_lead(self, ids: np.ndarray, vals: np.ndarray, vocab: Vocabulary, keep_terms: int) -> None:
        self.lead_ids, self.lead_vals = _summed(self.lead_ids, self.lead_vals, ids, vals, vocab, keep_terms)
        self.lead_norm = float(np.sqrt(self.lead_vals @ self.lead_vals)) or 1.0

    def add_names(self, counts: dict[int, int]) -> None:
        names = self.names
        for n, c in counts.items():
            names[n] = names.get(n, 0) + c
        if len(names) > 2 * NAMES:
            self.names = names = dict(sorted(names.items(), key=lambda x: (-x[1], x[0]))[:NAMES])
        self.name_ids = np.fromiter(names, np.int64, len(names))

    def add_source(self, source: str | None, n: int = 1) -> None:
        self.size += n
        if source:
            self.sources[source] = self.sources.get(source, 0) + n

    def heaviest(self, n: int) -> list[int]:
        return _heaviest(self.ids, self.vals, n)


class StoryTracker:
    """Assigns articles to stories as they arrive; ``state``/``restore`` keep its state (parameters
    included) in parts, a row per story, so that a save costs what changed; ``dumps``/``loads`` as one
    text. Parameters come as ``TrackerParams`` or as its fields: ``StoryTracker(threshold=0.2)``."""

    def __init__(self, params: TrackerParams | None = None, *, shared: SharedTerms | None = None, **changes) -> None:
        """``shared``: the terms of batches that trackers replaying the same stream share (a fit's search)."""
        self.params = p = replace(params or TrackerParams(), **changes)
        self.terms = shared or terms
        self.docs = 0
        self.vocab = Vocabulary()
        self.stories: OrderedDict[int, _Story] = OrderedDict()  # open stories, least recently updated first
        self.index = StoryIndex()
        # the stream's clock: the second newest date seen, so that one article dated far ahead (a typo,
        # a year 2099) does not close every story; newest_day is the newest
        self.latest_day: int | None = None
        self.newest_day: int | None = None
        self.dated = 0  # articles with a date less those without
        self.next_id = 1
        self.copies = CopyFinder(**p.copy_finder())
        self.story_of: dict[str, int] = {}  # recent article id -> story (for copies)
        self.model = merge.load(p.merge_model)
        self.merged: dict[int, int] = {}  # story -> the story it was merged into, until take_merges
        self.moved: dict[str, int] = {}  # article -> the story a split moved it to, until take_moves
        self._milestones = split.milestones(p.split_min, p.split_max) if p.split_tau > 0 else frozenset()
        self.touched: set[int] = set()  # stories that took an article since the last repair pass
        self.record: list | None = None  # when a list: (article id, candidate ids, features) of each choice
        self._saved: dict[int, int] | None = None  # story -> its size when its row was last saved (see state)
        self._crowd: Crowd | None = None  # the open stories' last days, made when first wanted
        self._closed: dict[int, list[str]] = {}  # key phrases of the stories the last add_many closed

    # -- assignment ---------------------------------------------------------------------------
    def add(self, article: Article) -> Assignment:
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[Assignment]:
        """Assign the articles in order: the same as adding them one by one, only faster (their
        words, vectors and copy signatures are worked out for the whole batch at once). The repair
        pass runs after every ``repair_every`` articles of the stream, wherever batches end; an
        assignment returned names the story as it stands after this call's passes."""
        p = self.params
        repair = self._repairs()
        self._closed = {}
        out: list[Assignment] = []
        k = 0
        while k < len(articles):
            n = min(BATCH, len(articles) - k)
            if repair:
                n = min(n, p.repair_every - self.docs % p.repair_every)
            out.extend(self._add_batch(articles[k : k + n]))
            k += n
            if repair and self.docs % p.repair_every == 0:
                self.repair()
        if self.moved:  # these articles' own assignments tell where they went
            out = [replace(a, story_id=self.moved.pop(article.id)) if article.id in self.moved else a
                   for article, a in zip(articles, out)]  # fmt: skip
        if self.merged:
            out = [replace(a, story_id=self.merged[a.story_id]) if a.story_id in self.merged else a for a in out]
        return out

    def _repairs(self) -> bool:
        p = self.params
        return self.model is not None and p.repair_every > 0 and p.repair_cut > 0

    def take_merges(self) -> dict[int, int]:
        """Stories merged into others since the last call: {merged story: the story it is now part
        of}. Articles stored under a merged story belong to the other (the caller moves them)."""
        merged, self.merged = self.merged, {}
        return merged

    def take_moves(self) -> dict[str, int]:
        """Articles of earlier add_many calls that the split pass moved since the last call: {article:
        the story it is now part of} (the caller moves them, and their copies with them)."""
        moved, self.moved = self.moved, {}
        return moved

    def _add_batch(self, articles: Sequence[Article]) -> list[Assignment]:
        batch = self.terms(articles, self.vocab, self.params.lead_stems, self.params.name_extra)
        vals = self._vectors(batch)
        tops = self._tops(batch, vals)
        sigs = signatures(self.vocab.hashes[batch.seq], batch.seq_starts)
        keys = band_keys(sigs)
        has_sig = signed(batch.seq_starts).tolist()
        thin = self._thin(batch)
        starts = batch.starts.tolist()
        out = []
        for k, article in enumerate(articles):
            sig = sigs[k].copy() if has_sig[k] else None
            original = self.copies.add(article.id, sig, keys[k])
            rows = slice(starts[k], starts[k + 1])
            extra = (batch.lead[rows], batch.named[rows])
            out.append(self._assign(article, batch.ids[rows], vals[rows], tops[k], original, thin[k], extra))
        if len(self.vocab) > self.params.vocabulary:  # between batches: the batch's ids stay valid until here
            self._prune_vocabulary()
        return out

    def _assign(
        self,
        article: Article,
        ids: np.ndarray,
        vals: np.ndarray,
        top: list[int],
        original: str | None,
        thin: bool,
        extra: tuple[np.ndarray, np.ndarray],
    ) -> Assignment:
        day = article.published.toordinal() if article.published else None
        self.dated += 1 if day is not None else -1
        if day is not None:
            clock = self.latest_day
            if self.newest_day is None or day >= self.newest_day:
                self.latest_day, self.newest_day = self.newest_day, day
            elif self.latest_day is None or day > self.latest_day:
                self.latest_day = day
            if self.latest_day is not None and (clock is None or self.latest_day > clock):
                self._expire()
        story_id = self.story_of.get(original) if original and not thin else None
        score = cosine = 1.0
        rich = self.model is not None or self.record is not None  # the merge model's features wanted
        if rich:
            lead, named = extra
            lead_ids, lead_vals = ids[lead], vals[lead]
            lead_vals = lead_vals / (float(np.sqrt(lead_vals @ lead_vals)) or 1.0)
            name_ids = ids[named]
        else:
            lead_ids, lead_vals, name_ids = _EMPTY_IDS, _EMPTY_VALS, _EMPTY_IDS
        if story_id not in self.stories:  # not a copy, or its original's story is closed
            original = None
            if thin:
                story_id, score, cosine = None, 0.0, 0.0
            else:
                query = _Query(ids, vals, lead_ids, lead_vals, name_ids, day, article.source)
                story_id, score, cosine = self._best(query, top, article.id)
        if story_id is None:
            story_id = self.next_id
            self.next_id += 1
            self.stories[story_id] = _Story()
            if self._crowd is not None:
                self._crowd.add(None)
            if len(self.stories) > self.params.max_open:  # a bound on memory, far above any live set
                closed, oldest = self.stories.popitem(last=False)
                self.index.drop(closed, oldest.index_terms.tolist())
                if self._crowd is not None:
                    self._crowd.remove(oldest.last_day)
        self.stories.move_to_end(story_id)
        story = self.stories[story_id]
        joined = original is None and story.ids.size > 0
        if joined:
            story.join_sum += cosine
            story.joins += 1
        story.add(ids, vals, self.vocab, self.params.centroid_terms)
        story.add_source(article.source)
        if rich:
            story.add_lead(lead_ids, lead_vals, self.vocab, self.params.centroid_terms)
            story.add_names(dict.fromkeys(name_ids.tolist(), 1))
        if day is not None:
            before, story.last_day = story.last_day, max(day, story.last_day or day)
            if self._crowd is not None:
                self._crowd.move(before, story.last_day)
        if thin:  # left out of the index and of copy look-ups: no other article joins it
            return Assignment(story_id, None, 0.0)
        self._index(story_id, story, _missing(story.index_terms, top))
        if self._repairs():
            self.touched.add(story_id)
        self._remember(article.id, story_id)
        if self._milestones:
            self._add_member(story_id, story, _Member(article.id, original, day, cosine if joined else None,
                                                      article.source, ids, vals))  # fmt: skip
        return Assignment(story_id, original, round(score, 4))

    # -- split ----------------------------------------------------------------------------------
    def _add_member(self, story_id: int, story: _Story, member: _Member) -> None:
        """Keep the article's heaviest terms with its story; at the story's milestone sizes, the split pass."""
        if story.size == 1:
            story.members = []
        if story.members is None or story.size > self.params.split_max:
            story.members = None
            return
        if len(member.ids) > MEMBER_TERMS:
            keep = _top(member.vals, MEMBER_TERMS)
            member.ids, member.vals = member.ids[keep], member.vals[keep]
        story.members.append(member)
        if story.size in self._milestones and len(story.members) == story.size:
            self._split_story(story_id, story)

    def _split_story(self, story_id: int, story: _Story) -> None:
        """Cut the story in two when cluster.split says its articles are two stories: the part of its
        first article keeps it, the other becomes a new story (see take_moves)."""
        p, members = self.params, story.members
        moved = split.second_part([m.ids for m in members], [m.vals for m in members], p.split_tau, p.split_part)
        if moved is None:
            return
        at = {m.article_id: k for k, m in enumerate(members)}
        for k, m in enumerate(members):  # a copy goes with its original
            if m.original in at:
                moved[k] = moved[at[m.original]]
        stay = [m for m, go in zip(members, moved.tolist()) if not go]
        gone = [m for m, go in zip(members, moved.tolist()) if go]
        if not gone:
            return
        new_id = self.next_id
        self.next_id += 1
        self.index.drop(story_id, story.index_terms.tolist())
        if self._crowd is not None:
            self._crowd.remove(story.last_day)
        for sid, part in ((story_id, stay), (new_id, gone)):
            rebuilt = self._rebuilt(part, story)
            self.stories[sid] = rebuilt
            self._index(sid, rebuilt, sorted({t for m in part for t in _heaviest(m.ids, m.vals, p.top_terms)}))
            if self._crowd is not None:
                self._crowd.add(rebuilt.last_day)
        for m in gone:
            self.moved[m.article_id] = new_id
            if self.story_of.get(m.article_id) == story_id:
                self.story_of[m.article_id] = new_id
        if self._saved is not None:
            self._saved[story_id] = -1  # its row changed whatever its size

    def _rebuilt(self, members: list[_Member], was: _Story) -> _Story:
        """A story of these articles (titles and names, which the merge model reads, kept from ``was``)."""
        story = _Story()
        for k, m in enumerate(members):
            story.add(m.ids, m.vals, self.vocab, self.params.centroid_terms)
            story.add_source(m.source)
            if k and m.cosine is not None:
                story.join_sum += m.cosine
                story.joins += 1
            if m.day is not None:
                story.last_day = max(m.day, story.last_day or m.day)
        story.members = list(members)
        story.lead_ids, story.lead_vals, story.lead_norm = was.lead_ids, was.lead_vals, was.lead_norm
        story.add_names(was.names)
        return story

    def _thin(self, batch: Batch) -> list[bool]:
        """Articles with under thin_terms distinct content stems, or whose words (counted as the
        vectors count them) are at least chrome_share words of web-page chrome."""
        n = len(batch)
        counts = batch.counts.astype(np.float64)
        total = np.bincount(batch.article, counts, n)
        chrome = np.bincount(batch.article, counts * self.vocab.chrome[batch.ids], n)
        few = np.diff(batch.starts) < self.params.thin_terms
        return (few | (chrome >= self.params.chrome_share * np.maximum(total, 1e-9))).tolist()

    def _vectors(self, batch: Batch) -> np.ndarray:
        """Unit TF-IDF weights of each article's ids: sublinear tf, the lead counts once more, and
        the IDF of the stream as it stood when the article came (the batch's earlier ones counted)."""
        ids, article = batch.ids, batch.article
        df = self.vocab.df
        by_id = np.argsort(ids * len(batch) + article)  # by id, then article
        sorted_ids = ids[by_id]
        first = np.flatnonzero(np.diff(sorted_ids, prepend=-1))  # each id's first row
        earlier = np.empty(len(ids), np.int64)
        earlier[by_id] = np.arange(len(ids)) - np.repeat(first, np.diff(np.append(first, len(ids))))
        seen_in = df[ids] + earlier + 1
        np.add.at(df, ids, 1)
        if batch.capitalised is not None:
            np.add.at(self.vocab.capitalised, ids[batch.capitalised], 1)
        docs = self.docs + article + 1
        self.docs += len(batch)
        idf = np.log(docs + (self.params.idf_prior + 1.0)) - np.log(seen_in + 0.5)
        vals = (np.log(batch.counts) + 1.0 + self.params.lead_weight * batch.lead) * idf
        norms = np.sqrt(np.bincount(article, weights=vals * vals, minlength=len(batch)))
        norms[norms == 0] = 1.0
        return vals / norms[article]

    def _tops(self, batch: Batch, vals: np.ndarray) -> list[list[int]]:
        """Each article's top_terms heaviest ids (of equal weights, the earlier in the text first)."""
        article, starts = batch.article, batch.starts
        top_terms = self.params.top_terms
        n = len(batch)
        if not len(vals):
            return [[] for _ in range(n)]
        heavy = np.argsort(-vals)
        heavy = heavy[np.argsort(article[heavy].astype(np.int16), kind="stable")]  # by article (radix)
        sizes = np.diff(starts)
        cut = np.minimum(sizes, top_terms) - 1
        last = np.where(sizes > 0, vals[heavy[np.maximum(starts[:-1] + cut, 0)]], np.inf)[article]
        above = vals > last
        tied = vals == last  # the weight of the last one kept: the earliest of these make up the rest
        room = (np.minimum(sizes, top_terms) - np.bincount(article, above, n).astype(np.int64))[article]
        tied_before = np.cumsum(tied) - tied
        tied_before -= np.append(tied_before, 0)[starts[:-1]][article]
        kept = np.flatnonzero(above | (tied & (tied_before < room)))
        top = batch.ids[kept].tolist()
        bounds = np.searchsorted(article[kept], np.arange(n + 1)).tolist()
        return [top[bounds[k] : bounds[k + 1]] for k in range(n)]

    def _index(self, story_id: int, story: _Story, new_terms: list[int]) -> None:
        """Add index terms to a story; past index_terms, it keeps only those among its heaviest."""
        if new_terms:
            story.index_terms = np.sort(np.concatenate((story.index_terms, np.array(new_terms, np.int32))))
        self.index.add(story_id, new_terms)
        if len(story.index_terms) > self.params.index_terms:
            kept = _among(np.sort(np.array(story.heaviest(self.params.centroid_terms), np.int32)), story.index_terms)
            dropped = story.index_terms[~kept].tolist()
            story.index_terms = story.index_terms[kept]
            self.index.remove(story_id, dropped)

    def _best(self, query: _Query, top: list[int], article_id: str) -> tuple[int | None, float, float]:
        """(best story or None, its score, its cosine). Without a merge model: the story of the
        highest cosine less the gap penalty, at least ``threshold``; a story that has taken two
        articles or more is passed over when the cosine is below ``cohesion`` times the mean
        cosine its own articles joined with (a related story, not this one: one Turkish crisis, not
        another). With one: the story the model gives the highest probability, at least ``merge_cut``."""
        p = self.params
        chosen = self.index.candidates(top, p.candidates)
        threshold = p.threshold
        if p.crowding:  # past crowd_start competing stories, the threshold rises with their log
            threshold += p.crowding * max(0.0, math.log1p(self._crowd_count(query.day)) - math.log1p(p.crowd_start))
        if not chosen:
            return None, threshold, 0.0
        stories = [self.stories[story_id] for story_id in chosen]
        dots = _dots(query.ids, query.vals, [s.ids for s in stories], [s.vals for s in stories], self.vocab)
        learned = self.model is not None and p.merge_cut is not None
        if learned or self.record is not None:
            x = self._features(query, stories, dots)
            if self.record is not None:
                self.record.append((article_id, chosen, x))
            if learned:
                prob = self.model.probability(x).tolist()
                best, best_p, best_cosine = None, p.merge_cut, 0.0
                for story_id, pr, cosine in zip(chosen, prob, x[:, 0].tolist()):
                    if pr >= best_p and (best is None or pr > best_p or story_id < best):
                        best, best_p, best_cosine = story_id, pr, cosine
                return best, best_p, best_cosine
        day = query.day
        best, best_score, best_cosine = None, threshold, 0.0
        for story_id, story, dot in zip(chosen, stories, dots):
            score = cosine = dot / story.norm
            if story.joins >= 2 and cosine < p.cohesion * story.join_sum / story.joins:
                continue
            if day is not None and story.last_day is not None and day > story.last_day:
                score -= p.gap_penalty * math.log1p((day - story.last_day) / 7)
            if score >= best_score and (best is None or score > best_score or story_id < best):
                best, best_score, best_cosine = story_id, score, cosine
        return best, best_score, best_cosine

    def _crowd_count(self, day: int | None) -> int:
        """The open stories an article of this day competes with (cluster.crowd)."""
        window = self.params.crowd_days
        if not window or day is None:
            return len(self.stories)
        if self._crowd is None:
            self._crowd = Crowd([s.last_day for s in self.stories.values()])
        return self._crowd.count(day, window)

    def _features(self, q: _Query, stories: list[_Story], dots: list[float] | None = None) -> np.ndarray:
        """The merge model's features (merge.FEATURES) of the query against each story (``dots``:
        the query's dot products with their centroids, when known)."""
        vocab = self.vocab
        if dots is None:
            dots = _dots(q.ids, q.vals, [s.ids for s in stories], [s.vals for s in stories], vocab)
        cosine = np.array(dots) / [s.norm for s in stories]
        lead = np.array(_dots(q.lead_ids, q.lead_vals, [s.lead_ids for s in stories], [s.lead_vals for s in stories], vocab))
        lead /= [s.lead_norm for s in stories]
        flag = vocab.flag
        flag[q.name_ids] = True
        names = [int(flag[s.name_ids].sum()) for s in stories]
        flag[q.name_ids] = False
        x = np.zeros((len(stories), len(merge.FEATURES)))
        x[:, 0], x[:, 1] = cosine, lead
        mean_join = np.array([s.join_sum / s.joins if s.joins else 0.0 for s in stories])
        x[:, 2] = np.where(mean_join > 0, np.minimum(cosine / np.maximum(mean_join, 1e-9), 3.0), 1.0)
        if len(q.name_ids):
            x[:, 3] = np.array(names) / len(q.name_ids)
            x[:, 4] = [1.0 if len(s.name_ids) else 0.0 for s in stories]
        if q.day is not None:
            for k, s in enumerate(stories):
                if s.last_day is not None:
                    x[k, 5], x[k, 6] = math.log1p(abs(q.day - s.last_day) / 7), 1.0
        if q.source:
            x[:, 7] = [s.sources.get(q.source, 0) / max(s.size, 1) for s in stories]
        x[:, 8] = np.log1p([s.size for s in stories])
        x[:, 9] = cosine - cosine.max()
        return x

    # -- repair ---------------------------------------------------------------------------------
    def repair(self) -> int:
        """The batch pass: each story that took an article since the last pass is compared, as one
        article, with the candidate stories its heaviest terms find; when the model gives a pair at
        least ``repair_cut``, the smaller story is merged into the larger (see take_merges).
        Returns the number of merges."""
        touched, self.touched = sorted(self.touched), set()
        if self.model is None or self.params.repair_cut <= 0:  # (nothing was touched either)
            return 0
        p = self.params
        done = 0
        for story_id in touched:
            story = self.stories.get(story_id)
            if story is None or not len(story.index_terms):  # merged away, closed, or thin
                continue
            chosen = [c for c in self.index.candidates(story.heaviest(p.top_terms), p.candidates + 1) if c != story_id]
            if not chosen:
                continue
            others = [self.stories[c] for c in chosen]
            source = max(story.sources, key=lambda k: (story.sources[k], k)) if story.sources else None
            query = _Query(story.ids, story.vals / story.norm, story.lead_ids, story.lead_vals / story.lead_norm,
                           story.name_ids, story.last_day, source)  # fmt: skip
            prob = self.model.probability(self._features(query, others)).tolist()
            best = max(range(len(chosen)), key=lambda k: (prob[k], -chosen[k]))
            if prob[best] >= p.repair_cut:
                other = chosen[best]
                big = (self.stories[other].size, -other) > (story.size, -story_id)
                self._merge(other if big else story_id, story_id if big else other)
                done += 1
        return done

    def _merge(self, keep_id: int, gone_id: int) -> None:
        """Story gone_id becomes part of keep_id."""
        keep, gone = self.stories[keep_id], self.stories.pop(gone_id)
        self.index.drop(gone_id, gone.index_terms.tolist())
        vocab, terms_kept = self.vocab, self.params.centroid_terms
        keep.add(gone.ids, gone.vals, vocab, terms_kept)
        keep.add_lead(gone.lead_ids, gone.lead_vals, vocab, terms_kept)
        keep.add_names(gone.names)
        for source, n in gone.sources.items():
            keep.add_source(source, n)
        keep.size += gone.size - sum(gone.sources.values())
        keep.join_sum += gone.join_sum
        keep.joins += gone.joins
        both = None if keep.members is None or gone.members is None else keep.members + gone.members
        keep.members = both if both is not None and len(both) <= self.params.split_max else None
        before = keep.last_day
        if gone.last_day is not None:
            keep.last_day = max(gone.last_day, keep.last_day or gone.last_day)
        if self._crowd is not None:
            self._crowd.remove(gone.last_day)
            self._crowd.move(before, keep.last_day)
        self._index(keep_id, keep, np.setdiff1d(gone.index_terms, keep.index_terms).tolist())
        self.stories.move_to_end(keep_id)
        for article_id, story_id in self.story_of.items():
            if story_id == gone_id:
                self.story_of[article_id] = keep_id
        for story_id, into in self.merged.items():
            if into == gone_id:
                self.merged[story_id] = keep_id
        self.merged[gone_id] = keep_id
        self.touched.discard(gone_id)

    def _remember(self, article_id: str, story_id: int) -> None:
        self.story_of[article_id] = story_id
        if len(self.story_of) > 2 * self.params.copy_window:
            for old in list(self.story_of)[: len(self.story_of) // 2]:
                del self.story_of[old]

    def _expire(self) -> None:
        """Close the dated stories whose last article is more than expire_days before the newest
        date seen (undated stories stay open), when most articles so far had a date: in a stream of
        undated pages, a date found in a few of them does not tell the time of the stream."""
        if self.dated < 0:
            return
        cutoff = self.latest_day - self.params.expire_days
        for story_id in [i for i, s in self.stories.items() if s.last_day is not None and s.last_day < cutoff]:
            self._closed[story_id] = self.key_phrases(story_id)  # asked for once the batch is in
            gone = self.stories.pop(story_id)
            self.index.drop(story_id, gone.index_terms.tolist())
            if self._crowd is not None:
                self._crowd.remove(gone.last_day)

    def _prune_vocabulary(self) -> None:
        """Drop the stems seen in one document only, unless an active story still weighs them."""
        vocab = self.vocab
        wanted = vocab.df > 1
        for story in self.stories.values():
            wanted[story.ids] = True
            wanted[story.lead_ids] = True
            wanted[story.name_ids] = True
        remap = vocab.keep(wanted)
        self._saved = None  # every story's terms renumbered: all rows to save again
        for story in self.stories.values():
            story.ids = remap[story.ids]
            story.lead_ids = remap[story.lead_ids]
            story.names = {int(remap[n]): c for n, c in story.names.items()}
            story.name_ids = remap[story.name_ids]
            terms = remap[story.index_terms]
            story.index_terms = np.sort(terms[terms >= 0]).astype(np.int32)
            for m in story.members or ():
                ids = remap[m.ids]
                m.ids, m.vals = ids[ids >= 0], m.vals[ids >= 0]
        self.index = StoryIndex()
        for sid, story in self.stories.items():
            self.index.add(sid, story.index_terms.tolist())

    # -- reading ------------------------------------------------------------------------------
    def key_phrases(self, story_id: int, n: int = 5) -> list[str]:
        """The story's heaviest terms, as words: capitalised when most articles that hold one write
        it as a name ("Berlusconi", not "berlusconi"); also of a story the last add_many closed."""
        story = self.stories.get(story_id)
        if story is None:
            return self._closed.get(story_id, [])[:n]
        vocab = self.vocab
        stems, surface = vocab.stems, vocab.surface
        ids, vals = story.ids.tolist(), story.vals.tolist()
        heavy = np.argsort(-story.vals, kind="stable").tolist()

        def word(i: int) -> str:
            w = surface[i]
            return w[:1].upper() + w[1:] if 2 * vocab.capitalised[i] > vocab.df[i] else w

        for reach in (4 * n, len(heavy)):  # the heaviest few are enough unless many are numbers
            order = sorted(heavy[:reach], key=lambda k: (-vals[k], stems[ids[k]]))
            words = [w for w in (word(ids[k]) for k in order) if not w.isdigit()]
            if len(words) >= n or reach >= len(heavy):
                return words[:n]
        return []

    # -- state --------------------------------------------------------------------------------
    def state(self) -> State:
        """The state to save, in parts: the head and body whole, and the rows of the stories changed
        since the last call (None for those closed since), or of every open story when the rows saved
        before are unknown or all changed (``whole``: drop any saved rows first). The caller saves it
        or drops this tracker. A story changes only by taking articles (its size grows) or by a
        vocabulary pruning (every story's terms renumbered)."""
        saved, sizes = self._saved, {sid: s.size for sid, s in self.stories.items()}
        if saved is None:
            rows: dict[int, bytes | None] = {sid: _row(s) for sid, s in self.stories.items()}
        else:
            rows = {sid: _row(s) for sid, s in self.stories.items() if saved.get(sid) != s.size}
            rows.update(dict.fromkeys(sorted(saved.keys() - sizes.keys())))  # closed or merged since
        self._saved = sizes
        return State(json.dumps(self._head(), separators=(",", ":")), self._body(), rows, saved is None)

    def forget_saved(self) -> None:
        """The rows saved before are unknown (another writer saved its own): ``state`` gives them all."""
        self._saved = None

    def dumps(self) -> str:
        """The whole state as one JSON text (``loads`` reads it)."""
        head = self._head()
        head["body"] = base64.b64encode(self._body()).decode()
        head["stories"] = [[sid, base64.b64encode(_row(s)).decode()] for sid, s in self.stories.items()]
        return json.dumps(head, separators=(",", ":"))

    @classmethod
    def loads(cls, blob: str | bytes) -> StoryTracker | None:
        """The tracker saved by ``dumps`` (or by version 6 as one JSON text)."""
        return cls.restore(blob)

    @classmethod
    def restore(cls, head: str | bytes, body: bytes | None = None, rows: Iterable[tuple[int, bytes]] = ()) -> StoryTracker | None:  # fmt: skip
        """The tracker saved as ``state`` gave it (its head, the body and the rows of its open stories),
        or by ``dumps`` (the head alone), with its parameters (defaults when the state has none); None
        if saved by another version, or with rows missing (recluster then)."""
        collecting = gc.isenabled()
        gc.disable()  # objects by the hundred thousand and no cycles: a collection would only walk them
        try:
            return cls._restore(head, body, rows)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _restore(cls, head: str | bytes, body: bytes | None, rows: Iterable[tuple[int, bytes]]) -> StoryTracker | None:
        data = json.loads(head)
        if data.get("version") == 6:  # one JSON text: read once, then saved whole in parts
            return cls._restore_v6(data)
        if data.get("version") != STATE_VERSION:
            return None
        if "body" in data:  # dumps
            body = base64.b64decode(data["body"])
            rows = ((sid, base64.b64decode(row)) for sid, row in data["stories"])
        if body is None:
            return None
        tracker = cls._restore_head(data)
        if tracker is None:
            return None
        stems, surface, df, order, *capitalised = _split(zlib.decompress(body))  # (none in a state saved before)
        tracker._restore_vocabulary(bytes(stems).decode(errors="surrogatepass"),
                                    bytes(surface).decode(errors="surrogatepass"), np.frombuffer(df, "<i8"),
                                    np.frombuffer(capitalised[0], "<i8") if capitalised else None)  # fmt: skip
        stories = _stories(rows)
        order = np.frombuffer(order, "<i8").tolist()
        if len(order) != len(stories) or stories.keys() != set(order):
            return None
        for sid in order:
            tracker.stories[sid] = stories[sid]
        room = min(tracker.params.max_open, max(1024, 2 * len(order)))  # slots: the open stories at most
        tracker.index = StoryIndex.of([(sid, s.index_terms) for sid, s in tracker.stories.items()], room)
        if "body" not in data:
            tracker._saved = {sid: s.size for sid, s in tracker.stories.items()}  # the rows it came from
        return tracker

    @classmethod
    def _restore_head(cls, data: dict) -> StoryTracker | None:
        saved = ADDED_PARAMS | data["params"] if "params" in data else {}
        try:  # parameters added since the state was saved take the values that kept its stories
            tracker = cls(TrackerParams(**saved))
        except TypeError:  # a parameter this version does not know
            return None
        tracker.docs = data["docs"]
        tracker.next_id = data["next_id"]
        tracker.latest_day, tracker.dated = data["latest_day"], data["dated"]
        tracker.newest_day = data.get("newest_day", tracker.latest_day)  # (saved before it was kept)
        tracker.copies = CopyFinder.from_dict(data["copies"], **tracker.params.copy_finder())
        tracker.story_of = data["story_of"]
        tracker.merged = dict(data["merged"])
        tracker.moved = dict(data.get("moved", ()))
        tracker.touched = set(data["touched"])
        return tracker

    def _restore_vocabulary(self, stems: str, surface: str, df: np.ndarray, capitalised: np.ndarray | None = None) -> None:
        vocab = self.vocab
        stems_list = stems.split("\n") if stems else []
        vocab.extend(stems_list, surface.split("\n"))
        vocab.df[: len(stems_list)] = df
        if capitalised is not None:
            vocab.capitalised[: len(stems_list)] = capitalised

    def _head(self) -> dict:
        return {
            "version": STATE_VERSION, "params": asdict(self.params), "docs": self.docs, "next_id": self.next_id,
            "latest_day": self.latest_day, "newest_day": self.newest_day, "dated": self.dated,
            "merged": [[a, b] for a, b in self.merged.items()], "touched": sorted(self.touched),
            "moved": list(self.moved.items()),
            "copies": self.copies.to_dict(), "story_of": self.story_of,
        }  # fmt: skip

    def _body(self) -> bytes:
        """The vocabulary (stems, word forms, document frequencies), the open stories' order and how
        many articles write each stem as a name."""
        vocab = self.vocab
        parts = [
            "\n".join(vocab.stems).encode(errors="surrogatepass"),
            "\n".join(vocab.surface).encode(errors="surrogatepass"),
            vocab.df[: len(vocab)].astype("<i8").tobytes(),
            np.fromiter(self.stories, "<i8", len(self.stories)).tobytes(),
            vocab.capitalised[: len(vocab)].astype("<i8").tobytes(),
        ]
        return zlib.compress(_join(parts), 1)

    @classmethod
    def _restore_v6(cls, data: dict) -> StoryTracker | None:
        """A state saved whole by version 6 (the same state as one JSON text)."""
        tracker = cls._restore_head(data)
        if tracker is None:
            return None
        tracker._restore_vocabulary(data["stems"], data["surface"], _unpack(data["df"], np.int64))
        all_ids = _unpack(data["centroid_ids"], np.int64)
        all_vals = _unpack(data["centroid_vals"], np.float64)
        lead_ids = _unpack(data["lead_ids"], np.int64)
        lead_vals = _unpack(data["lead_vals"], np.float64)
        start = lead_start = 0
        for sid, size, last_day, index_terms, join_sum, joins, lead_size, names, sources, n in data["stories"]:
            end, lead_end = start + size, lead_start + lead_size
            story = _Story(all_ids[start:end].copy(), all_vals[start:end].copy())
            story.lead_ids = lead_ids[lead_start:lead_end].copy()
            story.lead_vals = lead_vals[lead_start:lead_end].copy()
            story.lead_norm = float(np.sqrt(story.lead_vals @ story.lead_vals)) or 1.0
            story.add_names(dict(names))
            story.sources, story.size = sources, n
            start, lead_start = end, lead_end
            story.join_sum, story.joins = join_sum, joins
            story.last_day = last_day
            story.index_terms = np.unique(np.array(index_terms, np.int32))
            tracker.stories[sid] = story
            tracker.index.add(sid, story.index_terms.tolist())
        return tracker


@dataclass(frozen=True)
class State:
    """A tracker's state in parts (StoryTracker.state): ``head``, JSON (parameters, counters, the copy
    finder's window); ``body``, binary (vocabulary, story order); ``rows``, one binary row per story
    (None: the story closed); ``whole``: rows of every open story, any saved before to be dropped."""

    head: str
    body: bytes
    rows: dict[int, bytes | None]
    whole: bool


# A story's row: these numbers, its integers (stem ids, then lead stem ids, index terms, names and
# their counts: int32) and its weights (float64 as they are: a story reads back bit for bit),
# little-endian, then its sources as JSON.
_ROW = struct.Struct("<qqdqIIIII")  # size, joins, join_sum, last_day (-1: none); lengths of the rest
_NO_DAY = -1


def _missing(held: np.ndarray, terms: list[int]) -> list[int]:
    """The terms not among ``held`` (sorted), in their order."""
    if not len(held) or not terms:
        return list(terms)
    query = np.array(terms, np.int32)
    return query[~_among(held, query)].tolist()


def _among(held: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Which of ``query`` are in ``held`` (sorted, not empty): np.isin, without its overhead on small arrays."""
    at = np.minimum(np.searchsorted(held, query), len(held) - 1)
    return held[at] == query


def _heaviest(ids: np.ndarray, vals: np.ndarray, n: int) -> list[int]:
    """The ids of the n heaviest weights (all when there are no more)."""
    if len(ids) <= n:
        return ids.tolist()
    return ids[_top(vals, n)].tolist()


def _top(vals: np.ndarray, n: int) -> np.ndarray:
    """The places (ascending) of the n largest of ``vals`` (n < len(vals)); of those equal to the
    n-th largest, the first. np.argpartition leaves equal weights in an order that depends on the
    CPU's vector instructions (numpy picks them at run time), so the same stream would make other
    stories on another machine."""
    cut = np.partition(vals, len(vals) - n)[len(vals) - n]  # the n-th largest: a value, the same on every CPU
    above = np.flatnonzero(vals > cut)
    return np.sort(np.concatenate((above, np.flatnonzero(vals == cut)[: n - len(above)])))


def _row(s: _Story) -> bytes:
    names = s.names
    index = s.index_terms
    sources = json.dumps(list(s.sources.items()), ensure_ascii=False).encode() if s.sources else b""
    last_day = _NO_DAY if s.last_day is None else s.last_day
    counts = (len(s.ids), len(s.lead_ids), len(index), len(names), len(sources))
    rest = (s.lead_ids, index, np.fromiter(names, np.int64, len(names)), np.fromiter(names.values(), np.int64, len(names)))
    return b"".join((
        _ROW.pack(s.size, s.joins, s.join_sum, last_day, *counts),
        s.ids.astype("<i4").tobytes(), np.concatenate(rest).astype("<i4").tobytes(),
        s.vals.astype("<f8").tobytes(), s.lead_vals.astype("<f8").tobytes(),
        sources, b"" if s.members is None else _members_bytes(s.members),
    ))  # fmt: skip


# A story's articles (when kept: after its sources, which a reader of rows without them stops at):
# the length of their JSON (id, copied id, day, cosine, source, term count of each), the JSON, their
# stem ids (int32) and weights (float64).
_MEMBERS = struct.Struct("<I")


def _members_bytes(members: list[_Member]) -> bytes:
    meta = json.dumps([[m.article_id, m.original, m.day, m.cosine, m.source, len(m.ids)] for m in members],
                      ensure_ascii=False, separators=(",", ":")).encode(errors="surrogatepass")  # fmt: skip
    ids = np.concatenate([m.ids for m in members]) if members else _EMPTY_IDS
    vals = np.concatenate([m.vals for m in members]) if members else _EMPTY_VALS
    return _MEMBERS.pack(len(meta)) + meta + ids.astype("<i4").tobytes() + vals.astype("<f8").tobytes()


def _members(blob: bytes) -> list[_Member]:
    (length,) = _MEMBERS.unpack_from(blob)
    at = _MEMBERS.size
    meta = json.loads(bytes(blob[at : at + length]).decode(errors="surrogatepass"))
    at += length
    total = sum(row[5] for row in meta)
    ids = np.frombuffer(blob, "<i4", total, at).astype(np.int64)
    vals = np.frombuffer(blob, "<f8", total, at + 4 * total).astype(np.float64)
    out, start = [], 0
    for article_id, original, day, cosine, source, count in meta:
        out.append(_Member(article_id, original, day, cosine, source, ids[start : start + count], vals[start : start + count]))
        start += count
    return out


def _stories(rows: Iterable[tuple[int, bytes]]) -> dict[int, _Story]:
    """The stories of these rows, their sources read as one JSON text (a parse per row costs more
    than the rest of the row)."""
    stories: dict[int, _Story] = {}
    sourced: list[_Story] = []
    texts: list[bytes] = []
    for sid, row in rows:
        story, sources = _story(row)
        stories[sid] = story
        if sources:
            sourced.append(story)
            texts.append(sources)
    for story, pairs in zip(sourced, json.loads(b"[" + b",".join(texts) + b"]") if texts else ()):
        story.sources = dict(pairs)
    return stories


def _story(row: bytes) -> tuple[_Story, bytes]:
    """The story of a row but its sources, and the JSON of those (``_stories`` reads them)."""
    size, joins, join_sum, last_day, n_ids, n_lead, n_index, n_names, n_sources = _ROW.unpack_from(row)
    at = _ROW.size
    ids = np.frombuffer(row, "<i4", n_ids, at).astype(np.int64)
    at += 4 * n_ids
    ints = np.frombuffer(row, "<i4", n_lead + n_index + 2 * n_names, at)  # the rest, read as the row is
    at += ints.nbytes
    story = _Story(ids, np.frombuffer(row, "<f8", n_ids, at).astype(np.float64))
    at += 8 * n_ids
    if n_lead:
        story.lead_ids = ints[:n_lead].astype(np.int64)
        story.lead_vals = np.frombuffer(row, "<f8", n_lead, at).astype(np.float64)
        story.lead_norm = float(np.sqrt(story.lead_vals @ story.lead_vals)) or 1.0
        at += 8 * n_lead
    story.index_terms = ints[n_lead : n_lead + n_index].astype(np.int32)
    if n_names:
        k = n_lead + n_index
        story.add_names(dict(zip(ints[k : k + n_names].tolist(), ints[k + n_names :].tolist())))
    story.size, story.joins, story.join_sum = size, joins, join_sum
    story.last_day = None if last_day == _NO_DAY else last_day
    if len(row) > at + n_sources:
        story.members = _members(row[at + n_sources :])
    return story, row[at : at + n_sources]


def _join(parts: list[bytes]) -> bytes:
    return struct.pack(f"<I{len(parts)}Q", len(parts), *map(len, parts)) + b"".join(parts)


def _split(blob: bytes) -> list[memoryview]:
    (n,) = struct.unpack_from("<I", blob)
    lengths = struct.unpack_from(f"<{n}Q", blob, 4)
    view, at, out = memoryview(blob), 4 + 8 * n, []
    for length in lengths:
        out.append(view[at : at + length])
        at += length
    return out


@dataclass(frozen=True)
class _Query:
    """What the tracker compares with candidate stories: an article, or a story in the repair pass."""

    ids: np.ndarray
    vals: np.ndarray  # unit
    lead_ids: np.ndarray
    lead_vals: np.ndarray  # unit
    name_ids: np.ndarray
    day: int | None
    source: str | None


def _dots(ids: np.ndarray, vals: np.ndarray, story_ids: list[np.ndarray], story_vals: list[np.ndarray],
          vocab: Vocabulary) -> list[float]:  # fmt: skip
    """The dot product of one sparse vector with each of several."""
    dense = vocab.scratch
    dense[ids] = vals
    products = dense[np.concatenate(story_ids)] * np.concatenate(story_vals)
    dense[ids] = 0.0
    lengths = [len(x) for x in story_ids]
    ends = np.cumsum(lengths)
    if min(lengths) > 0:
        return np.add.reduceat(products, ends - lengths).tolist()
    sums = np.concatenate(([0.0], np.cumsum(products)))
    return (sums[ends] - sums[ends - lengths]).tolist()


def _unpack(text: str, dtype) -> np.ndarray:
    return np.frombuffer(zlib.decompress(base64.b64decode(text)), dtype).copy()
