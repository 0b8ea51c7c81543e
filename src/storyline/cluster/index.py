"""The tracker's inverted index: for each term, which active stories count it among their index
terms, as one bit per story slot. Counting the terms an article shares with every story is then a
few numpy operations on a small block of bits, with no Python object per posting. Term rows and
story slots grow by half when they run out: the index holds every open story."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


class StoryIndex:
    def __init__(self, slots: int = 1024) -> None:
        self.width = (slots + 63) // 64  # uint64 words per term row
        self.bits = np.zeros((256, self.width), np.uint64)
        self.row_of: dict[int, int] = {}  # term -> row of bits
        self._free_rows = list(range(255, -1, -1))
        self.slot_of: dict[int, int] = {}  # story id -> slot
        self._story_at = np.zeros(64 * self.width, np.int64)
        self._free_slots = list(range(64 * self.width - 1, -1, -1))

    @classmethod
    def of(cls, stories: Sequence[tuple[int, Sequence[int]]], slots: int = 1024) -> StoryIndex:
        """The index of these stories (id, its terms), built at once, with room for ``slots`` stories
        (and a quarter more terms): each story takes the slot, and each term the row, that adding
        them one by one in this order would give."""
        index = cls(max(slots, len(stories), 64))
        slots = np.repeat(np.arange(len(stories)), [len(terms) for _, terms in stories])
        every = np.fromiter((t for _, terms in stories for t in terms), np.int64, len(slots))
        terms, first, rows = np.unique(every, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # rows in order of first use
        row_at = np.empty(len(terms), np.int64)
        row_at[order] = np.arange(len(terms))
        rows = row_at[rows.reshape(-1)]
        index._grow_rows(len(terms) + len(terms) // 4)
        np.bitwise_or.at(index.bits, (rows, slots >> 6), np.left_shift(np.uint64(1), (slots & 63).astype(np.uint64)))
        index.row_of = dict(zip(terms[order].tolist(), range(len(terms))))
        index._free_rows = list(range(len(index.bits) - 1, len(terms) - 1, -1))
        index.slot_of = {sid: k for k, (sid, _) in enumerate(stories)}
        index._story_at[: len(stories)] = [sid for sid, _ in stories]
        index._free_slots = list(range(64 * index.width - 1, len(stories) - 1, -1))
        return index

    def add(self, story_id: int, terms: Iterable[int]) -> None:
        slot = self.slot_of.get(story_id)
        if slot is None:
            if not self._free_slots:
                self._widen()
            slot = self.slot_of[story_id] = self._free_slots.pop()
            self._story_at[slot] = story_id
        rows = [self._row(t) for t in terms]
        self.bits[rows, slot >> 6] |= np.uint64(1 << (slot & 63))

    def remove(self, story_id: int, terms: Iterable[int]) -> None:
        """Take the story off these terms (rows left empty are freed)."""
        slot = self.slot_of.get(story_id)
        row_of = self.row_of
        terms = list({t for t in terms if t in row_of})
        if slot is None or not terms:
            return
        rows = [row_of[t] for t in terms]
        self.bits[rows, slot >> 6] &= ~np.uint64(1 << (slot & 63))
        for t, r, empty in zip(terms, rows, (~self.bits[rows].any(axis=1)).tolist()):
            if empty:
                del row_of[t]
                self._free_rows.append(r)

    def drop(self, story_id: int, terms: Iterable[int]) -> None:
        """Take the story off the index altogether (its slot is free again)."""
        self.remove(story_id, terms)
        if story_id in self.slot_of:
            self._free_slots.append(self.slot_of.pop(story_id))

    def candidates(self, terms: Iterable[int], n: int) -> list[int]:
        """Up to n stories sharing the most of ``terms``, newest first among equals."""
        rows = [r for r in map(self.row_of.get, terms) if r is not None]
        if not rows:
            return []
        block = np.unpackbits(self.bits[rows].view(np.uint8), bitorder="little").reshape(len(rows), -1)
        shared = np.add.reduce(block, axis=0, dtype=np.uint8 if len(rows) < 256 else np.int64)
        hit = np.flatnonzero(shared)
        ranked = shared[hit].astype(np.int64) << 32 | self._story_at[hit]  # story ids below 2**32
        if len(ranked) > n:
            ranked = np.partition(ranked, len(ranked) - n)[-n:]
        return (ranked & 0xFFFFFFFF).tolist()

    def stories_of(self, term: int) -> set[int]:
        row = self.row_of.get(term)
        if row is None:
            return set()
        slots = np.flatnonzero(np.unpackbits(self.bits[row].view(np.uint8), bitorder="little"))
        return set(self._story_at[slots].tolist())

    def _widen(self) -> None:
        """Half as many story slots again."""
        width, wider = self.width, self.width + max(1, self.width // 2)
        bits = np.zeros((len(self.bits), wider), np.uint64)
        bits[:, :width] = self.bits
        self.bits = bits
        self._story_at = np.concatenate((self._story_at, np.zeros(64 * (wider - width), np.int64)))
        self._free_slots = list(range(64 * wider - 1, 64 * width - 1, -1))
        self.width = wider

    def _grow_rows(self, bigger: int) -> None:
        """This many term rows, if more than now (the rows added are free)."""
        size = len(self.bits)
        if bigger <= size:
            return
        bits = np.zeros((bigger, self.width), np.uint64)  # pages left zero cost no memory until written
        bits[:size] = self.bits
        self.bits = bits
        self._free_rows = list(range(bigger - 1, size - 1, -1)) + self._free_rows

    def _row(self, term: int) -> int:
        row = self.row_of.get(term)
        if row is None:
            if not self._free_rows:
                self._grow_rows(len(self.bits) + (len(self.bits) + 1) // 2)
            row = self.row_of[term] = self._free_rows.pop()
        return row
