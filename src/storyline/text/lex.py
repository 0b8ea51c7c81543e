"""The second token definition, for fact mining (storyline.facts): lowercase tokens, and prose
and tokenized text give the same stream.

Unlike `text.tokens.words`, numbers keep their separators ("93,000", "1.5"), hyphens are their own
token (so "al-zor" is "al - zor" and "three-year" is "three - year"), and punctuation is kept:
phrases and quantities must not run across it.
"""

from __future__ import annotations

import re

from storyline.text.tokens import fold_one

_TOKEN = re.compile(
    r"-[lr][rsc]b-"  # a Treebank bracket (-lrb-): punctuation, never a word glued by hyphens
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?![a-z0-9])"  # 93,000  1.5  20th  1990s
    r"|\d+(?:[.,]\d+)*"  # digits glued to a unit: 15km
    r"|(?:[a-z]\.){2,}"  # u.s.  a.m.
    r"|[a-z0-9]+"
    r"|[^\sa-z0-9]"
)
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")
# a thousands group a tokenizer split off ("50 ,000" in "45,000-50 ,000 dead"); here it moves back onto
# its number with the space after it, so that offsets stay those of the text (text.display drops the space)
SPLIT_THOUSANDS = re.compile(r" ,(?<=\d ,)(\d{3})(?![\d,.])")  # (" ," first: a fast literal scan)


def _prepared(text: str) -> str:
    text = _POSSESSIVE.sub(" s", text.replace("’", "'"))
    return SPLIT_THOUSANDS.sub(r",\1 ", text) if " ," in text else text


def _lower(text: str) -> str:
    """Folded (text.tokens.fold_one: "Gonçalves" is one word, "goncalves") and lowercased, a character
    for a character ("İ" lowercases to two: "i" and a combining dot)."""
    text = fold_one(text)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower()[0] for c in text)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(_prepared(_lower(text)))


def spans(text: str) -> list[tuple[str, int, int]]:
    """Tokens with their character offsets in `text` (possessive 's becomes the token "s")."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(_prepared(_lower(text)))]


def is_number(token: str) -> bool:
    return token[:1].isdigit()


def is_word(token: str) -> bool:
    return token[:1].isalpha()
