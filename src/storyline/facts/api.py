"""story_facts: a story's entities and its quantities lined up across sources."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.facts.entities import mine_entities
from storyline.facts.groups import group_quantities
from storyline.facts.model import Quantity, StoryFacts
from storyline.facts.quantities import extract
from storyline.model import Article, Citation
from storyline.text.display import readable


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


def story_facts(articles: Sequence[Article], *, background: Sequence[Article] = ()) -> StoryFacts:
    """Entities (contrasted with `background`, other stories' articles) and grouped quantities."""
    ids = [a.id for a in articles]
    quantities = [q for a in articles for q in article_quantities(a)]
    return StoryFacts(
        article_ids=ids,
        entities=mine_entities(articles, background),
        groups=group_quantities(quantities, ids),
    )
