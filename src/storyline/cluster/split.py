"""The split pass: whether a story's articles are two stories that an early bridging article fused.

The articles are cut in two by average-link over their vectors' cosines (SciPy); the story is
split when each part holds ``min_part`` articles or more and the mean cosine across the parts is
below ``tau`` times the lower of the parts' mean inner cosines. bench/fit_cluster.py chooses ``tau``.
"""

from __future__ import annotations

import numpy as np


def milestones(first: int, last: int) -> frozenset[int]:
    """The story sizes at which the pass looks at a story: ``first``, then each about 1.5 times the
    one before, up to ``last`` (a story checked at every size would cost its square)."""
    sizes, size = set(), first
    while first > 0 and size <= last:
        sizes.add(size)
        size = max(size + 1, round(size * 1.5))
    return frozenset(sizes)


def second_part(ids: list[np.ndarray], vals: list[np.ndarray], tau: float, min_part: int) -> np.ndarray | None:
    """Which of the articles (sparse vectors: stem ids, weights) go to a new story, or None when
    they stay one. The part that holds the first article stays."""
    n = len(ids)
    if n < 2 * min_part or tau <= 0:
        return None
    from scipy.cluster.hierarchy import fcluster, linkage  # (SciPy's import costs an ingest without the pass 0.2 s, 30 MB)
    from scipy.sparse import csr_matrix

    lengths = [len(x) for x in ids]
    cols = np.concatenate(ids) if n else np.zeros(0, np.int64)
    x = csr_matrix((np.concatenate(vals), cols, np.concatenate(([0], np.cumsum(lengths)))),
                   shape=(n, int(cols.max(initial=0)) + 1))  # fmt: skip
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    sim = (x @ x.T).toarray() / np.outer(norms, norms)
    upper = np.triu_indices(n, 1)
    part = fcluster(linkage(np.clip(1.0 - sim[upper], 0.0, None), "average"), 2, "maxclust")
    moved = part != part[0]
    a, b = np.flatnonzero(~moved), np.flatnonzero(moved)
    if min(len(a), len(b)) < min_part:
        return None
    inner = min(sim[np.ix_(p, p)][np.triu_indices(len(p), 1)].mean() for p in (a, b))
    return moved if sim[np.ix_(a, b)].mean() < tau * inner else None
