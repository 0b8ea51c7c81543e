"""Story timelines: the most important dates of a story and the best sentences about each.

A sentence speaks about the days its date expressions resolve to; a lead sentence without one
speaks about its article's publication day. A date matters as much as the number of articles
that mention it (date references beat publication counts: Tran et al. 2013; Ghalandari & Ifrim
2020), and each report published on that day counts a quarter of a mention (PUBLISHED_WEIGHT).
A day next to a chosen one may count for less (``neighbour``; not by default, as bench/fit_dates.py
chooses), except in a story of a few days, where each day is news of its own. For each chosen date
the sentences closest to the date's own centroid and to the story as a whole are taken, never a
near-copy of one already chosen (in the spirit of news-tls DATEWISE with a centroid
summarizer). Days after the latest report are left out: what is announced for them has not
happened yet (docs/decisions.md). Days long before the first report are history (context), unless
half the articles mention them. The story's latest development (the day a report of the newest
day opens with) takes the last place of a timeline of two or more dates if the ranking has not
chosen it: a reader of a developing story looks for it. A story of
more than 50 articles is read from each article's first 25 sentences. The day ranking may instead
be the learned one of timeline/learned.py (``model``), off by default: leave-one-topic-out on the
dev records it does not beat these counts (bench/fit_dates.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse

from storyline.model import Article, Citation, DateMention, Sentence, SummarySentence, TimelineEntry
from storyline.text.boilerplate import boilerplate
from storyline.text.dateline import quoted
from storyline.text.display import readable
from storyline.text.tokens import content_stems, word_count
from storyline.text.vectors import tfidf
from storyline.timeline.dates import announced as announces
from storyline.timeline.dates import resolve_dates
from storyline.timeline.learned import day_features, load_model, model_scores

# Defaults of TimelineBuilder's parameters.
LEAD = 5  # sentences at the top of a report that speak about its publication day
MIN_WORDS, MAX_WORDS = 6, 60  # sentences outside this range make poor timeline entries
# cosine above which two sentences say the same thing; checked by bench/fit_dates.py's sentence part:
# chosen per held-out topic, no other value beats this default, so it stays (docs/decisions.md)
DUPLICATE = 0.5
# The date ranking and the sentence choice: each part's setting chosen on all Timeline17 dev topics
# by bench/fit_dates.py (its docstring gives the rule, its output the in-sample and LOTO figures).
PUBLISHED_WEIGHT = 0.25  # a report published on a day counts a quarter of a mention of it
NEIGHBOUR = 1.0  # a day next to a chosen one counts this many times its score (below 1: it is often the same event)
DENSE = 2  # ... unless the story was reported over at most DENSE days per wanted date: then each day is news
# A day this long before the first report is history, unless this share of the articles mention it
# (a rule, not fitted: the Timeline17 protocol cuts the input to the reference's span, so no score sees it).
HISTORY_DAYS, HISTORY_SHARE = 60, 0.5
# The latest development's day takes the last place if not ranked above it (a rule, not fitted; bench/fit_dates.py prints it on and off).
LATEST = True
STORY_WEIGHT = 1.0  # weight of story-wide salience against centrality within the date
LEAD_BONUS, TOP = 0.0, 2  # a report's first TOP sentences score this much more
# The learned date ranking (bench/fit_dates.py) is shipped as "dates_model.json" but off by default:
# leave-one-topic-out, with its setting chosen on the other topics, it trades align R1 for date F1
# against these counts on the dev records, and in a story of a few days it passes over a day next to a chosen one.
MODEL = None
MENTION_BONUS = 0.0  # how much more a sentence that names its day scores than a lead taken for it
# A story of more than MAX_ARTICLES articles is read from each article's first REACH sentences
# (bench/fit_dates.py, as above): deeper down a long report recalls background, and REACH bounds a
# big story's cost.
MAX_ARTICLES, REACH = 50, 25
FIT_ALL = False  # TF-IDF fitted on every sentence read (True) or on the candidate sentences only
ONE_DAY = dt.timedelta(days=1)
_YEAR = re.compile(r"\b\d{4}\b")
_CLOCK_AFTER = re.compile(r"\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\b")
_CLOCK_REACH = 200  # characters before a date that a clock time stamping it stands within ("9:05 pm EDT, Wednesday, ")
_CLOCK_BEFORE = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[A-Z]{2,4}|UK time)?\s*,?\s*(?:[A-Za-z]+day\s*,?\s*)?$")


@dataclass(slots=True, frozen=True)
class Row:
    """A candidate: the sentence, its text without a dateline (as matched and as shown), and how
    many days it speaks about."""

    article: Article
    sentence: Sentence
    text: str
    shown: str
    words: int
    days: int
    explicit: bool = True  # a date expression names its days (not a lead taken as its report's day)
    line: int = -1  # its place among the sentences read (collect's texts)


Scored = tuple[int, float]  # a row number and its score


@dataclass(slots=True)
class _Date:
    mentioned_by: set[str] = field(default_factory=set)  # articles with a sentence about the day
    published: set[str] = field(default_factory=set)  # articles published that day
    sentences: list[int] = field(default_factory=list)  # candidate sentence rows
    lead_mentioned_by: set[str] = field(default_factory=set)  # articles naming the day in their first sentences


@dataclass(slots=True)
class Prepared:
    """What the choice of dates and sentences reads: candidate rows, days, TF-IDF rows and the story centroid."""

    rows: list[Row]
    days: dict[dt.date, _Date]
    vectors: sparse.csr_matrix
    story: np.ndarray


@dataclass(frozen=True)
class TimelineBuilder:
    """Builds timelines with its parameters (defaults: the constants above). ``importance``, when
    given, ranks a day (a ``_Date``) instead of mentions plus published_weight times reports."""

    lead: int = LEAD
    min_words: int = MIN_WORDS
    max_words: int = MAX_WORDS
    duplicate: float = DUPLICATE
    published_weight: float = PUBLISHED_WEIGHT
    story_weight: float = STORY_WEIGHT
    lead_bonus: float = LEAD_BONUS
    top: int = TOP
    neighbour: float = NEIGHBOUR
    dense: int = DENSE
    importance: Callable[[_Date], float] | None = None
    history_days: int = HISTORY_DAYS
    history_share: float = HISTORY_SHARE
    latest: bool = LATEST  # the latest development's day is an entry whatever its rank (of 2+ dates)
    model: str | dict | None = MODEL  # a model file (beside timeline/learned.py) or its dict; None: counts
    mention_bonus: float = MENTION_BONUS  # a sentence that names the day scores this much more than a lead taken for it
    fit_all: bool = FIT_ALL  # TF-IDF fitted on every sentence (True) or on the candidates only
    max_articles: int = MAX_ARTICLES  # a bigger story is read ...
    reach: int | None = REACH  # ... from each article's first ``reach`` sentences (None: every sentence)

    def build(
        self,
        articles: Sequence[Article],
        dates: int | None = None,
        per_date: int = 1,
        words: int | None = None,
        *,
        span: tuple[dt.date, dt.date] | None = None,
    ) -> list[TimelineEntry]:
        """The ``dates`` most important days of the story (a number from the story's size when None),
        each with up to ``per_date`` cited sentences, in date order.

        ``words`` caps the words of the whole timeline; ``span`` keeps only days within it (inclusive).
        Entries are days: month and year mentions date sentences but make no entries.
        """
        if per_date < 1:
            raise ValueError(f"per_date must be at least 1, not {per_date}")
        return self.select(self.prepare(articles, span), articles, dates, per_date, words)

    def prepare(self, articles: Sequence[Article], span: tuple[dt.date, dt.date] | None = None) -> Prepared:
        """The story read once: ``select`` may then be run with other lengths (or other choice parameters)."""
        rows, texts, days = self.collect(articles, span)
        if not rows or not days:
            return Prepared(rows, days, sparse.csr_matrix((0, 1)), np.zeros(1))
        lines = [r.line for r in rows]
        if not self.fit_all:  # the candidates' texts only, each once
            places = {line: k for k, line in enumerate(dict.fromkeys(lines))}
            texts = [_content(r.sentence, r.text) for r in {r.line: r for r in rows}.values()]
            lines = [places[line] for line in lines]
        vectors, story = _vectors(texts, lines)
        return Prepared(rows, days, vectors, story)

    def select(
        self, prepared: Prepared, articles: Sequence[Article], dates: int | None = None, per_date: int = 1, words: int | None = None
    ) -> list[TimelineEntry]:
        """The timeline of a prepared story (see ``build``)."""
        rows, days, vectors, story = prepared.rows, prepared.days, prepared.vectors, prepared.story
        if not rows or not days:
            return []
        published = [a.published for a in articles if a.published]
        scores = self.day_scores(days, articles)
        wanted = dates if dates is not None else default_dates(len(articles))
        budget = words if words is not None else math.inf
        taken: list[int] = []  # rows chosen so far, for the near-duplicate check
        picks: dict[dt.date, tuple[list[Scored], list[Scored]]] = {}  # day -> (ranked candidates, chosen)
        crowded: set[dt.date] = set()  # days next to a chosen one
        dense = bool(published) and (max(published) - min(published)).days <= self.dense * wanted

        def rank(d: dt.date) -> tuple[float, int, dt.date]:
            return scores[d] * (self.neighbour if d in crowded else 1), len(days[d].sentences), d

        # first pass: the dates, each with its best sentence; second pass: more sentences per date
        remaining = set(days)
        newest = _latest(days, rows, max(published), self.lead) if published and self.latest else None
        while remaining and len(picks) < wanted and budget > 0:
            last_slot = len(picks) == wanted - 1 > 0
            day = newest if last_slot and newest in remaining else max(remaining, key=rank)
            remaining.discard(day)
            order = _ranked(self, days[day].sentences, rows, vectors, story)
            first = _take(order, 1, rows, vectors, taken, budget, self.duplicate)
            if first:
                picks[day] = (order, first)
                if not dense:
                    crowded.update(_neighbours(day))
                budget -= rows[first[0][0]].words
        for order, chosen in picks.values():
            more = _take(order, per_date - 1, rows, vectors, taken, budget, self.duplicate)
            chosen.extend(more)
            budget -= sum(rows[i].words for i, _ in more)
        return [
            TimelineEntry(day, "day", [_cited(rows[i], day, score) for i, score in picks[day][1]])
            for day in sorted(picks)
        ]

    def collect(
        self, articles: Sequence[Article], span: tuple[dt.date, dt.date] | None = None
    ) -> tuple[list[Row], list[list[str]], dict[dt.date, _Date]]:
        """Candidate rows, every sentence's content stems and the days the story speaks about:
        within ``span``, not after the latest report, and not history (a day more than
        ``history_days`` before the first report that fewer than ``history_share`` of the
        articles mention: background such as a list of past earthquakes)."""
        rows: list[Row] = []
        texts: list[list[str]] = []  # every sentence's content stems, for the TF-IDF fit
        days: dict[dt.date, _Date] = defaultdict(_Date)
        reach = self.reach if self.reach is not None and len(articles) > self.max_articles else None
        read = -1  # sentences read so far, less one
        newest = max((a.published for a in articles if a.published), default=None)
        stale: dict[dt.date, list[Row]] = {}  # rows of days announced before a report written on or after them
        for article in articles:
            if article.published:
                days[article.published].published.add(article.id)
            for s in article.sentences[:reach]:
                read += 1
                text, shown = quoted(article, s)  # a dateline's date is when the report was filed, not a mention
                if self.fit_all:
                    texts.append(_content(s, text))
                mentions = [m for m in _resolve(text, article.published) if not _timestamp(text, m)]
                mentioned = {m.date for m in mentions if m.granularity == "day"}
                for day in mentioned:
                    days[day].mentioned_by.add(article.id)
                    if s.index < self.lead:
                        days[day].lead_mentioned_by.add(article.id)
                explicit = bool(mentioned)
                if not mentions and s.index < self.lead and article.published:  # "next week" is not today
                    mentioned = {article.published}
                if not mentioned or boilerplate(shown):
                    continue  # a caption, a credit, a reader's comment: its dates count, it is no entry
                announced = set()
                if explicit and newest:  # "will vote on Monday" after a report of the vote: how it went is the entry
                    announced = {m.date for m in mentions if announces(text, m, article.published, newest)}
                shown = readable(shown)
                row = Row(article, s, text, shown, word_count(shown), len(mentioned), explicit, read)
                for day in mentioned:
                    if day in announced:
                        stale.setdefault(day, []).append(row)
                        continue
                    days[day].sentences.append(len(rows))
                    rows.append(row)
        for day, kept in stale.items():  # only the announcement tells of the day: it stands
            if not days[day].sentences:
                for row in kept:
                    days[day].sentences.append(len(rows))
                    rows.append(row)
        published = [a.published for a in articles if a.published]
        low, high = span or (dt.date.min, dt.date.max)
        high = min(high, max(published, default=high))  # a later day is announced, not yet a development
        if published:
            try:
                history = min(published) - dt.timedelta(days=self.history_days)
            except OverflowError:
                history = dt.date.min
            enough = self.history_share * len(articles)
            days = {d: v for d, v in days.items() if d >= history or len(v.mentioned_by) >= enough}
        return rows, texts, {d: v for d, v in days.items() if low <= d <= high}

    def day_scores(self, days: dict[dt.date, _Date], articles: Sequence[Article]) -> dict[dt.date, float]:
        """Each day's importance: ``importance`` when given, else the learned model's probability
        that a timeline names the day (``model``), else mentions plus published_weight times reports."""
        if self.importance is None and self.model:
            order = sorted(days)
            model = self.model if isinstance(self.model, dict) else load_model(self.model)
            return dict(zip(order, model_scores(model, day_features(days, articles, order, model["features"]))))
        return {d: self.day_importance(v) for d, v in days.items()}

    def day_importance(self, day: _Date) -> float:
        if self.importance is not None:
            return self.importance(day)
        return len(day.mentioned_by) + self.published_weight * len(day.published)


timeline = TimelineBuilder().build  # the default parameters


def _latest(days: dict[dt.date, _Date], rows: list[Row], newest: dt.date, lead: int) -> dt.date | None:
    """The story's latest development: the latest day that a report of the newest day opens with,
    the day named by the first of its ``lead`` sentences that names one, else the report's own day."""
    reports: set[str] = set()  # the newest reports
    first: dict[str, int] = {}  # a newest report -> its first lead sentence that names a day
    for r in rows:
        if r.article.published == newest:
            reports.add(r.article.id)
            if r.explicit and r.sentence.index < lead:
                first[r.article.id] = min(first.get(r.article.id, r.sentence.index), r.sentence.index)
    opening = set(first.items())
    found = [d for d, v in days.items() if any((rows[i].article.id, rows[i].sentence.index) in opening for i in v.sentences)]
    if len(first) < len(reports) and newest in days:
        found.append(newest)  # a newest report that names no day in its lead: its news is of its own day
    return max(found, default=None)


def default_dates(n_articles: int) -> int:
    """A timeline length that grows with the story: 3 dates for two reports, 20 for a hundred."""
    return max(2, min(30, round(2 * math.sqrt(n_articles))))


# Sentences whose date mentions a process keeps: a story's timeline is built again after each report
# it takes in, and its older sentences resolve as before (a 355-article story: 7,500 sentences read)
RESOLVED = 1 << 16


@lru_cache(maxsize=RESOLVED)
def _resolve(text: str, published: dt.date | None) -> tuple[DateMention, ...]:
    """The sentence's date mentions; none when resolving one leaves the calendar (near year 1 or 9999)."""
    try:
        return tuple(resolve_dates(text, published))
    except (OverflowError, ValueError):
        return ()


def _neighbours(day: dt.date) -> list[dt.date]:
    """The days before and after ``day``, those that exist (the calendar ends at 0001-01-01 and 9999-12-31)."""
    out = []
    for step in (-ONE_DAY, ONE_DAY):
        try:
            out.append(day + step)
        except OverflowError:
            pass
    return out


def _timestamp(text: str, mention: DateMention) -> bool:
    """A dated clock time ("Wed Jan 8 , 2031 9:05 pm EDT", "Posted by : x | Sep 3 , 2031 2:14 PM")
    stamps a page or a comment; it is not a reference to what happened that day."""
    if not _YEAR.search(mention.expression):
        return False
    before = max(0, mention.start - _CLOCK_REACH)  # (a search from the sentence's start, for each date, is quadratic)
    return bool(_CLOCK_AFTER.match(text, mention.end) or _CLOCK_BEFORE.search(text, before, mention.start))


def _content(sentence: Sentence, text: str) -> list[str]:
    """Content stems of the sentence's text as matched: its analysis, unless a dateline was cut off."""
    return sentence.analysis.content_stems if text == sentence.text else content_stems(text)


def _vectors(texts: list[list[str]], lines: list[int]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """TF-IDF rows of the candidate sentences (``lines``: their places in ``texts``, on which the
    weights are fitted) and the centroid of ``texts``."""
    try:
        everything = tfidf(texts, sublinear=True)
    except ValueError:  # not one content word in the story: every sentence scores alike
        return sparse.csr_matrix((len(lines), 1)), np.zeros(1)
    centroid = np.asarray(everything.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return everything[lines], centroid / norm if norm else centroid


def _ranked(
    p: TimelineBuilder, members: list[int], rows: list[Row], vectors: sparse.csr_matrix, story: np.ndarray
) -> list[Scored]:
    """A date's candidate sentences, best first: central to the date and salient for the story."""
    members = [i for i in dict.fromkeys(members) if p.min_words <= rows[i].words <= p.max_words]
    if not members:
        return []
    block = vectors[members]
    centroid = np.asarray(block.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    scores = block @ (centroid / norm if norm else centroid) + p.story_weight * (block @ story)
    scores /= np.array([rows[i].days for i in members])  # a sentence about several days is less about each
    scores *= 1 + p.lead_bonus * (np.array([rows[i].sentence.index for i in members]) < p.top)
    if p.mention_bonus:
        scores *= 1 + p.mention_bonus * np.array([rows[i].explicit for i in members])
    return [(members[k], float(scores[k])) for k in np.argsort(-scores, kind="stable")]


def _take(
    order: list[Scored],
    n: int,
    rows: list[Row],
    vectors: sparse.csr_matrix,
    taken: list[int],
    budget: float,
    duplicate: float = DUPLICATE,
) -> list[Scored]:
    """Up to n sentences from ``order`` within ``budget`` words that repeat nothing taken so far
    (cosine above ``duplicate``; they are added to ``taken``)."""
    out: list[Scored] = []
    for i, score in order:
        if len(out) >= n:
            break
        size = rows[i].words
        if size > budget or (taken and (vectors[taken] @ vectors[i].T).max() > duplicate):
            continue
        out.append((i, score))
        taken.append(i)
        budget -= size
    return out


def _cited(row: Row, day: dt.date, score: float) -> SummarySentence:
    return SummarySentence(
        Citation(row.article.id, row.sentence.index), text=row.shown, original=row.sentence.text, score=score, date=day
    )
