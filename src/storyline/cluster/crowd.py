"""How many open stories an article competes with: those whose last article is at most a window of
days before its own, and the undated ones (every open story when the article has no date).

The more stories there are, the higher the best cosine a new article reaches with a story it does
not belong to, by chance alone (the maximum of more draws: it grows with the log of their number),
so past TrackerParams.crowd_start of them the tracker's threshold rises with the log of this count
(TrackerParams.crowding).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence


class Crowd:
    """The last days of the open stories, kept sorted, and the number of undated ones."""

    __slots__ = ("days", "undated")

    def __init__(self, days: Sequence[int | None] = ()):
        self.days = sorted(d for d in days if d is not None)
        self.undated = sum(d is None for d in days)

    def add(self, day: int | None) -> None:
        if day is None:
            self.undated += 1
        else:
            insort(self.days, day)

    def remove(self, day: int | None) -> None:
        if day is None:
            self.undated -= 1
        else:
            del self.days[bisect_left(self.days, day)]

    def move(self, before: int | None, after: int | None) -> None:
        if before != after:
            self.remove(before)
            self.add(after)

    def count(self, day: int | None, window: int) -> int:
        """Open stories last moved at most ``window`` days before ``day`` (all when ``window`` is 0
        or ``day`` is None), undated ones included."""
        if not window or day is None:
            return self.undated + len(self.days)
        return self.undated + len(self.days) - bisect_left(self.days, day - window)
