"""Summaries for people (text with [n] markers and a numbered source list) and for programs (JSON)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storyline.model import Article, Summary
from storyline.serialize import summary_article


def _index(articles: Iterable[Article]) -> dict[str, Article]:
    return {a.id: a for a in articles}


def source_line(article: Article) -> str:
    """headline — source, place, date (the parts that are known)."""
    parts = [article.headline]
    details = ", ".join(
        x for x in (article.source, article.place, article.published.isoformat() if article.published else None) if x
    )
    if details:
        parts.append(details)
    if article.url:
        parts.append(article.url)
    return " — ".join(parts)


def to_text(summary: Summary, articles: Iterable[Article] | Mapping[str, Article]) -> str:
    """One paragraph of sentences, each followed by [n], then the numbered sources."""
    by_id = articles if isinstance(articles, Mapping) else _index(articles)
    if summary.nothing_new:
        return "Nothing new: the newer articles only repeat what was already read."
    if not summary.sentences:
        return _why_empty(summary, by_id.values())
    number = {aid: n for n, aid in enumerate(summary.article_ids, 1)}
    body = " ".join(f"{s.text} [{number[s.article_id]}]" for s in summary.sentences)
    sources = [
        f"[{n}] {source_line(by_id[aid]) if aid in by_id else aid}" for aid, n in number.items()
    ]
    return body + "\n\nSources:\n" + "\n".join(sources)


def _why_empty(summary: Summary, articles: Iterable[Article]) -> str:
    if not any(s.analysis.words for a in articles for s in a.sentences):
        return "No summary: storyline summarizes text in the Latin alphabet (by English rules), and these articles have none."
    if summary.fits_in is not None:
        words = f"{summary.words:,} word{'s' * (summary.words != 1)}"
        return f"No summary: no sentence fits in {words} (a budget of {summary.fits_in:,} holds one)."
    return "No summary: no sentence could stand on its own."


def sentences_json(summary: Summary) -> list[dict[str, Any]]:
    out = []
    for s in summary.sentences:
        item: dict[str, Any] = {
            "text": s.text,
            "original": s.original,
            "article_id": s.article_id,
            "sentence_index": s.sentence_index,
        }
        if s.date:
            item["date"] = s.date.isoformat()
        out.append(item)
    return out


def to_json(summary: Summary, articles: Iterable[Article] | Mapping[str, Article]) -> dict[str, Any]:
    """{"sentences": [...], "articles": [...]} with the articles in citation-number order."""
    by_id = articles if isinstance(articles, Mapping) else _index(articles)
    return {
        "method": summary.method,
        "words": summary.words,
        "nothing_new": summary.nothing_new,
        "fits_in": summary.fits_in,
        "sentences": sentences_json(summary),
        "articles": [summary_article(by_id[aid]) for aid in summary.article_ids if aid in by_id],
    }


render_text = to_text  # the name cli/stories.py (the demo) imports
