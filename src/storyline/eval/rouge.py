"""ROUGE recall as the summarization field reports it, on top of the rouge-score package.

Settings: words stemmed with Porter's stemmer, no stopword removal, each summary truncated to N words,
recall averaged over the references. ROUGE-1/2/4 come from rouge-score; ROUGE-SU4 (which rouge-score lacks) is
computed here as ROUGE-1.5.5 does with `-2 4 -u`: skip-bigrams with at most four words between
the two, plus unigrams, over the same tokens (rouge-score's tokenizer and stemmer).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rouge_score import rouge_scorer, tokenizers

from storyline.text.tokens import rouge_words

MEASURES = ("R-1", "R-2", "R-4", "R-SU4")
_NGRAM_TYPES = {"R-1": "rouge1", "R-2": "rouge2", "R-4": "rouge4"}
MAX_SKIP = 4


class _Remembering(tokenizers.Tokenizer):
    """rouge-score's own tokenizer (Porter-stemmed), each text's tokens kept: a reference is scored
    against every summary of a search, and Porter's stemmer was most of the time of an evaluation."""

    def __init__(self) -> None:
        self._default = tokenizers.DefaultTokenizer(use_stemmer=True)
        self._tokens = lru_cache(maxsize=4096)(self._read)

    def _read(self, text: str) -> tuple[str, ...]:
        return tuple(sys.intern(t) for t in self._default.tokenize(text))

    def tokenize(self, text: str) -> list[str]:
        return list(self._tokens(text))


@lru_cache(maxsize=1)
def _tokenizer() -> _Remembering:
    return _Remembering()


@lru_cache(maxsize=1)
def _scorer() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(_NGRAM_TYPES.values()), tokenizer=_tokenizer())


def truncate(text: str, n: int | None) -> str:
    """The first n words of text (words as text.word_count counts them); None keeps everything."""
    if n is None:
        return text
    out, count = [], 0
    for token in text.split():
        if rouge_words(token):
            if count == n:
                break
            count += 1
        out.append(token)
    return " ".join(out)


def skip_bigrams(tokens: Sequence[str], max_skip: int = MAX_SKIP) -> Counter:
    """Skip-bigrams with at most max_skip tokens between, plus the unigrams (ROUGE-SU)."""
    grams: Counter = Counter(tokens)
    for i, first in enumerate(tokens):
        for second in tokens[i + 1 : i + 2 + max_skip]:
            grams[(first, second)] += 1
    return grams


@lru_cache(maxsize=64)
def _reference_grams(reference: str, max_skip: int) -> tuple[Counter, int]:
    grams = skip_bigrams(_tokenizer().tokenize(reference), max_skip)
    return grams, sum(grams.values())


def su_recall(summary: str, reference: str, max_skip: int = MAX_SKIP) -> float:
    ref, total = _reference_grams(reference, max_skip)
    if not total:
        return 0.0
    peer = skip_bigrams(_tokenizer().tokenize(summary), max_skip)
    return sum(min(c, ref[g]) for g, c in peer.items()) / total  # (the summary's grams: fewer)


def recall(summary: str, references: Sequence[str], words: int | None = None) -> dict[str, float]:
    """ROUGE-1/2/4 and SU4 recall of summary (cut to `words` words), averaged over references."""
    summary = truncate(summary, words)
    totals = dict.fromkeys(MEASURES, 0.0)
    for ref in references:
        scores = _scorer().score(ref, summary)
        for name, rouge_type in _NGRAM_TYPES.items():
            totals[name] += scores[rouge_type].recall
        totals["R-SU4"] += su_recall(summary, ref)
    n = max(len(references), 1)
    return {k: v / n for k, v in totals.items()}
