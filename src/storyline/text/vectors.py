"""TF-IDF rows of token lists, as scikit-learn's TfidfVectorizer computes them with a given
analyzer (smoothed IDF, rows of unit length, columns in sorted term order), without importing
scikit-learn: that import alone costs about a second of every command that builds a timeline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse


def tfidf(docs: Sequence[Sequence[str]], sublinear: bool = False) -> sparse.csr_matrix:
    """One unit row per token list: tf (1 + log tf when ``sublinear``) times ln((1 + n) / (1 + df)) + 1.

    Raises ValueError when no list holds a token, as TfidfVectorizer does."""
    counts = [Counter(doc) for doc in docs]
    seen: dict[str, int] = {}  # each term's first appearance in the corpus
    for c in counts:
        for t in c:
            seen.setdefault(t, len(seen))
    if not seen:
        raise ValueError("empty vocabulary: no document holds a term")
    column = {t: j for j, t in enumerate(sorted(seen))}
    indptr = np.zeros(len(counts) + 1, dtype=np.int64)
    cols: list[int] = []
    values: list[int] = []
    for i, c in enumerate(counts):
        # a row's terms in order of first appearance in the corpus, as scikit-learn leaves them
        for t in sorted(c, key=seen.__getitem__):
            cols.append(column[t])
            values.append(c[t])
        indptr[i + 1] = len(cols)
    indices = np.array(cols, dtype=np.int64)
    data = np.array(values, dtype=float)
    if sublinear:
        data = np.log(data) + 1
    df = np.bincount(indices, minlength=len(seen)).astype(float) + 1
    data *= (np.log((1 + len(counts)) / df) + 1)[indices]
    rows = np.repeat(np.arange(len(counts)), np.diff(indptr))
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(counts)))
    data /= np.where(norms > 0, norms, 1)[rows]
    return sparse.csr_matrix((data, indices, indptr), shape=(len(counts), len(seen)))
