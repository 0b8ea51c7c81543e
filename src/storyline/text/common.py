"""Everyday English words, by their frequency in pyspellchecker's English word list (counted in
lowercased running text, where names are rare: "difficult" 4.9 on the Zipf scale, "trump" 3.2,
"assad" 1.6 and "kobach" not listed, both counted 0 here). Lowercased text shows no capitals, so a phrase of such words ("extremely
difficult conditions": 4.6, 4.9, 4.1) is not taken for a name (facts.entities).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

from storyline.text.tokens import STOPWORDS

COMMON_ZIPF = 4.5  # mean Zipf frequency (log10 of uses per billion words) of everyday words: bench/fit_entities.py
NAME_ZIPF = 3.5  # Zipf frequency at most of every word of a name written in lowercase ("kay lund"): the same script
MIN_ZIPF = 2.0  # rarer words count 0: a name's frequency, and the table stays small (40,000 words)
_COUNT = re.compile(r": (\d+)")
_PAIR = re.compile(r'^"(.*)": (\d{3,}),?$', re.MULTILINE)  # a word and its count of 100 or more (MIN_ZIPF is 165), a line each


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    """Word -> Zipf frequency in tenths, for the words of MIN_ZIPF or more. Read from the package's
    list (JSON of word counts) by pattern, so that no dict of all its 160,000 words is ever built
    (the package's SpellChecker takes 36 MB; this, 6 MB)."""
    raw = gzip.decompress(files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()).decode("utf-8")
    total = sum(map(int, _COUNT.findall(raw)))
    floor = total * 10 ** (MIN_ZIPF - 9)
    table = {}
    for word, count in _PAIR.findall(raw):
        n = int(count)
        if n >= floor:
            word = json.loads(f'"{word}"') if "\\" in word else word
            table[word] = round(10 * math.log10(n / total * 1e9))
    return table


def zipf(word: str) -> float:
    """The word's Zipf frequency, to a tenth (0 for a word rarer than MIN_ZIPF)."""
    return _table().get(word.lower(), 0) / 10


@lru_cache(maxsize=4)
def common_words(threshold: float) -> frozenset[str]:
    """The words of a Zipf frequency above ``threshold``, and the stopwords: the complement of
    ``zipf(w) <= threshold`` over words, for set differences."""
    tenths = round(10 * threshold)
    return frozenset(w for w, z in _table().items() if z > tenths) | STOPWORDS


def rare_words(pieces: Iterable[str], rare_zipf: float) -> set[str]:
    """The lowercase words among ``pieces`` that English running text hardly uses (Zipf ``rare_zipf``
    at most): a name's mark in lowercased text. (A set difference with the common words: fast.)"""
    return {p for p in set(pieces) - common_words(rare_zipf) if len(p) > 2 and p.isalpha() and p.islower()}


def everyday(words: list[str], threshold: float = COMMON_ZIPF) -> bool:
    """Whether words are everyday English words: their mean Zipf frequency is at least ``threshold``.
    A word with a digit or a mark in it ("u.s.", "h1n1") counts 0."""
    return bool(words) and sum(zipf(w) if w.isalpha() else 0.0 for w in words) >= threshold * len(words)


def rare(words: list[str], threshold: float = NAME_ZIPF) -> bool:
    """Whether every word is rare in English running text (Zipf frequency ``threshold`` at most), as
    the words of a name are ("kay lund", not "kay said")."""
    return bool(words) and all(zipf(w) <= threshold for w in words)
