"""story_facts: a story's entities and its quantities lined up across sources."""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from storyline.facts.entities import mine_entities
from storyline.facts.groups import HISTORY, group_quantities
from storyline.facts.model import Quantity, StoryFacts
from storyline.facts.quantities import extract
from storyline.model import Article, Citation
from storyline.text.common import rare
from storyline.text.display import readable

# A big story (more articles than any facts fixture) is read by its articles' leads, as the
# summarizer reads it: past MAX_ARTICLES articles, each one's first LEAD_SENTENCES sentences,
# where its names and figures are. Every article still counts, and every day keeps its reports.
MAX_ARTICLES, LEAD_SENTENCES = 50, 5
_YEAR = re.compile(r"(?<![\d,.])(1[6-9]\d\d|20\d\d)(?!\d|[,.]\d)")  # "in April 1998, when", not "1,998" or "2009.5"


def article_quantities(article: Article) -> list[Quantity]:
    """Every quantity in an article, each cited to its sentence. A figure in a sentence that names
    a year before the one before the report ("the 1918 flu killed 50 million people") is history:
    it keeps no event, so that it is neither the story's toll nor a development of it, and joins
    no group of the story's own figures (group_quantities)."""
    out = []
    for s in article.sentences:
        history = _of_history(s.text, article)
        for f in extract(s.text):
            context, key = (None, f.key.rsplit("|", 1)[0] + "|" + HISTORY) if history else (f.context, f.key)
            out.append(
                Quantity(
                    text=as_shown(readable(f.text), s.display),
                    value=f.value,
                    citation=Citation(article.id, s.index),
                    low=f.low,
                    high=f.high,
                    qualifier=f.qualifier,
                    unit=f.unit,
                    dimension=f.dimension,
                    base=f.base,
                    counts=f.counts,
                    context=context,
                    key=key,
                    source=article.source,
                    date=article.published,
                    place=f.place,
                )
            )
    return out


def as_shown(span: str, display: str | None) -> str:
    """A quoted span as the sentence's display writes it: the names that the display of a lowercased
    sentence re-cased ("half of deir al-zor city" -> "half of Deir al-Zor city"), but for the capital
    of an everyday word that opens the sentence ("forty thousand residents"); as it is when the display
    does not hold it."""
    if not display or span in display:
        return span
    found = re.search(re.escape(span), display, re.IGNORECASE)
    if found is None:
        return span
    first = span.split(" ", 1)[0].lower().split("-")
    if found.start() == 0 and not rare(first):  # the capital that opens the display's sentence ("Six-year-old")
        return span[:1] + found[0][1:]
    return found[0]


def _of_history(text: str, article: Article) -> bool:
    published = article.published
    return published is not None and any(int(y) < published.year - 1 for y in _YEAR.findall(text))


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
