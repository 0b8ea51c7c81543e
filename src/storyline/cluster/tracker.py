"""Online story clustering: each new article joins the most similar active story or starts one.

An article is a TF-IDF vector (sublinear tf, IDF from the stream so far, smoothed by ``IDF_PRIOR``
unseen documents so that the first articles of a stream are not all strangers). A story is the sum
of its articles' unit vectors, cut to its heaviest terms. Candidate stories come from an inverted
index over each article's top terms; the score is the cosine with the centroid, minus a small
penalty that grows with the log of the days since the story last moved (stories in the dev streams
run for weeks to years, so a Gaussian decay over days would split them). The article joins the best
story scoring at least ``THRESHOLD``. Near-duplicate copies join their original's story and are
marked as copies. Only the ``ACTIVE`` most recently updated stories take new articles, which keeps
memory flat on an endless stream. Same input order, same stories.
"""

from __future__ import annotations

import json
import heapq
import math
from collections import Counter, OrderedDict
from dataclasses import dataclass

from storyline.cluster.dedup import WINDOW, CopyFinder
from storyline.cluster.features import terms
from storyline.model import Article
from storyline.text.tokens import stem, words

THRESHOLD = 0.15
IDF_PRIOR = 100  # pseudo-documents in which no term occurs
LEAD_WEIGHT = 1.0
GAP_PENALTY = 0.02  # per log(1 + days / 7) since the story's last article
TOP_TERMS = 10  # index terms per article
CENTROID_TERMS = 100  # kept after pruning (pruned when 3x as many)
CANDIDATES = 10
ACTIVE = 1000
VOCABULARY = 300_000  # document-frequency table size before rare terms are dropped
STATE_VERSION = 1


_TF = [0.0] + [1.0 + math.log(c) for c in range(1, 64)]


@dataclass(frozen=True)
class Assignment:
    story_id: int
    duplicate_of: str | None = None  # id of the article this one copies
    similarity: float = 0.0


def _weight(item: tuple[str, float]) -> float:
    return item[1]


class _Story:
    __slots__ = ("centroid", "norm", "last_day", "index_terms")

    def __init__(self) -> None:
        self.centroid: dict[str, float] = {}
        self.norm = 1.0
        self.last_day: int | None = None
        self.index_terms: set[str] = set()

    def add(self, vector: dict[str, float]) -> None:
        c = self.centroid
        square = self.norm * self.norm if c else 0.0
        get = c.get
        for t, v in vector.items():
            old = get(t, 0.0)
            c[t] = old + v
            square += v * (2 * old + v)
        if len(c) > 3 * CENTROID_TERMS:
            keep = heapq.nlargest(CENTROID_TERMS, c.items(), key=_weight)
            self.centroid = c = dict(keep)
            square = sum(v * v for v in c.values())
        self.norm = math.sqrt(square) or 1.0


class StoryTracker:
    """Assigns articles to stories as they arrive; ``dumps``/``loads`` keep its state."""

    def __init__(self) -> None:
        self.docs = 0
        self.df: Counter[str] = Counter()
        self.stories: OrderedDict[int, _Story] = OrderedDict()  # active, least recently updated first
        self.index: dict[str, set[int]] = {}
        self.next_id = 1
        self.copies = CopyFinder()
        self.surface: dict[str, str] = {}  # stem -> a word that gave it, for key phrases
        self.story_of: dict[str, int] = {}  # recent article id -> story (for copies)

    # -- assignment ---------------------------------------------------------------------------
    def add(self, article: Article) -> Assignment:
        seq, counts, lead = terms(article)
        original = self.copies.add(article.id, seq)
        day = article.published.toordinal() if article.published else None
        vector = self._vector(counts, lead)
        top = heapq.nlargest(TOP_TERMS, vector, key=vector.__getitem__)
        story_id = self.story_of.get(original) if original else None
        score = 1.0
        if story_id not in self.stories:  # not a copy, or its original's story is closed
            original = None
            story_id, score = self._best(vector, top, day)
        if story_id is None:
            story_id = self.next_id
            self.next_id += 1
            self.stories[story_id] = _Story()
        story = self.stories[story_id]
        story.add(vector)
        self.stories.move_to_end(story_id)
        if day is not None:
            story.last_day = max(day, story.last_day or day)
        for t in top:
            if t not in story.index_terms:
                story.index_terms.add(t)
                self.index.setdefault(t, set()).add(story_id)
        self._remember(article, story_id, top)
        self._evict()
        return Assignment(story_id, original, round(score, 4))

    def _vector(self, counts: Counter[str], lead: set[str]) -> dict[str, float]:
        self.docs += 1
        df = self.df
        get = df.get
        log = math.log
        base = log(self.docs + IDF_PRIOR + 1)
        vector = {}
        for t, c in counts.items():
            d = get(t, 0) + 1
            df[t] = d
            vector[t] = (_TF[c] if c < 64 else 1.0 + log(c)) * (base - log(d + 0.5))
        for t in lead:
            vector[t] += LEAD_WEIGHT * (base - log(df[t] + 0.5))
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def _best(self, vector: dict[str, float], top: list[str], day: int | None) -> tuple[int | None, float]:
        hits: Counter[int] = Counter()
        for t in top:
            hits.update(self.index.get(t, ()))
        best, best_score = None, THRESHOLD
        for story_id, _ in sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]:
            story = self.stories[story_id]
            c = story.centroid
            score = sum(v * c[t] for t, v in vector.items() if t in c) / story.norm
            if day is not None and story.last_day is not None and day > story.last_day:
                score -= GAP_PENALTY * math.log1p((day - story.last_day) / 7)
            if score >= best_score and (best is None or score > best_score or story_id < best):
                best, best_score = story_id, score
        return best, best_score

    def _remember(self, article: Article, story_id: int, top: list[str]) -> None:
        self.story_of[article.id] = story_id
        if len(self.story_of) > 2 * WINDOW:
            for old in list(self.story_of)[: len(self.story_of) // 2]:
                del self.story_of[old]
        wanted = [t for t in top if t not in self.surface]
        if wanted:
            for w in words(f"{article.title or ''} {article.text[:600]}"):
                if len(w) > 1 and stem(w) in wanted:
                    self.surface.setdefault(stem(w), w)

    def _evict(self) -> None:
        while len(self.stories) > ACTIVE:
            story_id, story = self.stories.popitem(last=False)
            for t in story.index_terms:
                posting = self.index.get(t)
                if posting is not None:
                    posting.discard(story_id)
                    if not posting:
                        del self.index[t]
        if len(self.df) > VOCABULARY:
            self.df = Counter({t: n for t, n in self.df.items() if n > 1})
            self.surface = {t: w for t, w in self.surface.items() if t in self.df}

    # -- reading ------------------------------------------------------------------------------
    def key_phrases(self, story_id: int, n: int = 5) -> list[str]:
        """The story's heaviest terms, as words."""
        story = self.stories.get(story_id)
        if story is None:
            return []
        c = story.centroid
        top = sorted(c, key=lambda t: (-c[t], t))
        return [self.surface.get(t, t) for t in top if not t.isdigit()][:n]

    # -- state --------------------------------------------------------------------------------
    def dumps(self) -> str:
        stories = [
            [sid, s.centroid, s.last_day, sorted(s.index_terms)] for sid, s in self.stories.items()
        ]
        return json.dumps({
            "version": STATE_VERSION, "docs": self.docs, "df": self.df, "next_id": self.next_id,
            "stories": stories, "copies": self.copies.to_dict(), "surface": self.surface,
            "story_of": self.story_of,
        }, separators=(",", ":"))  # fmt: skip

    @classmethod
    def loads(cls, blob: str) -> StoryTracker:
        data = json.loads(blob)
        if data.get("version") != STATE_VERSION:
            return cls()
        tracker = cls()
        tracker.docs = data["docs"]
        tracker.df = Counter(data["df"])
        tracker.next_id = data["next_id"]
        for sid, centroid, last_day, index_terms in data["stories"]:
            story = _Story()
            story.centroid = centroid
            story.norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            story.last_day = last_day
            story.index_terms = set(index_terms)
            tracker.stories[sid] = story
            for t in index_terms:
                tracker.index.setdefault(t, set()).add(sid)
        tracker.copies = CopyFinder.from_dict(data["copies"])
        tracker.surface = data["surface"]
        tracker.story_of = data["story_of"]
        return tracker
