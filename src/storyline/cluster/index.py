"""The tracker's inverted index: for each term, the slots of the open stories that count it among
their index terms, in order, as a compact array of C ints (no Python object per posting). Counting the
terms an article shares with every story is one bincount over the postings of its terms, so its
cost follows how many stories hold those terms, not how many stories are open. Story slots grow by
half when they run out: the index holds every open story."""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence

import numpy as np


class StoryIndex:
    def __init__(self, slots: int = 1024) -> None:
        self.width = (slots + 63) // 64  # story slots, in blocks of 64
        self.postings: dict[int, array] = {}  # term -> slots of the stories holding it, ascending
        self.slot_of: dict[int, int] = {}  # story id -> slot
        self._story_at = np.zeros(64 * self.width, np.int64)
        self._free_slots = list(range(64 * self.width - 1, -1, -1))

    @classmethod
    def of(cls, stories: Sequence[tuple[int, Sequence[int] | np.ndarray]], slots: int = 1024) -> StoryIndex:
        """The index of these stories (id, its distinct terms), built at once, with room for
        ``slots`` stories: each story takes the slot that adding them one by one in this order would give."""
        index = cls(max(slots, len(stories), 64))
        n = max(len(stories), 1)
        sizes = [len(terms) for _, terms in stories]
        pairs = np.concatenate([np.asarray(terms, np.int64) for _, terms in stories] or [np.zeros(0, np.int64)])
        pairs *= n
        pairs += np.repeat(np.arange(len(stories)), sizes)  # term * n + slot: sorted, by term then slot
        pairs.sort(kind="stable")  # (timsort: the pairs come in sorted runs, a story's terms each)
        every, slot = np.divmod(pairs, n)
        slots = memoryview(slot.astype(np.intc)).cast("B")  # as the C ints of array("i")
        starts = np.flatnonzero(np.diff(every, prepend=-1))
        size = array("i").itemsize
        bounds = (size * starts).tolist() + [size * len(every)]
        for term, start, end in zip(every[starts].tolist(), bounds, bounds[1:]):
            posting = index.postings[term] = array("i")
            posting.frombytes(slots[start:end])
        index.slot_of = {sid: k for k, (sid, _) in enumerate(stories)}
        index._story_at[: len(stories)] = [sid for sid, _ in stories]
        index._free_slots = list(range(64 * index.width - 1, len(stories) - 1, -1))
        return index

    def add(self, story_id: int, terms: Iterable[int]) -> None:
        """Put the story on these terms (terms it is not on yet)."""
        slot = self.slot_of.get(story_id)
        if slot is None:
            if not self._free_slots:
                self._widen()
            slot = self.slot_of[story_id] = self._free_slots.pop()
            self._story_at[slot] = story_id
        postings = self.postings
        for t in terms:
            posting = postings.get(t)
            if posting is None:
                postings[t] = array("i", (slot,))
            else:
                insort(posting, slot)

    def remove(self, story_id: int, terms: Iterable[int]) -> None:
        """Take the story off these terms (terms left with no story are forgotten)."""
        slot = self.slot_of.get(story_id)
        if slot is None:
            return
        postings = self.postings
        for t in set(terms):
            posting = postings.get(t)
            if posting is None:
                continue
            at = bisect_left(posting, slot)
            if at == len(posting) or posting[at] != slot:  # not on it
                continue
            if len(posting) == 1:
                del postings[t]
            else:
                del posting[at]

    def drop(self, story_id: int, terms: Iterable[int]) -> None:
        """Take the story off the index altogether (its slot is free again)."""
        self.remove(story_id, terms)
        if story_id in self.slot_of:
            self._free_slots.append(self.slot_of.pop(story_id))

    def candidates(self, terms: Iterable[int], n: int) -> list[int]:
        """Up to n stories sharing the most of ``terms``, newest first among equals, in that order."""
        postings = self.postings
        slots = array("i")
        for posting in map(postings.get, terms):
            if posting is not None:
                slots.extend(posting)
        if not slots:
            return []
        shared = np.bincount(np.frombuffer(slots, np.int32))
        hit = np.flatnonzero(shared.astype(bool))  # by slot (as bools: twice as fast)
        counts = shared[hit]
        if len(hit) > n:  # those sharing fewer terms than the n-th most cannot be among the n
            at_least = np.cumsum(np.bincount(counts)[::-1])  # stories sharing at least max, max - 1, ... terms
            least = len(at_least) - 1 - int(np.searchsorted(at_least, n))
            if least > 1:
                keep = counts >= least
                hit, counts = hit[keep], counts[keep]
        ranked = counts << 32 | self._story_at[hit]  # story ids below 2**32
        if len(ranked) > n:
            ranked = np.partition(ranked, len(ranked) - n)[-n:]
        return (np.sort(ranked)[::-1] & 0xFFFFFFFF).tolist()

    def stories_of(self, term: int) -> set[int]:
        posting = self.postings.get(term)
        if posting is None:
            return set()
        return set(self._story_at[np.frombuffer(posting, np.int32)].tolist())

    def _widen(self) -> None:
        """Half as many story slots again."""
        width, wider = self.width, self.width + max(1, self.width // 2)
        self._story_at = np.concatenate((self._story_at, np.zeros(64 * (wider - width), np.int64)))
        self._free_slots = list(range(64 * wider - 1, 64 * width - 1, -1))
        self.width = wider
