"""Which sentences may stand alone in a summary.

A summary sentence is read out of its article, so sentences that need their neighbours
(fragments, list items, quotations without a speaker, answers to questions), that carry no
news (datelines, bylines, editors' notes in parentheses, web boilerplate) or that are too
short or too long to be good value are left out before selection.
"""

from __future__ import annotations

import re

from storyline.summarize.units import Unit

MIN_WORDS = 8
MAX_WORDS = 55

_QUOTES = "\"“”«»"
_OPEN_QUOTE = re.compile(r"^\s*(?:``|''|[\"“‘'«])")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|asked|declared|according|noted|insisted|"
    r"warned|wrote|argued|explained|announced|reported|claimed)\b",
    re.I,
)
# Web and wire furniture: credits, links, sharing prompts, captions (matched on lowercased text).
_BOILERPLATE = (
    "copyright", "all rights reserved", "(c) ", "click here", "sign up", "subscribe", "newsletter",
    "follow us", "follow him on", "follow her on", "http:", "https:", "www.", "&#", "| ",
    "toggle caption", "enlarge this image", "photo:", "image caption", "reporting by", "editing by",
    "writing by", "contributed to this report", "for more information", "associated press writer",
    "story continued below", "advertisement", "read more", "see also",
)
_BOILERPLATE_START = re.compile(r"\W*(?:related|update)\b|\W*(?:by|from) [a-z]+ [a-z]+\W*$")
_EMAIL = re.compile(r"\S@\S")
# A list item ("_ The show ...", "* ...") or a note in parentheses ("(STORY CAN END HERE ...)").
_ASIDE = re.compile(r"(?:[_*•-]\s|\([^()]*\)\W*$)")
# Openings that refer back to something the reader has not seen.
_DANGLING = frozenset(
    "and but or so also still yet however meanwhile nevertheless nonetheless instead then thus "
    "he she it they him her them his its their this these those that such here there".split()
)


def quotes_balanced(text: str) -> bool:
    """An even number of double-quote marks (`` and '' count as one mark each)."""
    marks = text.count("``") + text.count("''") + sum(text.count(c) for c in _QUOTES)
    return marks % 2 == 0


def unquoted(text: str) -> str:
    """The text outside double quotation marks."""
    text = text.replace("``", '"').replace("''", '"')
    return re.sub(r"[\"“][^\"”]*[\"”]", " ", text)


def standalone(unit: Unit) -> bool:
    """True when the sentence can be read on its own in a summary."""
    return readable(unit) and unit.tokens[0] not in _DANGLING


def leans_back(unit: Unit) -> bool:
    """True when the sentence could stand but for an opening that points back ("He ...",
    "But ...", "This ..."): it may follow the sentence before it."""
    return readable(unit) and unit.tokens[0] in _DANGLING


def readable(unit: Unit) -> bool:
    """The checks of standalone() but the opening word."""
    if not MIN_WORDS <= unit.length <= MAX_WORDS:
        return False
    text = unit.shown.strip()
    end = text.rstrip(_QUOTES + "'` )")
    if end.endswith("?") or not quotes_balanced(text) or _ASIDE.match(text):
        return False
    if not unit.article.tokenized:
        letter = next((c for c in text if c.isalpha()), "")
        if letter.islower() or not end.endswith((".", "!")):
            return False  # starts mid-sentence, or a headline, list item or cut-off sentence
    if _OPEN_QUOTE.match(text) and not _SPEECH.search(unquoted(text)):
        return False  # a quotation with no speaker
    return not boilerplate(text)


def boilerplate(text: str) -> bool:
    low = text.lower()
    return (
        any(p in low for p in _BOILERPLATE)
        or bool(_BOILERPLATE_START.match(low))
        or ("@" in low and bool(_EMAIL.search(low)))
    )
