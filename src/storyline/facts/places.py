"""Where a figure was counted: the place of the lists (text/data) that a locative phrase of its
clause names ("in Chile", "across the United States", "worldwide"), so that one country's toll and
another's are two facts, not one fact the reports disagree on."""

from __future__ import annotations

from functools import cache

from storyline.text.lex import is_word, spans
from storyline.text.lists import entries
from storyline.text.tokens import STOPWORDS

# forms the lists leave out, and the forms that stand for one place
ALIASES = {"u.s.": "United States", "u.s.a.": "United States", "america": "United States",
           "united states of america": "United States", "uk": "United Kingdom", "u.k.": "United Kingdom",
           "britain": "United Kingdom", "great britain": "United Kingdom"}  # fmt: skip
WORLD = "the world"
WORLDWIDE = frozenset({"worldwide", "globally"})  # a figure for the whole world
LOCATIVE = frozenset({"in", "across", "throughout", "inside", "around"})  # "in Chile", "across Peru"
# what ends the clause a figure belongs to: "40 died in Chile, while in Peru 20 fell ill"; "a child
# died in Peru - the first death outside Chile, where it killed 40" (the 40 are no toll of Peru)
BOUNDARIES = frozenset({";", ".", "?", "!", "while", "whereas", "but", "although", "where", "which", "who", "-", "--",
                        "—", "–"})  # fmt: skip
HOLDS = frozenset("has have had reported reports recorded records confirmed counted counts".split())  # "Chile has had 40 deaths"
SPEECH = frozenset("said says say told tells added reported announced confirmed stated".split())  # "officials in Geneva said"
LONGEST = 5  # tokens of the longest place name ("united states of america")


@cache
def _places() -> dict[tuple[str, ...], str]:
    """Token tuples of the lists' countries, cities and regions (as lex.spans reads them) -> the
    place's shown form."""
    out: dict[tuple[str, ...], str] = {}
    for name in ("countries", "cities", "regions"):
        for form, _, _ in entries(name):
            out[_tokens(form)] = form
    for form, place in ALIASES.items():
        out[_tokens(form)] = place
    out[("world",)] = out[("globe",)] = WORLD
    return out


def _tokens(form: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in spans(form))


def place_of(tokens: list[str], start: int, end: int, marks: Marks | None = None) -> str | None:
    """Where the figure tokens[start:end] was counted: a place its own words name ("the toll in
    Chile rose to 40"); else, in its clause, the place a "where" opening the clause refers to ("in
    Chile, where 40 died"), or that of the nearest mention, the first after the figure or the first
    before it: a locative phrase ("40 died in Chile", "in Chile, 40 died", with "the" between or
    not), "worldwide", or, before it, a place that reports or has the figure ("Chile has reported 40
    deaths"). None when that mention names no place of the lists ("45 deaths in the epicentre,
    Chile": the figure's own phrase names none) or names where someone spoke ("officials in Geneva
    said 40 died"). ``marks``: the sentence's Marks, for the figures of one sentence (made here if None)."""
    marks = marks or Marks(tokens)
    inside = next((p for i in range(start, end) if (p := _named_at(tokens, i, end)) is not None), None)
    if inside is not None:
        return inside
    lo, hi = marks.clause(start, end)
    if lo > 0 and tokens[lo - 1] == "where":
        return _place_ending(tokens, lo - 1 - (lo > 1 and tokens[lo - 2] == ","))
    j = marks.next_open[end]
    after = (j - end, j) if j < hi else None
    before = marks.before(start, lo)
    nearest = min(filter(None, (after, None if before is None else (start - before, before))), default=None)
    if nearest is None:
        return None
    i = nearest[1]
    return _named_at(tokens, i, hi) if _opens(tokens[i]) else _subject(tokens, i, start)


class Marks:
    """What place_of looks for in a sentence's tokens, found once for all its figures (a sentence of
    thousands of figures is read in linear time, not once per figure): the clause boundaries, the
    locative openers, and the places that report or have what follows ("Chile has reported")."""

    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        n = len(tokens)
        self.prev_boundary = [-1] * (n + 1)  # the last boundary before position i (-1: none)
        last = -1
        for i in range(n):
            self.prev_boundary[i] = last
            if tokens[i] in BOUNDARIES:
                last = i
        self.prev_boundary[n] = last
        self.next_boundary = [n] * (n + 1)  # the first boundary at or after i (n: none)
        self.next_open = [n] * (n + 1)  # the first locative opener at or after i
        # the last opener or subject at or before i, a subject's name read up to the sentence's end (see before)
        self.prev_mark = [-1] * (n + 1)
        nb = no = n
        for i in range(n - 1, -1, -1):
            if tokens[i] in BOUNDARIES:
                nb = i
            if _opens(tokens[i]):
                no = i
            self.next_boundary[i], self.next_open[i] = nb, no
        mark = -1
        for i in range(n):
            if _opens(tokens[i]) or _subject(tokens, i, n):
                mark = i
            self.prev_mark[i] = mark

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause of tokens[start:end]: from after the boundary before it to the boundary after it."""
        return self.prev_boundary[start] + 1, self.next_boundary[end]

    def before(self, start: int, lo: int) -> int | None:
        """The nearest opener or subject before ``start`` and from ``lo`` on. A subject's name must end
        before the figure, so the LONGEST + 1 tokens before it are tried as place_of tries them; further
        back, no name reaches the figure and the marks found once hold."""
        near = max(lo, start - 1 - LONGEST)
        for i in range(start - 1, near - 1, -1):
            if _opens(self.tokens[i]) or _subject(self.tokens, i, start):
                return i
        j = self.prev_mark[near - 1] if near > lo else -1
        return j if j >= lo else None


def _opens(token: str) -> bool:
    return token in LOCATIVE or token in WORLDWIDE


def _subject(tokens: list[str], i: int, stop: int) -> str | None:
    """The place that starts at tokens[i] and reports or has what follows ("Chile has reported")."""
    found = _place_from(tokens, i, stop - 1)
    return found[0] if found and tokens[found[1]] in HOLDS and found[0] != WORLD else None


def _place_ending(tokens: list[str], j: int) -> str | None:
    """The place whose name ends right before tokens[j]."""
    places = _places()
    for n in range(min(LONGEST, j), 0, -1):
        place = places.get(tuple(tokens[j - n : j]))
        if place is not None and place != WORLD:
            return place
    return None


def _place_from(tokens: list[str], k: int, hi: int) -> tuple[str, int] | None:
    """The longest place name that starts at tokens[k] and ends by tokens[hi], and where it ends."""
    places = _places()
    for n in range(min(LONGEST, hi - k), 0, -1):
        place = places.get(tuple(tokens[k : k + n]))
        if place is not None:
            return place, k + n
    return None


def _named_at(tokens: list[str], i: int, hi: int) -> str | None:
    """The place named by the locative phrase (or "worldwide") at tokens[i], unless the word after
    it says that someone spoke there."""
    if tokens[i] in WORLDWIDE:
        return WORLD
    if tokens[i] not in LOCATIVE:
        return None
    found = _place_from(tokens, i + 1 + (i + 1 < hi and tokens[i + 1] == "the"), hi)
    if found is None:
        return None
    place, end = found
    after = tokens[end] if end < len(tokens) else ""
    if place == WORLD and is_word(after) and after not in STOPWORDS:
        return None  # "in the world health body's count" names no place
    return None if after in SPEECH else place
