"""Sentences prepared once for every method: tokens, stems, length, place in the story."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.model import Article, Sentence
from storyline.text.dateline import quoted
from storyline.text.tokens import analyse, word_count


@dataclass(slots=True)
class Unit:
    """One source sentence with what the selectors need."""

    doc: int  # index of the article in chronological order
    article: Article
    sentence: Sentence
    shown: str  # display text as quoted, without a leading dateline
    length: int  # words of the shown text (the budget's measure)
    tokens: list[str]  # ROUGE-style word tokens of the original text, without a leading dateline
    stems: list[str]  # Porter stems of the tokens
    content: frozenset[str]  # stems of the content words (no stopwords, no one-letter tokens)
    bigrams: frozenset[str]  # stem bigrams that hold at least one content word: the concepts

    @property
    def position(self) -> int:
        return self.sentence.index


def chronological(articles: Sequence[Article]) -> list[Article]:
    """Articles by publication date; undated ones keep their given order after the dated ones before them."""
    last = dt.date.min
    keyed = []
    for i, a in enumerate(articles):
        if a.published:
            last = a.published
        keyed.append((a.published or last, i, a))
    return [a for _, _, a in sorted(keyed, key=lambda k: (k[0], k[1]))]


_COUNTED = re.compile(r"\S*[A-Za-z0-9]\S*")


def length(text: str) -> int:
    """text.word_count, with a fast path for ASCII text (one regex pass instead of one per token)."""
    return len(_COUNTED.findall(text)) if text.isascii() else word_count(text)


def make_unit(doc: int, article: Article, sentence: Sentence) -> Unit:
    text, shown = quoted(article, sentence)
    # the sentence's own analysis, unless a dateline or bullet was cut off the text quoted
    a = sentence.analysis if text is sentence.text else analyse(text)
    return Unit(
        doc, article, sentence, shown, length(shown), a.words, a.stems, frozenset(a.content_stems),
        concept_pairs(a.stems, a.kept),
    )


def concept_pairs(stems: list[str], keep: list[bool]) -> frozenset[str]:
    """Stem bigrams that hold at least one content word (keep[i]: token i is not a stopword)."""
    return frozenset([f"{a} {b}" for a, b, k1, k2 in zip(stems, stems[1:], keep, keep[1:]) if k1 or k2])


def make_units(
    articles: Sequence[Article], reach: int | None = None, cache: dict[tuple[str, int], Unit] | None = None
) -> list[Unit]:
    """Every sentence of the articles (each article's first `reach` when given), in the given
    article order, then position. `cache` keeps the units made, by (article id, sentence index),
    for the next call on the same articles (the doc index is set anew)."""
    if cache is None:
        return [make_unit(d, a, s) for d, a in enumerate(articles) for s in a.sentences[:reach]]
    out = []
    for d, a in enumerate(articles):
        for s in a.sentences[:reach]:
            u = cache.get((a.id, s.index))
            if u is None or u.sentence is not s:
                u = cache[(a.id, s.index)] = make_unit(d, a, s)
            out.append(u if u.doc == d else Unit(d, *(getattr(u, f) for f in _FIELDS)))
    return out


_FIELDS = ("article", "sentence", "shown", "length", "tokens", "stems", "content", "bigrams")
