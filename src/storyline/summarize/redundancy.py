"""The near-duplicate measure: how much of the shorter sentence's content the other one repeats.

overlap(a, b) = |C(a) & C(b)| / min(|C(a)|, |C(b)|), where C is the set of content-word stems.
Two sentences are near-duplicates when the overlap reaches NEAR_DUPLICATE and they share at least
DUPLICATE_WORDS content words: then at least that share of what the shorter one says is said again
by the other, in more than a word or two that any two sentences of a story share (its names, its
event). No summary holds such a pair.
An update summary holds no sentence whose own content is said, to that share, by one sentence
already seen (the share is taken of the new sentence: a short seen sentence does not silence
a longer new one that merely mentions the same names). That share is SEEN_DUPLICATE, set
higher than NEAR_DUPLICATE because a new sentence must name what it adds to. Nor does it hold
a sentence whose words the seen articles nearly all carry already (freshness below NEW_SHARE).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

# Defaults of the functions' keyword parameters (and of summarize.filters.Rules).
# NEAR_DUPLICATE is checked by bench/validate.py (COUNTED_GRID): a higher share would let summaries
# repeat more, which raises Multi-News's R-2 but lowers MultiLing's R-1 (docs/decisions.md).
NEAR_DUPLICATE = 0.5
# ... and the fewest shared content words that make a pair: "Quint has not touched a drink in years."
# repeats no sentence that also holds "drink" and "year" (bench/validate.py, COUNTED_GRID).
DUPLICATE_WORDS = 3
SEEN_DUPLICATE = 0.7  # share of a new sentence's content that one seen sentence may already say
# A new sentence must be new in at least a tenth of what it says: a lede that rewords the story so
# far in known words adds nothing (the samples' Sunday lede: one new word in seventeen).
NEW_SHARE = 0.1
# Stock background: a sentence below an article's lead that other reports of the story repeat
# nearly word for word ("Port Alder handled 4.1 million containers last year ..."). Repeated
# text counts as news only where it leads (docs/decisions.md).
BACKGROUND_FROM = 3  # sentence index where an article's lead ends
STOCK = 0.7  # overlap with a sentence of another report that counts as a repeat


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def near_duplicate(a: frozenset[str], b: frozenset[str], share: float = NEAR_DUPLICATE, words: int = DUPLICATE_WORDS) -> bool:
    shared = len(a & b)  # (counted once: this runs for every pair a summary's candidates make)
    return shared >= max(words, 1) and shared / min(len(a), len(b)) >= share


def overlap_matrix(
    left: Sequence[frozenset[str]], right: Sequence[frozenset[str]], *, of_left: bool = False
) -> np.ndarray:
    """overlap() of every left set with every right set, as a dense array.

    With of_left, the share of each left set found in the right set (|L & R| / |L|) instead."""
    return _shares(_shared(left, right).toarray(), _sizes(left), None if of_left else _sizes(right))


def _shared(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    """|L & R| of every left set with every right set, sparse (only pairs that share a word are stored)."""
    vocab: dict[str, int] = {}
    a, b = _incidence(left, vocab), _incidence(right, vocab)
    a.resize((a.shape[0], b.shape[1]))  # b was made after a, with every word of both
    return a @ b.T


def _incidence(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    """One row per set, one column per word (numbered in vocab, which grows), 1 where the set holds it."""
    cols = np.array([vocab.setdefault(w, len(vocab)) for s in sets for w in s], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int64)
    return sparse.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(len(sets), max(len(vocab), 1)))


def _sizes(sets: Sequence[frozenset[str]]) -> np.ndarray:
    return np.array([len(s) for s in sets], dtype=float)


def _shares(shared: np.ndarray, left: np.ndarray, right: np.ndarray | None) -> np.ndarray:
    """Shared counts over the left sizes, or over the smaller of the two sizes when right is given."""
    smaller = np.repeat(left[:, None], shared.shape[1], axis=1) if right is None else np.minimum.outer(left, right)
    return np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)


def most_said(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> np.ndarray:
    """For each left set, the largest share of it that one right set holds: the row maxima of
    overlap_matrix(left, right, of_left=True), from the sparse product alone (a big story's
    update: tens of thousands of sentences against as many seen ones)."""
    best = _shared(left, right).max(axis=1).toarray().ravel().astype(float)
    sizes = _sizes(left)
    return np.divide(best, sizes, out=np.zeros_like(best), where=sizes > 0)


def duplicate_pairs(
    sets: Sequence[frozenset[str]], share: float = NEAR_DUPLICATE, words: int = DUPLICATE_WORDS
) -> list[tuple[int, int]]:
    """Index pairs i < j of near-duplicate sets (overlap at least ``share``, ``words`` shared at
    least), in order; only the pairs that share a word are computed (a big story's candidates: a
    sparse product, not n x n)."""
    if len(sets) < 2:
        return []
    incidence = _incidence(sets, {})
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    sizes = _sizes(sets)
    hit = (shared.data >= words) & (shared.data / np.minimum(sizes[shared.row], sizes[shared.col]) >= share)
    return sorted(zip(shared.row[hit].tolist(), shared.col[hit].tolist()))


def novel(units: Sequence, seen: Sequence, said: float = SEEN_DUPLICATE, new_share: float = NEW_SHARE) -> list:
    """The units (anything with .content, and .doc for the seen ones) whose content no single seen
    unit already says to the share ``said`` and of which at least ``new_share`` is new (freshness())."""
    if not seen or not units:
        return list(units)
    shares = most_said([u.content for u in units], [s.content for s in seen])
    fresh = freshness(units, seen)
    return [u for u, share, new in zip(units, shares, fresh) if share < said and new >= new_share]


def freshness(units: Sequence, seen: Sequence) -> list[float]:
    """For each unit, the mean over its content words of the share of seen articles that do not
    hold the word: 1 when every word is new, 0 when every seen article holds every word."""
    known = article_share(seen, "content")
    return [1 - sum(known.get(w, 0.0) for w in u.content) / len(u.content) if u.content else 0.0 for u in units]


def article_share(seen: Sequence, field: str) -> dict[str, float]:
    """Item of each seen unit's `field` set ("content" words, "bigrams") -> share of the seen
    articles (units' .doc) that hold it."""
    held: dict[int, set[str]] = {}  # article -> the items its units hold
    for s in seen:
        held.setdefault(s.doc, set()).update(getattr(s, field))
    n = len(held) or 1
    return {item: count / n for item, count in Counter(itertools.chain.from_iterable(held.values())).items()}


def stock_background(
    candidates: Sequence, units: Sequence, lead: int = BACKGROUND_FROM, stock: float = STOCK
) -> set[int]:
    """ids of the candidates (units with .content, .doc, .position) below their article's lead
    (from sentence ``lead`` on) that sentences of more than a third of the other articles (and at
    least two) repeat to the overlap ``stock`` (a share in (0, 1]; above 1, none)."""
    n = len({u.doc for u in units})
    row = {id(u): i for i, u in enumerate(units)}
    late = np.array([row[id(u)] for u in candidates if u.position >= lead], dtype=np.int64)
    if n < 3 or not len(late) or stock > 1:  # (no overlap exceeds 1: a story summary's rule off)
        return set()
    contents = [u.content for u in units]
    words = _incidence(contents, {})  # one matrix: the late candidates are among the units
    sizes = _sizes(contents)
    shared = (words[late] @ words.T).tocoo()  # only the pairs that share a word: sparse, not late x units
    hit = shared.data / np.minimum(sizes[late][shared.row], sizes[shared.col]) >= stock
    rows, cols = shared.row[hit], shared.col[hit]
    docs = np.array([u.doc for u in units])
    other = docs[cols] != docs[late][rows]  # repeated by another report
    pairs = np.unique(np.stack([rows[other], docs[cols][other]]), axis=1)  # (late row, repeating report)
    needed = max(2, (n - 1) // 3 + 1)
    return {id(units[late[r]]) for r in np.nonzero(np.bincount(pairs[0], minlength=len(late)) >= needed)[0]}
