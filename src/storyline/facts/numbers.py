"""Read a number at a token position: digits, number words, scales and fractions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.text.tokens import words

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "mln": 1_000_000, "mn": 1_000_000, "bln": 1_000_000_000,
          "bn": 1_000_000_000}  # fmt: skip
_FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
NUMBER_WORDS = set(_UNITS) | set(_TENS) | {"dozen"}
# every word read_number may start at or read: a text with none of them and no digit holds no number
_NUMBER_HINTS = frozenset(NUMBER_WORDS | set(SCALES) | set(_FRACTIONS))
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Number:
    value: float
    start: int  # token span [start, end)
    end: int
    words: bool = False  # written in words ("three")
    fraction: bool = False  # "half", "two-thirds": a share, value in (0, 1]
    scale: float = 1  # the scale word's factor ("million"), for ranges like "6-8 million"


def _digits(token: str) -> float | None:
    if not token[:1].isdigit() or not token[-1:].isdigit():
        return None
    if "," in token:
        groups = token.split(".")[0].split(",")
        if any(len(g) != 3 for g in groups[1:]) or len(token.split(".")) > 2:
            return None  # "1,2" is not a thousands separator
        token = token.replace(",", "")
    try:
        return float(token)
    except ValueError:  # "1.2.3"
        return None


def read_number(tokens: list[str], i: int) -> Number | None:
    """The number that starts at tokens[i], scale words included ("1.5 million", "twenty - five")."""
    t = tokens[i]
    n = len(tokens)
    frac = _fraction(tokens, i)
    if frac is not None:
        return frac
    value = _digits(t)
    words = False
    j = i + 1
    if value is None:
        if t in _TENS:
            value = _TENS[t]
            k = j + 1 if j < n and tokens[j] == "-" else j  # "twenty-six", or "twenty six" unhyphenated
            if k < n and tokens[k] in _UNITS and 0 < _UNITS[tokens[k]] < 10:
                value += _UNITS[tokens[k]]
                j = k + 1
        elif t in _UNITS:
            value = _UNITS[t]
        elif t == "dozen":
            value = 12
        elif t in ("a", "an") and j < n and tokens[j] in ("dozen", "hundred", "thousand", "million", "billion"):
            value = 1
        else:
            return None
        words = True
        if j < n and tokens[j] == "dozen" and t != "dozen":
            value *= 12
            j += 1
    # scale words multiply: "1.5 million", "three hundred thousand"
    scale = 1.0
    while j < n and tokens[j] in SCALES:
        value *= SCALES[tokens[j]]
        scale *= SCALES[tokens[j]]
        j += 1
        if words and j + 1 < n and tokens[j] == "and" and tokens[j + 1] in _UNITS:  # "hundred and five"
            value += _UNITS[tokens[j + 1]]
            j += 2
    return Number(value, i, j, words=words, scale=scale)


def _fraction(tokens: list[str], i: int) -> Number | None:
    """'half', 'a third', 'two - thirds' (the caller decides whether it counts a share of something)."""
    t = tokens[i]
    if t == "half" or (t == "quarter" and i + 1 < len(tokens) and tokens[i + 1] == "of"):
        return Number(_FRACTIONS[t], i, i + 1, words=True, fraction=True)
    if t in ("a", "one") and i + 1 < len(tokens) and tokens[i + 1] in ("third", "quarter", "half"):
        return Number(_FRACTIONS[tokens[i + 1]], i, i + 2, words=True, fraction=True)
    if t in ("two", "three") and i + 2 < len(tokens) and tokens[i + 1] == "-" and tokens[i + 2] in ("thirds", "quarters"):
        return Number(_UNITS[t] * _FRACTIONS[tokens[i + 2]], i, i + 3, words=True, fraction=True)
    return None


def may_hold_number(text: str) -> bool:
    """False when no number can start in `text` (no digit, no number word): a cheap test before tokenizing."""
    return _DIGIT.search(text) is not None or not _NUMBER_HINTS.isdisjoint(words(text))


def is_number_start(token: str) -> bool:
    return token[:1].isdigit() or token in NUMBER_WORDS or token in ("half", "quarter", "a", "an")
