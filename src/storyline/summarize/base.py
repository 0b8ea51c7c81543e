"""What every summarizer shares: its sentence rules and the summary made of the sentences it selects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from storyline.model import Article, Citation, Summary, SummarySentence
from storyline.summarize.filters import Rules
from storyline.summarize.units import Unit, chronological, make_units
from storyline.text import chrome

CHROME_SHARE = 0.3  # default of Summarizer.chrome_share


@dataclass(frozen=True)
class Summarizer(Rules):
    """A summary method: its parameters are its fields (the sentence rules first), each with its
    tuned default; a subclass names itself and implements ``select``."""

    name: ClassVar[str] = ""
    # A big story (more articles than any summarization test set) is read by its articles' leads:
    # of more than max_articles new or seen articles, only each one's first lead_sentences
    # sentences count (a 380-article story: 12,000 sentences, 1,900 read).
    max_articles: int = 50
    lead_sentences: int = 5
    # An article at least this share of whose words are web-page chrome (text.chrome: an archive
    # banner, a social-media embed) is no source of summary sentences, as it is no part of a story's
    # centroid for the tracker (chosen by bench/validate.py; 1.01: off). A story of such articles
    # only still has its summary.
    chrome_share: float = CHROME_SHARE

    def summarize(
        self,
        articles: Sequence[Article],
        words: int = 100,
        query: str | None = None,
        seen: Sequence[Article] = (),
        cache: dict | None = None,
    ) -> Summary:
        """A summary of the articles in at most `words` words, made of whole cited source sentences.
        `seen` articles are what the reader already knows: their information counts for nothing and
        sentences repeating them are left out (an update summary); when nothing new is left the
        summary is empty with nothing_new=True (with fits_in instead when a larger budget would hold a
        sentence). `query` (a topic statement) favours what speaks to it
        (in the methods that use one). `cache` (a dict kept by the caller) holds the prepared
        sentences for the next summary of the same articles (make_units)."""
        seen_ids = {a.id for a in seen}
        ordered = self.ordered([a for a in articles if a.id not in seen_ids])
        units = make_units(ordered, self.reach_of(ordered), cache)
        seen_units = make_units(seen, self.reach_of(seen), cache) if seen else []
        chosen = self.select(units, len(ordered), words, seen_units, query)
        chosen.sort(key=lambda pair: (pair[0].doc, pair[0].position))
        sentences = [
            SummarySentence(
                citation=Citation(u.article.id, u.sentence.index),
                text=u.shown,
                original=u.sentence.text,
                score=round(score, 4),
            )
            for u, score in chosen
        ]
        cited = list(dict.fromkeys(s.article_id for s in sentences))
        fits_in = None
        if not sentences:  # too small a budget, or nothing to say? The budget of the longest sentence tells
            longest = max((u.length for u in units), default=0)
            probe = self.select(units, len(ordered), longest, seen_units, query) if longest > words else []
            fits_in = min((u.length for u, _ in probe), default=None)
        return Summary(
            sentences=sentences,
            article_ids=cited,
            method=self.name,
            words=words,
            nothing_new=bool(seen) and not sentences and fits_in is None,
            fits_in=fits_in,
        )

    def ordered(self, articles: Sequence[Article]) -> list[Article]:
        """The articles a summary reads, by date: those that are not web-page chrome (news)."""
        ordered = chronological(articles)
        return self.news(ordered, self.reach_of(ordered))

    def news(self, articles: Sequence[Article], reach: int | None = None) -> list[Article]:
        """The articles that are not web-page chrome (all of them when every one is), each judged
        by its first `reach` sentences (all when None): those a summary reads."""
        kept = [
            a for a in articles
            if chrome.share(st for s in a.sentences[:reach] for st in s.analysis.content_stems) < self.chrome_share
        ]  # fmt: skip
        return kept or list(articles)

    def reach_of(self, articles: Sequence[Article]) -> int | None:
        """How many of each article's first sentences are read: all but in a big story."""
        return self.lead_sentences if self.big(len(articles)) else None

    def big(self, n_articles: int) -> bool:
        """Whether a story of this many articles is a big story (more than max_articles)."""
        return n_articles > self.max_articles

    def select(
        self, units: Sequence[Unit], n_docs: int, budget: int, seen: Sequence[Unit] = (), query: str | None = None
    ) -> list[tuple[Unit, float]]:
        """(sentence, score) pairs within the budget, from the new articles' units (chronological
        article order, then position); `seen` are the units of the articles already read."""
        raise NotImplementedError
