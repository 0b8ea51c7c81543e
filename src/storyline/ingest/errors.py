"""ReadError: one bad input, named with its path and the reason, reported instead of raised."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class ReadError:
    path: str  # file, "<stdin>" or the name given to posted content
    reason: str  # one line, e.g. "line 12: not valid JSON (Expecting value)"

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
