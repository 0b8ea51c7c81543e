"""Which sentences may stand alone in a summary.

A summary sentence is read out of its article, so sentences that need their neighbours
(fragments, list items, quotations without a speaker, answers to questions), that carry no
news (datelines, bylines, editors' notes in parentheses, web boilerplate) or that are too
short or too long to be good value are left out before selection. Two give way: a sentence
that points back or quotes an unnamed speaker may follow the sentence before it (leans_back),
and a story too short to fill the budget otherwise takes what was left out only for polish
(fills).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.summarize import redundancy
from storyline.summarize.redundancy import novel, stock_background
from storyline.summarize.units import Unit
from storyline.text.boilerplate import boilerplate
from storyline.timeline.dates import overtaken

# Defaults of Rules; bench/validate.py's protocol keeps the four below against the settings of its COUNTED_GRID.
MIN_WORDS = 8
MAX_WORDS = 55
LONG_WORDS = 80  # the longest sentence that may fill a summary short of standalone ones
QUOTED = 0.5  # share of a sentence inside quotation marks above which it quotes more than it reports

_QUOTES = "\"“”«»"
_OPEN_QUOTE = re.compile(r"^\s*(?:``|''|[\"“‘'«])")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|asked|declared|according|noted|insisted|"
    r"warned|wrote|argued|explained|announced|reported|claimed)\b",
    re.I,
)
# A list item ("_ The show ...", "* ...") or a note in parentheses ("(STORY CAN END HERE ...)").
_ASIDE = re.compile(r"(?:[_*•-]\s|\([^()]*\)\W*$)")
# Openings that refer back to something the reader has not seen.
DANGLING = frozenset(
    "and but or so also still yet however meanwhile nevertheless nonetheless instead then thus "
    "he she it they him her them his its their this these those that such here there".split()
)


@dataclass(frozen=True)
class Rules:
    """The numbers of the sentence filters and of the redundancy checks (summarize.redundancy)."""

    min_words: int = MIN_WORDS
    max_words: int = MAX_WORDS
    long_words: int = LONG_WORDS
    quoted: float = QUOTED
    near_duplicate: float = redundancy.NEAR_DUPLICATE
    duplicate_words: int = redundancy.DUPLICATE_WORDS
    seen_duplicate: float = redundancy.SEEN_DUPLICATE
    new_share: float = redundancy.NEW_SHARE
    background_from: int = redundancy.BACKGROUND_FROM
    stock: float = redundancy.STOCK

    def novel(self, units: Sequence, seen: Sequence) -> list:
        return novel(units, seen, self.seen_duplicate, self.new_share)

    def repeats(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether two sentences' contents are near-duplicates (redundancy.near_duplicate)."""
        return redundancy.near_duplicate(a, b, self.near_duplicate, self.duplicate_words)

    def duplicate_pairs(self, sets: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
        """The index pairs i < j of near-duplicates among the sets (redundancy.duplicate_pairs)."""
        return redundancy.duplicate_pairs(sets, self.near_duplicate, self.duplicate_words)


RULES = Rules()


def quotes_balanced(text: str) -> bool:
    """An even number of double-quote marks (`` and '' count as one mark each)."""
    marks = text.count("``") + text.count("''") + sum(text.count(c) for c in _QUOTES)
    return marks % 2 == 0


def unquoted(text: str) -> str:
    """The text outside double quotation marks."""
    text = text.replace("``", '"').replace("''", '"')
    return re.sub(r"[\"“][^\"”]*[\"”]", " ", text)


def candidates(
    units: Sequence[Unit],
    budget: int,
    seen: Sequence[Unit] = (),
    reach: int | None = None,
    rules: Rules = RULES,
    room: float = 1.0,
    anchorless: bool = False,
) -> list[Unit]:
    """The sentences a summary may take, none already said by the seen ones (redundancy.novel)
    and none stock background that other reports repeat (redundancy.stock_background): the
    standalone sentences (among each article's first `reach` when given). When those hold less
    than `room` budgets, also those kept out only for polish (fills()) and, with `anchorless`, those
    that point back to no sentence (anchorless_follower()): from the same first sentences while the
    standalone ones fill the budget, from the whole article when they cannot (a short story's summary
    is not cut shorter than its material allows: docs/decisions.md). An update also leaves out
    announcements that a newer report has overtaken (current())."""
    lead = [u for u in units if (reach is None or u.position < reach) and u.length <= budget and standalone(u, rules)]
    background = stock_background(lead, units, rules.background_from, rules.stock)
    newest = max((u.article.published for u in units if u.article.published), default=None) if seen else None
    pool = current(rules.novel([u for u in lead if id(u) not in background], seen), newest)
    words = sum(u.length for u in pool)
    if words >= room * budget:
        return pool
    taken = {id(u) for u in lead}
    near = reach if words >= budget else None
    places = {(u.doc, u.position): u for u in units} if anchorless else {}
    rest = [
        u for u in units
        if id(u) not in taken and (near is None or u.position < near) and u.length <= budget
        and (fills(u, rules) or (anchorless and anchorless_follower(u, places, rules)))
    ]  # fmt: skip
    return pool + current(rules.novel(rest, seen), newest)


def anchorless_follower(unit: Unit, units: dict[tuple[int, int], Unit], rules: Rules = RULES) -> bool:
    """A sentence that points back (leans_back) to no sentence: it opens its article ("This image
    shows ..."), or the line before it is none a summary could show at any length (a headline, a
    caption, page furniture). Elsewhere it follows the sentence before it (ConceptILP.followers).
    ``units``: the story's units by (doc, position)."""
    if not leans_back(unit, rules):
        return False
    before = units.get((unit.doc, unit.position - 1))
    # a line a summary could show at some length: one that fills, stands alone or leans back
    return before is None or not _checked(before, rules, strict=False, speaker=False, any_length=True)


def current(pool: Sequence[Unit], newest: dt.date | None) -> list[Unit]:
    """In an update (`newest` is the newest new article's date), the pool without the sentences
    that announce something for a day that had passed by then ("members will vote on Monday"
    after a report of the vote): the reader wants how it went, not that it was coming (the rule
    is for stale news, not for ROUGE: docs/decisions.md)."""
    if newest is None:
        return list(pool)
    return [u for u in pool if not overtaken(u.sentence.text, u.article.published, newest)]


def standalone(unit: Unit, rules: Rules = RULES) -> bool:
    """True when the sentence can be read on its own in a summary and reports rather than quotes:
    a sentence mostly inside quotation marks may still fill a short story's summary (fills();
    docs/decisions.md)."""
    return (
        _checked(unit, rules, strict=True)
        and unit.tokens[0] not in DANGLING
        and not mostly_quoted(unit.shown, rules.quoted)
    )


def mostly_quoted(text: str, share: float = QUOTED) -> bool:
    """At least ``share`` of the sentence's characters stand inside double quotation marks."""
    return len(text) - len(unquoted(text)) >= share * len(text) > 0


def leans_back(unit: Unit, rules: Rules = RULES) -> bool:
    """True when the sentence may follow the sentence before it though not stand alone: it opens
    by pointing back ("He ...", "But ...", "This ...") or is a quotation whose speaker is not in
    it. After its antecedent it may also be as long as fills() allows or hold a quotation mark the
    sentence split left open (docs/decisions.md)."""
    if not _checked(unit, rules, strict=False, speaker=False):
        return False
    return unit.tokens[0] in DANGLING or _unattributed(unit.shown.strip())


def fills(unit: Unit, rules: Rules = RULES) -> bool:
    """True when the sentence may fill a summary that standalone sentences cannot: it passes
    standalone() but perhaps for its length (up to rules.long_words), a quotation mark the sentence
    split left open, or a lowercase first letter (sources that were lowercased)."""
    return _checked(unit, rules, strict=False) and unit.tokens[0] not in DANGLING


def _unattributed(text: str) -> bool:
    """A quotation with no speaker in the sentence."""
    return bool(_OPEN_QUOTE.match(text)) and not _SPEECH.search(unquoted(text))


def _checked(unit: Unit, rules: Rules, strict: bool, speaker: bool = True, any_length: bool = False) -> bool:
    """The checks of a sentence read out of its article: strict for standalone(); not strict,
    long sentences, open quotation marks and lowercase first letters pass; with speaker, a
    quotation must name who spoke; with any_length, a sentence of a word or more passes whatever its length."""
    low, high = (1, math.inf) if any_length else (rules.min_words, rules.max_words if strict else rules.long_words)
    if not low <= unit.length <= high:
        return False
    text = unit.shown.strip()
    end = text.rstrip(_QUOTES + "'` )")
    if end.endswith("?") or (strict and not quotes_balanced(text)) or _ASIDE.match(text):
        return False
    if not end.endswith((".", "!")):
        return False  # a headline, list item or cut-off sentence (in lowercased wire copy too)
    if not unit.article.tokenized:
        letter = next((c for c in text if c.isalpha()), "")
        if strict and letter.islower():
            return False  # starts mid-sentence
    if speaker and _unattributed(text):
        return False
    return not boilerplate(text)

