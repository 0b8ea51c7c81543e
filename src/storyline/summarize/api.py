"""summarize(): one entry point for every method, returning cited, ordered, budgeted summaries."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model import Article, Citation, Summary, SummarySentence
from storyline.summarize import baselines, concept_ilp
from storyline.summarize.units import chronological, make_units

METHODS = ("ilp", "lead", "centroid", "lexrank", "textrank")


def summarize(
    articles: Sequence[Article],
    words: int = 100,
    method: str = "ilp",
    seen: Sequence[Article] = (),
    query: str | None = None,
) -> Summary:
    """A summary of the articles in at most `words` words, made of whole cited source sentences.

    `seen` articles are what the reader already knows: their information counts for nothing and
    sentences repeating them are left out (an update summary); when nothing new is left the
    summary is empty with nothing_new=True. `query` (a topic statement) favours what speaks to it.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    seen_ids = {a.id for a in seen}
    ordered = chronological([a for a in articles if a.id not in seen_ids])
    units = make_units(ordered)
    seen_units = make_units(seen) if seen else []
    if method == "ilp":
        chosen = concept_ilp.select(units, len(ordered), words, seen_units, query)
    else:
        chosen = baselines.select(method, units, words, seen_units)
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
    return Summary(
        sentences=sentences,
        article_ids=cited,
        method=method,
        words=words,
        nothing_new=bool(seen) and not sentences,
    )
