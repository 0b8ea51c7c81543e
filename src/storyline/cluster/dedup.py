"""Near-duplicate articles (wire copies, re-publications): MinHash signatures in an LSH index.

Shingles are runs of three content stems; a signature is 64 multiply-shift hashes computed with
numpy (datasketch's own MinHash costs ~0.4 ms a document, too slow for the stream), indexed in
datasketch's MinHashLSH. A new article whose estimated Jaccard similarity with an earlier one
reaches ``THRESHOLD`` is a copy of it. Only the last ``WINDOW`` articles are kept.
"""

from __future__ import annotations

import base64
import zlib
from collections import deque

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

PERMS = 64
THRESHOLD = 0.6
WINDOW = 5000

_rng = np.random.RandomState(20261123)
_A = _rng.randint(1, 2**62, size=PERMS, dtype=np.uint64) | np.uint64(1)
_B = _rng.randint(0, 2**62, size=PERMS, dtype=np.uint64)


_P1, _P2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
_ids: dict[str, int] = {}


def _stem_id(stem: str) -> int:
    """A stable 32-bit id of a stem (crc32, cached)."""
    i = _ids.get(stem)
    if i is None:
        if len(_ids) > 500_000:
            _ids.clear()
        i = _ids[stem] = zlib.crc32(stem.encode())
    return i


def signature(stems: list[str]) -> np.ndarray | None:
    """MinHash signature (uint32 x PERMS) of a stem sequence; None when it is too short to tell."""
    if len(stems) < 5:
        return None
    get = _ids.get
    found = [get(s) for s in stems]
    if None in found:
        found = [i if i is not None else _stem_id(s) for s, i in zip(stems, found)]
    ids = np.array(found, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = ids[:-2] * _P1 + ids[1:-1] * _P2 + ids[2:]  # one hash per 3-stem shingle
        mixed = (_A[:, None] * h[None, :] + _B[:, None]) >> np.uint64(32)
    return mixed.min(axis=1).astype(np.uint32)


class CopyFinder:
    """The earlier article an article copies, among the last WINDOW."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMS)
        self._sigs: dict[str, np.ndarray] = {}
        self._order: deque[str] = deque()
        self._seq: dict[str, int] = {}  # arrival number
        self._copy_of: dict[str, str] = {}  # copy -> its original
        self._next = 0

    def add(self, article_id: str, stems: list[str]) -> str | None:
        """Index the article; return the id of the earliest kept article it copies, if any."""
        sig = signature(stems)
        if sig is None or article_id in self._sigs:
            return None
        lean = LeanMinHash(seed=1, hashvalues=sig, scheme="affine32")
        close = [o for o in self._lsh.query(lean) if np.mean(self._sigs[o] == sig) >= THRESHOLD]
        original = min(close, key=self._seq.__getitem__) if close else None
        original = self._copy_of.get(original, original)
        self._insert(article_id, sig, original, lean)
        return original

    def _insert(self, article_id: str, sig: np.ndarray, original: str | None, lean=None) -> None:
        self._lsh.insert(article_id, lean or LeanMinHash(seed=1, hashvalues=sig, scheme="affine32"))
        self._sigs[article_id] = sig
        self._seq[article_id] = self._next
        self._next += 1
        if original is not None:
            self._copy_of[article_id] = original
        self._order.append(article_id)
        while len(self._order) > WINDOW:
            old = self._order.popleft()
            self._lsh.remove(old)
            del self._sigs[old], self._seq[old]
            self._copy_of.pop(old, None)

    def to_dict(self) -> dict:
        ids = list(self._order)
        blob = b"".join(self._sigs[i].tobytes() for i in ids)
        return {"ids": ids, "sigs": base64.b64encode(zlib.compress(blob)).decode(), "copy_of": self._copy_of}

    @classmethod
    def from_dict(cls, data: dict) -> CopyFinder:
        finder = cls()
        blob = zlib.decompress(base64.b64decode(data["sigs"]))
        sigs = np.frombuffer(blob, dtype=np.uint32).reshape(-1, PERMS)
        copy_of = data.get("copy_of", {})
        for article_id, sig in zip(data["ids"], sigs):
            finder._insert(article_id, sig.copy(), copy_of.get(article_id))
        return finder
