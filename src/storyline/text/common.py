"""Everyday English words, by their frequency in pyspellchecker's English word list (counted in
lowercased running text, where names are rare: "difficult" 4.9 on the Zipf scale, "assad" 1.6,
"kobach" not listed). Lowercased text shows no capitals, so a phrase of such words ("extremely
difficult conditions": 4.6, 4.9, 4.1) is not taken for a name (facts.entities).
"""

from __future__ import annotations

import math
from functools import lru_cache

COMMON_ZIPF = 4.5  # mean Zipf frequency (log10 of uses per billion words) of everyday words: bench/fit_entities.py


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, int], int]:
    from spellchecker import SpellChecker  # its word list ships in the package (no download)

    table = SpellChecker(language="en", distance=1).word_frequency
    return table.dictionary, table.total_words


def zipf(word: str) -> float:
    """The word's Zipf frequency (0 for a word not listed)."""
    counts, total = _frequencies()
    n = counts.get(word.lower(), 0)
    return math.log10(n / total * 1e9) if n else 0.0


def everyday(words: list[str], threshold: float = COMMON_ZIPF) -> bool:
    """Whether words are everyday English words: their mean Zipf frequency is at least ``threshold``.
    A word with a digit or a mark in it ("u.s.", "h1n1") counts 0."""
    return bool(words) and sum(zipf(w) if w.isalpha() else 0.0 for w in words) >= threshold * len(words)
