"""The JSON shapes the CLI, the web API, the pages and the feeds print, in one place.

Dates are ISO strings; keys are part of the public output: changing one breaks clients.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from storyline.model import Article, Citation, Story, Summary, TimelineEntry, to_jsonable

__all__ = [
    "article_brief",
    "article_detail",
    "article_dict",
    "article_href",
    "facts_view",
    "iso",
    "search_hit",
    "search_result",
    "sentence_context",
    "sources_view",
    "story_dict",
    "summary_view",
    "timeline_view",
    "to_jsonable",
]

CONTEXT = 1  # neighbouring sentences shown on each side of a cited sentence
FACT_GROUPS = 8  # quantity groups shown per status
ENTITIES = 15


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def article_href(article_id: str, index: int | None = None) -> str:
    """The web page of an article (and the anchor of one of its sentences)."""
    href = f"/articles/{quote(article_id, safe='')}"
    return href if index is None else f"{href}#s{index}"


# -- articles and stories ---------------------------------------------------------------
def _article(article: Article, **name: str | None) -> dict[str, Any]:
    """The fields every article shape starts with; `name`: its title or headline."""
    return {"id": article.id, **name, "source": article.source, "place": article.place,
            "published": iso(article.published), "url": article.url}


def summary_article(article: Article) -> dict[str, Any]:
    """An article cited by a summary's JSON (`storyline summarize --json`)."""
    return _article(article, title=article.headline)


def article_dict(article: Article, *, sentences: bool = False) -> dict[str, Any]:
    """An article as the CLI prints it; `sentences`: with its meta and sentences."""
    out = {
        **_article(article, title=article.title),
        "format": article.format,
        "origin": article.origin,
        "sentences_count": len(article.sentences),
    }
    if sentences:
        out["meta"] = to_jsonable(article.meta)
        out["sentences"] = [
            {"index": s.index, "paragraph": s.paragraph, "text": s.display, "original": s.text}
            for s in article.sentences
        ]
    return out


def article_detail(article: Article) -> dict[str, Any]:
    """An article with its sentences as the API shows it: the file it came from by name only."""
    out = article_dict(article, sentences=True)
    if out["origin"]:  # a file's name, not where it lay on the server
        out["origin"] = PurePosixPath(out["origin"].replace("\\", "/")).name
    out["href"] = article_href(article.id)
    return out


def article_brief(article: Article) -> dict[str, Any]:
    """An article named in a summary or a source list."""
    return {**_article(article, headline=article.headline), "href": article_href(article.id)}


def story_dict(story: Story) -> dict[str, Any]:
    """A story in a list (CLI and API alike)."""
    return {
        "id": story.id,
        "headline": story.headline,
        "article_count": story.size,
        "article_ids": story.article_ids,
        "duplicates": story.duplicates,
        "sources": story.sources,
        "first_date": iso(story.first_date),
        "last_date": iso(story.last_date),
        "key_phrases": story.key_phrases,
    }


def search_hit(citation: Citation, text: str) -> dict[str, Any]:
    return {"article_id": citation.article_id, "sentence_index": citation.sentence_index, "text": text}


def search_result(citation: Citation, text: str, article: Article | None) -> dict[str, Any]:
    """A search hit with its article's headline, source and date (API and search page)."""
    return {
        **search_hit(citation, text),
        "headline": article.headline if article else citation.article_id,
        "source": article.source if article else None,
        "published": iso(article.published) if article else None,
        "href": article_href(citation.article_id, citation.sentence_index),
    }


# -- a story's views (API and pages) ----------------------------------------------------
def sentence_context(article: Article, index: int) -> dict[str, Any]:
    """The cited sentence with its neighbours, as shown in a citation panel."""
    texts = [s.display or s.text for s in article.sentences]
    if not 0 <= index < len(texts):
        return {"before": [], "sentence": "", "after": []}
    return {
        "before": texts[max(0, index - CONTEXT) : index],
        "sentence": texts[index],
        "after": texts[index + 1 : index + 1 + CONTEXT],
    }


def summary_view(summary: Summary, by_id: dict[str, Article]) -> dict[str, Any]:
    """A summary whose sentences carry citation numbers [n] (one per cited article) and context."""
    numbers = {aid: n for n, aid in enumerate(summary.article_ids, 1)}
    sentences = []
    for s in summary.sentences:
        article = by_id.get(s.article_id)
        sentences.append(
            {
                "n": numbers.get(s.article_id),
                "text": s.text,
                "article_id": s.article_id,
                "sentence_index": s.sentence_index,
                "date": iso(s.date),
                "href": article_href(s.article_id, s.sentence_index),
                "context": sentence_context(article, s.sentence_index) if article else None,
            }
        )
    citations = [
        {"n": numbers[aid], **article_brief(by_id[aid])} for aid in summary.article_ids if aid in by_id
    ]
    return {
        "method": summary.method,
        "words": summary.words,
        "word_count": summary.word_count,
        "nothing_new": summary.nothing_new,
        "fits_in": summary.fits_in,
        "sentences": sentences,
        "citations": citations,
    }


def timeline_view(entries: list[TimelineEntry], by_id: dict[str, Article]) -> list[dict[str, Any]]:
    out = []
    for entry in entries:
        items = []
        for s in entry.sentences:
            article = by_id.get(s.article_id)
            items.append(
                {
                    "text": s.text,
                    "article_id": s.article_id,
                    "sentence_index": s.sentence_index,
                    "source": article.source if article else None,
                    "published": iso(article.published) if article else None,
                    "href": article_href(s.article_id, s.sentence_index),
                }
            )
        out.append({"date": entry.date.isoformat(), "granularity": entry.granularity, "sentences": items})
    return out


def sources_view(articles: list[Article], story: Story) -> list[dict[str, Any]]:
    """Each source with its articles (copies marked), most articles first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        item = article_brief(a)
        item["copy_of"] = story.duplicates.get(a.id)
        groups.setdefault(a.source or "", []).append(item)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return [{"source": name or None, "count": len(items), "articles": items} for name, items in ordered]


def facts_view(facts: Any) -> dict[str, Any]:
    """Quantities grouped by what they count (conflicting first), and the key entities, each cited."""

    def group(g: Any) -> dict[str, Any]:
        return {
            "label": g.label,
            "status": g.status,
            "statements": [
                {
                    "text": q.text,
                    "source": q.source,
                    "article_id": q.citation.article_id,
                    "sentence_index": q.citation.sentence_index,
                    "href": article_href(q.citation.article_id, q.citation.sentence_index),
                }
                for q in g.quantities
            ],
        }

    return {
        "conflicting": [group(g) for g in facts.conflicting][:FACT_GROUPS],
        "developing": [group(g) for g in facts.developing][:FACT_GROUPS],
        "agreed": [group(g) for g in facts.agreed][:FACT_GROUPS],
        "single_source": [group(g) for g in facts.single_source][:FACT_GROUPS],
        "entities": [
            {
                "name": e.display,
                "aliases": e.aliases,
                "mentions": e.mentions,
                "sources": e.sources,
                "href": article_href(e.first.article_id, e.first.sentence_index) if e.first else None,
            }
            for e in facts.entities[:ENTITIES]
        ],
    }
