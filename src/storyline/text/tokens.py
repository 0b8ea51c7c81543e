"""Word tokens, stems and stopwords: the one text representation every stage matches on.

Tokens follow the ROUGE convention (lowercase, runs of [a-z0-9]), so that prose input
("Syria's") and tokenized input ("syria s") give the same tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("porter")

# A plain English stopword list (function words only), written for this project.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either few for
    from further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up upon very was we were what when
    where which while who whom why will with would you your yours yourself yourselves s t d ll m re
    ve said says say told according also would could may might must shall us one ago yet still
    however since within without around among amid per via
    """.split()
)


def words(text: str) -> list[str]:
    """Lowercased alphanumeric tokens, as ROUGE tokenizes."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) or word  # Porter stems "s" to ""


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stopwords or bare one-letter tokens."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens that contain a letter or digit."""
    return sum(1 for t in text.split() if _WORD.search(t.lower()))
