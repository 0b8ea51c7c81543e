"""Where a page's title or a photo caption runs into the lead with no stop between.

Scraped pages often give their title, a caption and the lead as one line ("Ferry service to Tamsin
resumes Passengers queued at Port Alder ..."). At each capitalised word of an article's opening
sentence that follows a word without a full stop, a logistic model (text/run_on_model.json,
fitted by bench/fit_run_on.py on the dev sets' titles run into their leads and sentences run into
the next) gives the chance that a new sentence starts there. The opening sentence is cut at the
likeliest such word while it passes the model's threshold; the parts before and after a cut are
read again (title, caption, lead; a title, then a lead that opens by repeating it). What the
article writes is read from the rest of it, without the line.
A later sentence, and the rest of the opening one, is cut the same way (later_cuts: a crosshead or
caption run into the paragraph after it), but only before an opener ("The", "On", ...) that follows
a lowercase word: further in, a capital after a lowercase word is most often a name's ("retired
Coast Guard Admiral"). There each opener that passes is a cut, looked for within a sentence's
length of the last one (the model's "later_most", as "most" is a title's), so that a line of any
length is read once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from storyline.text.calendar import TIME_ZONES
from storyline.text.casing import CONNECTORS, listed_words
from storyline.text.dateline import parse_dateline, without_stamp
from storyline.text.tokens import STOPWORDS, fold

MODEL_PATH = Path(__file__).with_name("run_on_model.json")
MIN_LEFT = 3  # words with a letter before a cut: a title of fewer is a label or a name
_ENDS = ".!?"
_OPEN = frozenset({"(", "-LRB-", "``", "[", "-LSB-"})  # brackets and quotes as tokens of their own
_CLOSE = frozenset({")", "-RRB-", "''", "]", "-RSB-"})
_TOKEN = re.compile(r"\S+")
_NAME_AFTER_LOWER = re.compile(r"[a-z] ([A-Z]\S*)")
_PUNCT = ".,;:!?\"'()[]`’‘“”"
_LABELS = frozenset({"caption", "caption:"})  # a page's label introduces what follows: "image caption The ferry ..."
# Words that open a sentence run into a crosshead or caption before it (later_cuts); cluster.headlines
# reads a page's title run into its lead at the same words
OPENERS = ("The A An In On At It This These Those More Up As But After For Some There When While With His Her "
           "Their Its He She They We Many Most Several").split()  # fmt: skip
_OPENER = re.compile(rf" (?<=[a-z0-9,;] )(?:{'|'.join(OPENERS)}) [a-z0-9]")  # later_cuts' quick test
FEATURES = (
    "next_stopword",  # "The", "He", "In": a function word capitalised
    "next_caps",  # "HALVERN": a dateline's place
    "next_seen_lower",  # the article writes the word in lowercase elsewhere: a common word capitalised (not "US")
    "next_name",  # the article capitalises the word (not a stopword) after a lowercase word elsewhere: a name
    "next_stopword_name",  # a stopword the article capitalises after a lowercase word elsewhere ("The Hague")
    "next_listed",  # a name of the shipped lists or a time zone: "Monday", "Britons", "EDT"
    "dateline",  # a dateline starts at the word ("HALVERN (Northgate Press) -")
    "after_lower",  # the word after it is lowercase ("Passengers queued"), not a name's next part ("Gulf of")
    "prev_stopword",  # "talks in The Hague"
    "prev_lower",  # a lowercase word ends the part before
    "prev_capital",  # a name goes on: "Kay Lund"
    "prev_digit",
    "prev_punct",  # ",", ":", "-" before it
    "left_words",  # log of the words before
    "right_words",  # log of the words after
    "left_title_case",  # share of the last words before that are capitalised
    "repeat",  # share of the content words after it that the part before holds (a title repeats its lead)
    "in_brackets",  # inside an open bracket or quote
)
_SEEN = [FEATURES.index(name) for name in ("next_seen_lower", "next_name", "next_stopword_name")]  # read from article_words
_NOTHING_SEEN: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


@lru_cache(maxsize=1)
def model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def candidates(tokens: list[str], most: int) -> list[int]:
    """Indexes of the words that may start a sentence run on after the words before them: at least
    MIN_LEFT words with a letter before it (a stamp or a number is no title), at most ``most`` words
    (a title's or caption's length) and not right after a label."""
    out, worded = [], 0
    for k in range(1, min(most + 1, len(tokens) - 1)):
        worded += any(c.isalpha() for c in tokens[k - 1])
        if (
            worded >= MIN_LEFT and tokens[k][:1].isupper() and tokens[k][:1].isalpha()
            and tokens[k - 1][-1:] not in _ENDS and tokens[k - 1].lower() not in _LABELS
        ):  # fmt: skip
            out.append(k)
    return out


_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}"}  # the brackets of tokenized text
_OPENING_READ = 40  # words of a line that opening_words reads
_AHEAD = 16  # words from a candidate on that line_features reads (a dateline's)


def opening_words(tokens: list[str]) -> int:
    """How many of the words open the line with a page's stamp or a dateline ("HALVERN | Fri Apr 24,
    2031 7:50 pm EDT", "PORT ALDER (Northgate Press) -"): no title runs on there (dateline.quoted
    leaves them out of the display), and the lead after a dateline repeats its place."""
    tokens = [_BRACKETS.get(t, t) for t in tokens[:_OPENING_READ]]  # "-LRB- Reuters -RRB-" as the dateline reads it
    line = " ".join(tokens)
    rest = without_stamp(line)
    found = parse_dateline(rest)
    end = len(line) - len(rest) + (found.end if found else 0)
    k = length = 0
    while k < len(tokens) and length + len(tokens[k]) <= end:
        length += len(tokens[k]) + 1
        k += 1
    return k


def article_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of an article (a lowercase word is one of them if the article writes it in lowercase),
    and those it capitalises after a word that ends in a lowercase letter (names)."""
    return frozenset(text.split()), frozenset(map(_bare, set(_NAME_AFTER_LOWER.findall(text))))


def _here_only(pair: str, sentence: str, text: str) -> bool:
    """Whether the article writes the pair of words in this sentence only (a cut may come between them).
    ``text`` is the article's beginning: the sentence is read no further than that either."""
    return text.count(pair) <= sentence.count(pair, 0, len(text))


class _Counted:
    """An article's words and names (article_words) counted once, for the article without one of
    its lines (later_cuts reads many lines of one article)."""

    def __init__(self, text: str):
        self.words = Counter(text.split())
        self.names = Counter(map(_bare, _NAME_AFTER_LOWER.findall(text)))

    @staticmethod
    @lru_cache(maxsize=1)
    def of(text: str) -> _Counted:
        return _Counted(text)

    def without(self, line: str) -> tuple[_Left, _Left]:
        return (_Left(self.words, Counter(line.split())),
                _Left(self.names, Counter(map(_bare, _NAME_AFTER_LOWER.findall(line)))))  # fmt: skip


class _Left:
    """The words counted in an article less those of one line: ``word in`` as in article_words' sets."""

    def __init__(self, counts: Counter, line: Counter):
        self.counts, self.line = counts, line

    def __contains__(self, word: object) -> bool:
        return self.counts[word] > self.line[word]


def elsewhere(text: str, *lines: str) -> str:
    """The article without the lines read for cuts (each line's first occurrence): a run-on line
    holds its own cut ("... for aid The Haitian ..."), which must not count as the article's evidence
    that the word is a name."""
    for line in lines:
        text = text.replace(line, "\n", 1)
    return text


def _bare(word: str) -> str:
    return fold(word.strip(_PUNCT)).lower()


def features(tokens: list[str], k: int, seen: tuple[frozenset[str], frozenset[str]]) -> list[float]:
    """The FEATURES of a cut before ``tokens[k]``; ``seen``: the article_words of its article."""
    return line_features(tokens, [k], seen)[0]


def line_features(
    tokens: list[str], ks: list[int], seen: tuple[frozenset[str], frozenset[str]], size: int | None = None
) -> list[list[float]]:
    """The FEATURES of a cut before each ``tokens[k]``, ``k`` in ``ks``, the line read once; ``size``:
    the line's length when ``tokens`` holds only its first words (_AHEAD past the last k at least)."""
    if not ks:
        return []
    reach = min(max(ks) + 8, len(tokens))
    folded = [fold(t).lower() for t in tokens[:reach]]
    depths, depth = [], 0  # brackets and quotes left open before each word
    for t in tokens[: max(ks)]:
        depths.append(depth)
        depth += (t in _OPEN or t.startswith("(") and ")" not in t) - (t in _CLOSE or t.endswith(")") and "(" not in t)
    depths.append(depth)
    out, listed = [], _listed()
    for k in ks:
        word, prev, after = tokens[k], tokens[k - 1], tokens[k + 1]
        low = _bare(word)
        last = [t for t in tokens[max(0, k - 8) : k] if t[:1].isalpha()]
        before = set(folded[:k])
        ahead = [t for t, raw in zip(folded[k : k + 8], tokens[k : k + 8]) if raw[:1].isalnum()]
        ahead = [t for t in ahead if t not in STOPWORDS and len(t) > 1][:4]
        out.append([
            float(low in STOPWORDS),
            float(word.isupper() and len(word) > 1),
            *_seen_values(word, seen),
            float(low in listed),
            float(parse_dateline(" ".join(tokens[k : k + _AHEAD])) is not None),
            float(after[:1].islower() and after not in CONNECTORS),
            float(folded[k - 1] in STOPWORDS),
            float(prev.isalpha() and prev.islower()),
            float(prev[:1].isupper()),
            float(any(c.isdigit() for c in prev)),
            float(not prev[-1:].isalnum()),
            math.log(k),
            math.log((size or len(tokens)) - k),
            sum(t[:1].isupper() for t in last) / max(len(last), 1),
            sum(t in before for t in ahead) / max(len(ahead), 1),
            float(depths[k] > 0),
        ])  # fmt: skip
    return out


def _scored(rows: list[list[float]], found: list[int], tokens: list[str], seen, fitted: dict) -> list[tuple[float, int]]:
    """(probability, k) of each candidate ``found`` (rows: their line_features), the article's words ``seen`` filled in."""
    for x, k in zip(rows, found):
        for i, value in zip(_SEEN, _seen_values(tokens[k], seen)):
            x[i] = value
    return [(probability(x, fitted), k) for x, k in zip(rows, found)]


@lru_cache(maxsize=1)
def _listed() -> frozenset[str]:
    return listed_words() | frozenset(TIME_ZONES)


def _seen_values(word: str, seen: tuple[frozenset[str], frozenset[str]]) -> tuple[float, float, float]:
    """next_seen_lower, next_name and next_stopword_name of ``word``: an acronym's lowercase is
    another word ("US", "us")."""
    lowercase, names = seen
    low = _bare(word)
    named = low in names
    common = low.isalpha() and low in lowercase and not (word.isupper() and len(word) > 1)
    return float(common), float(named and low not in STOPWORDS), float(named and low in STOPWORDS)


def probability(x: list[float], fitted: dict | None = None) -> float:
    fitted = fitted or model()
    z = fitted["intercept"] + sum(w * v for w, v in zip(fitted["coef"], x))
    return 1 / (1 + math.exp(-z))


def later_cuts(sentence: str, text: str, fitted: dict | None = None, opening: bool = False) -> list[str]:
    """A later sentence of an article cut where a crosshead or a caption runs into the paragraph
    after it ("... worse than feared The firm will ..."): as run_on_cuts, but only before an opener
    (_opens), since past the title a capital after a lowercase word is most often a name's; and
    at each opener that passes, since a caption may be longer than a title and come after another.
    ``opening``: the sentence opens the article, and a stamp or dateline that opens it stays with
    what follows."""
    if _OPENER.search(sentence, 1) is None:
        return [sentence]  # most sentences hold no opener after a lowercase word
    return run_on_cuts(sentence, text, fitted, openers=True, opening=opening)


def _opens(tokens: list[str], k: int) -> bool:
    """An opener (OPENERS) after a lowercase word other than a stopword (or a number) and before a
    lowercase word or a number ("feared The firm", "wrongdoing On 8 February"); after a capitalised
    word it most often goes on a name ("Port Said", "George Will")."""
    word, prev, after = tokens[k], tokens[k - 1].rstrip(",;'’\""), tokens[k + 1][:1]
    return (
        word in _OPENER_SET and (after.islower() or after.isdigit())
        and (prev.isdigit() or prev.isalpha() and prev.islower() and prev not in STOPWORDS)
    )  # fmt: skip


_OPENER_SET = frozenset(OPENERS)


def run_on_cuts(
    sentence: str, text: str, fitted: dict | None = None, openers: bool = False, opening: bool = False
) -> list[str]:
    """The sentence (an article's first) cut where a title or caption runs into what follows: its
    parts, each exactly as written (one part, the sentence, when there is no cut or the article has
    nothing else). ``text``: the article, read for its article_words only when a candidate could
    pass the threshold with them. ``openers``: cut only before an opener (later_cuts) that the rest
    of the article does not write after the same word ("influenza A" twice is a name), the article's
    words counted once for all its lines (_Counted); with ``opening``, not right after a stamp or
    dateline either."""
    fitted = fitted or model()
    spans = [m.span() for m in _TOKEN.finditer(sentence)]
    tokens = [sentence[a:b] for a, b in spans]
    parts: list[str] = []
    seen: tuple[frozenset[str], frozenset[str]] | None = None
    start = 0  # index of the first word of what is left
    most = fitted["later_most"] if openers else fitted["most"]
    fits: dict[int, bool] = {}  # opener at a word's index -> it may be a cut (_opens, _here_only): read once
    while True:
        skip = opening_words(tokens[start : start + _OPENING_READ]) if opening or not openers else 0  # later, none
        first = start + skip
        left = tokens[first : first + most + _AHEAD + 1]  # what the candidates' features read
        found = candidates(left, most)
        if openers:
            for k in found:
                if first + k not in fits:
                    fits[first + k] = _opens(left, k) and _here_only(f"{left[k - 1]} {left[k]} ", sentence, text)
            found = [k for k in found if fits[first + k]]
        rows = line_features(left, found, _NOTHING_SEEN, len(tokens) - first)
        if seen is None:
            best = [[float(w > 0) if i in _SEEN else v for i, (v, w) in enumerate(zip(x, fitted["coef"]))] for x in rows]
            if not any(probability(x, fitted) >= fitted["threshold"] for x in best):
                break  # not even with the article's words at their most favourable
            if openers:
                seen = _Counted.of(text).without(sentence)
            else:
                rest = elsewhere(text, sentence)
                if not rest.strip():
                    break  # the line is the whole article: nothing tells a name from a new sentence
                seen = article_words(rest)
        scored = _scored(rows, found, left, seen, fitted)
        if openers:  # each opener that passes is a cut: the first of them, then the rest read again
            scored = [next(((p, k) for p, k in scored if p >= fitted["threshold"]), (0.0, 0))]
        p, k = max(scored, default=(0.0, 0))
        if p < fitted["threshold"]:
            break
        while not openers:  # the part before the cut read again: a title, then its lead's start repeating it
            head = left[:k]
            found = candidates(head, most)
            p, k_head = max(_scored(line_features(head, found, _NOTHING_SEEN), found, head, seen, fitted), default=(0.0, 0))
            if p < fitted["threshold"]:
                break
            k = k_head
        parts.append(sentence[spans[start][0] : spans[start + skip + k - 1][1]])
        start += skip + k
    return [*parts, sentence[spans[start][0] :].rstrip()] if parts else [sentence]

