"""Near-duplicate articles (wire copies, re-publications): MinHash signatures in a banded LSH index.

Shingles are runs of three content stems. A signature is a one-permutation MinHash (Li, Owen & Zhang
2012): each shingle hash falls in one of ``PERMS`` bins by its top bits and a bin keeps its smallest
hash; an empty bin borrows from the next full one (rotation densification, Shrivastava & Li 2014).
That is one hash per shingle instead of ``PERMS``, about ten times cheaper than classic MinHash
(datasketch's costs ~0.4 ms a document, too slow for the stream). Signatures are indexed by bands of
``ROWS`` values; an article sharing a band with an earlier one whose estimated Jaccard similarity
reaches ``threshold`` is a copy of it. Only the last ``window`` articles are kept, and a bucket
holds at most ``bucket`` of them: templated copy (stock tables, results, weather) fills the same
buckets again and again, and comparing with all of them would make a stream quadratic. A copy does
not enter a full bucket (its original stands for it there); an original enters in place of the
bucket's oldest article.
"""

from __future__ import annotations

import base64
import zlib
from collections import deque

import numpy as np

PERMS = 64
ROWS = 4  # 16 bands of 4: a pair at Jaccard 0.6 shares a band with probability 0.89, at 0.8 0.9996
THRESHOLD = 0.6  # defaults of CopyFinder's parameters
WINDOW = 5000
BUCKET = 32

# Shingle hash: each stem hash times its own odd constant (Fibonacci hashing: the top bits, which
# pick the bin, depend on all three stems).
_P1, _P2, _P3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_BIN_SHIFT = np.uint64(64 - 6)  # PERMS = 2**6 bins
_BIN_STARTS = np.arange(PERMS, dtype=np.uint64) << _BIN_SHIFT
_BINS = np.arange(PERMS)
_EMPTY = np.uint64(2**64 - 1)
_BORROWED = np.uint32(0x9E3779B9)  # added per bin of distance to a borrowed value
BANDS = PERMS // ROWS
_keys_rng = np.random.default_rng(20261123)
_ROW_MULT = _keys_rng.integers(1, 2**63, size=ROWS, dtype=np.uint64) | np.uint64(1)
_BAND_SALT = _keys_rng.integers(0, 2**63, size=(BANDS, 1), dtype=np.uint64)[:, 0]


def signatures(hashes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """MinHash signatures (uint32, one row of PERMS per text) of texts given as one uint64 hash per
    content stem, text k holding ``hashes[starts[k]:starts[k + 1]]``. A text too short to tell
    (fewer than 5 stems) gets a row of zeros (see ``signed``)."""
    n = len(starts) - 1
    owner = np.repeat(np.arange(n), np.diff(starts))
    inside = owner[:-2] == owner[2:]  # the three stems are of one text
    shingles = hashes[:-2] * _P1 + hashes[1:-1] * _P2 + hashes[2:] * _P3  # arrays wrap silently
    shingles, text = shingles[inside], owner[:-2][inside]
    smallest = np.full(n * PERMS, _EMPTY)
    np.minimum.at(smallest, text * PERMS + (shingles >> _BIN_SHIFT).astype(np.int64), shingles)
    smallest = smallest.reshape(n, PERMS)
    full = smallest != _EMPTY
    values = (smallest >> np.uint64(26)).astype(np.uint32)
    # an empty bin borrows from the next full one, wrapping around
    donor = np.where(full, _BINS, 3 * PERMS)
    donor = np.minimum.accumulate(np.hstack((donor, donor + PERMS))[:, ::-1], axis=1)[:, ::-1][:, :PERMS]
    distance = donor - _BINS
    values = np.take_along_axis(values, donor % PERMS, axis=1) + distance.astype(np.uint32) * _BORROWED
    values[~signed(starts)] = 0
    return values


def signed(starts: np.ndarray) -> np.ndarray:
    """Which texts are long enough for a signature."""
    return np.diff(starts) >= 5


class CopyFinder:
    """The earlier article an article copies, among the last ``window``."""

    def __init__(self, threshold: float = THRESHOLD, window: int = WINDOW, bucket: int = BUCKET) -> None:
        self.threshold, self.window, self.bucket = threshold, window, bucket
        self._bands: dict[int, str | list[str]] = {}  # band key -> the article(s) holding it
        self._sigs: dict[str, np.ndarray] = {}
        self._keys: dict[str, list[int]] = {}  # its band keys, to take it out again
        self._order: deque[str] = deque()
        self._seq: dict[str, int] = {}  # arrival number
        self._copy_of: dict[str, str] = {}  # copy -> its original
        self._next = 0

    def add(self, article_id: str, sig: np.ndarray | None, keys: list[int]) -> str | None:
        """Index the article (its signature and band keys); return the id of the earliest kept
        article it copies, if any."""
        if sig is None or article_id in self._sigs:
            return None
        near: set[str] = set()
        get = self._bands.get
        for key in keys:
            found = get(key)
            if found is not None:
                if isinstance(found, str):
                    near.add(found)
                else:
                    near.update(found)
        original = None
        if near:
            others = list(near)
            same = np.count_nonzero(np.stack([self._sigs[o] for o in others]) == sig, axis=1)
            close = [o for o, n in zip(others, same) if n >= self.threshold * PERMS]
            original = min(close, key=self._seq.__getitem__) if close else None
            original = self._copy_of.get(original, original)
        self._insert(article_id, sig, original, keys)
        return original

    def _insert(self, article_id: str, sig: np.ndarray, original: str | None, keys: list[int]) -> None:
        bands = self._bands
        kept: list[int] = []
        for key in keys:
            found = bands.setdefault(key, article_id)
            if found is article_id:
                kept.append(key)
                continue
            if isinstance(found, str):  # a second article in this bucket (rare)
                bands[key] = [found, article_id]
            elif len(found) < self.bucket:
                found.append(article_id)
            elif original is not None:
                continue
            else:
                self._keys[found.pop(0)].remove(key)
                found.append(article_id)
            kept.append(key)
        self._sigs[article_id] = sig
        self._keys[article_id] = kept
        self._seq[article_id] = self._next
        self._next += 1
        if original is not None:
            self._copy_of[article_id] = original
        self._order.append(article_id)
        while len(self._order) > self.window:
            self._forget(self._order.popleft())

    def _forget(self, article_id: str) -> None:
        bands = self._bands
        for key in self._keys.pop(article_id):
            found = bands[key]
            if isinstance(found, str):
                del bands[key]
            else:
                found.remove(article_id)
                if len(found) == 1:
                    bands[key] = found[0]
        del self._sigs[article_id], self._seq[article_id]
        self._copy_of.pop(article_id, None)

    def to_dict(self) -> dict:
        ids = list(self._order)
        blob = b"".join(self._sigs[i].tobytes() for i in ids)
        return {"ids": ids, "sigs": base64.b64encode(zlib.compress(blob)).decode(), "copy_of": self._copy_of}

    @classmethod
    def from_dict(cls, data: dict, **params) -> CopyFinder:
        """The finder saved by ``to_dict``; ``params`` are the constructor's (not saved)."""
        finder = cls(**params)
        blob = zlib.decompress(base64.b64decode(data["sigs"]))
        sigs = np.frombuffer(blob, dtype=np.uint32).reshape(-1, PERMS)
        copy_of = data.get("copy_of", {})
        for article_id, sig, keys in zip(data["ids"], sigs, band_keys(sigs)):
            finder._insert(article_id, sig.copy(), copy_of.get(article_id), keys)
        return finder


def band_keys(sigs: np.ndarray) -> list[list[int]]:
    """Per signature, one 64-bit key per band of ROWS values (the band's number mixed in: one
    table holds all)."""
    rows = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    return ((rows * _ROW_MULT).sum(axis=2) + _BAND_SALT).tolist()

