"""story_facts: a story's entities and its quantities lined up across sources."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from storyline.facts.entities import mine_entities
from storyline.facts.groups import group_quantities
from storyline.facts.model import Quantity, StoryFacts
from storyline.facts.quantities import extract
from storyline.model import Article, Citation
from storyline.text.display import readable

# A big story (more articles than any facts fixture) is read by its articles' leads, as the
# summarizer reads it: past MAX_ARTICLES articles, each one's first LEAD_SENTENCES sentences,
# where its names and figures are. Every article still counts, and every day keeps its reports.
MAX_ARTICLES, LEAD_SENTENCES = 50, 5


def article_quantities(article: Article) -> list[Quantity]:
    """Every quantity in an article, each cited to its sentence."""
    out = []
    for s in article.sentences:
        for f in extract(s.text):
            out.append(
                Quantity(
                    text=readable(f.text),
                    value=f.value,
                    citation=Citation(article.id, s.index),
                    low=f.low,
                    high=f.high,
                    qualifier=f.qualifier,
                    unit=f.unit,
                    dimension=f.dimension,
                    base=f.base,
                    counts=f.counts,
                    context=f.context,
                    key=f.key,
                    source=article.source,
                    date=article.published,
                )
            )
    return out


def story_facts(
    articles: Sequence[Article],
    *,
    background: Sequence[Article] = (),
    max_articles: int = MAX_ARTICLES,
    lead_sentences: int = LEAD_SENTENCES,
) -> StoryFacts:
    """Entities (contrasted with `background`, other stories' articles) and grouped quantities;
    past ``max_articles`` articles, from each article's first ``lead_sentences`` sentences."""
    ids = [a.id for a in articles]
    if len(articles) > max_articles:
        articles = [dataclasses.replace(a, sentences=a.sentences[:lead_sentences]) for a in articles]
    with _gc_paused():
        quantities = [q for a in articles for q in article_quantities(a)]
        return StoryFacts(
            article_ids=ids,
            entities=mine_entities(articles, background),
            groups=group_quantities(quantities, ids),
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cycle collector paused while mining makes tens of thousands of small acyclic objects:
    beside a big story's articles its passes took a third of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
