"""Words of a batch of text as numpy arrays: where they are, a 64-bit hash of each, and a table
from hash to stem id, so that a word is looked up without becoming a Python object.

Words are the ``[a-z0-9]+`` runs of the lowercased text, as ``text.tokens.words`` gives them (the
caller folds the text first, text.tokens.fold).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

_U64 = np.uint64
# Capitals are lowered and every other byte, UTF-8 lead and continuation bytes included, becomes a space.
WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)
_PAD = b" " * 16
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], _U64)  # mask of k bytes
_C1, _C2, _C3 = _U64(0x9E3779B97F4A7C15), _U64(0xC2B2AE3D27D4EB4F), _U64(0x165667B19E3779F9)
_M1, _M2 = _U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53)
_S33 = _U64(33)


def spans(low: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of each word of text translated by WORD_BYTES."""
    inside = np.zeros(len(low) + 2, bool)
    np.not_equal(np.frombuffer(low, np.uint8), 32, out=inside[1:-1])
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    return edges[0::2], edges[1::2]


def hashes(low: bytes, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each word (never 0): its first and last eight bytes and its length mixed
    (murmur3's finaliser), or a BLAKE2 hash for the rare word longer than 16 bytes."""
    buf = low + _PAD
    eights = np.ndarray((len(buf) - 7,), _U64, buf, strides=(1,))  # the 8 bytes from each offset
    size = end - start
    first = eights[start] & _LOW_BYTES[np.minimum(size, 8)]
    last = np.where(size > 8, eights[np.maximum(end - 8, 0)], _U64(0))
    h = first * _C1 + last * _C2 + size.astype(_U64) * _C3
    h ^= h >> _S33
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    for k in np.flatnonzero(size > 16).tolist():
        digest = hashlib.blake2b(low[start[k] : end[k]], digest_size=8).digest()
        h[k] = int.from_bytes(digest, "little")
    return h | _U64(1)


class WordTable:
    """Word hash -> stem id, an open-addressing table in numpy arrays (linear probing)."""

    def __init__(self, bits: int = 16) -> None:
        self.keys = np.zeros(2**bits, _U64)  # 0 = empty slot
        self.values = np.zeros(2**bits, np.int64)
        self._shift = _U64(64 - bits)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 where the key is not in the table."""
        out = np.full(len(keys), -1, np.int64)
        mask = len(self.keys) - 1
        todo = np.arange(len(keys))
        slot = (keys >> self._shift).astype(np.int64)
        while len(todo):
            held = self.keys[slot]
            hit = held == keys[todo]
            out[todo[hit]] = self.values[slot[hit]]
            probe = ~hit & (held != 0)
            todo, slot = todo[probe], (slot[probe] + 1) & mask
        return out

    def lookup(self, keys: np.ndarray, learn: Callable[[list[int]], list[int]]) -> np.ndarray:
        """The value of each key; ``learn(ks)`` gives the values for ``keys[k]`` of each k in ``ks``,
        the table's new keys (each distinct new key asked once, in order of first occurrence)."""
        out = self.find(keys)
        missing = np.flatnonzero(out < 0)
        if len(missing):
            new, first, which = np.unique(keys[missing], return_index=True, return_inverse=True)
            by_place = np.argsort(first)  # learnt in text order, as one article at a time would
            values = np.empty(len(new), np.int64)
            values[by_place] = learn(missing[first[by_place]].tolist())
            self.put(new, values)
            out[missing] = values[which]
        return out

    def put(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Add keys that are not in the table (distinct) with their values: each round, every key
        takes its slot if free (the first of those that want it), and the rest probe on."""
        while 2 * (self.count + len(keys)) > len(self.keys):
            self._grow()
        mask = len(self.keys) - 1
        slot = (keys >> self._shift).astype(np.int64)
        while len(keys):
            free = self.keys[slot] == 0
            wanted, first = np.unique(slot[free], return_index=True)
            placed = np.flatnonzero(free)[first]  # the key that takes each wanted slot
            self.keys[wanted], self.values[wanted] = keys[placed], values[placed]
            self.count += len(placed)
            taken = np.zeros(len(keys), bool)
            taken[placed] = True
            keys, values, slot = keys[~taken], values[~taken], (slot[~taken] + 1) & mask

    def _grow(self) -> None:
        held = np.flatnonzero(self.keys)
        keys, values = self.keys[held], self.values[held]
        self.__init__(int(64 - int(self._shift)) + 1)
        self.put(keys, values)
