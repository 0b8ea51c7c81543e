"""Word tokens, stems and stopwords: the one text representation every stage matches on.

Tokens follow the ROUGE convention (lowercase, runs of [a-z0-9]), so that prose input
("Syria's") and tokenized input ("syria s") give the same tokens. ``analyse`` gives a text's
words, stems and content stems at once; ``model.Sentence.analysis`` caches it per sentence.
Other token definitions, different on purpose: ``text.lex`` (facts: numbers, hyphens and
punctuation kept), ``cluster.words`` (a numpy batch form of ``words``) and ``casing._flat``
(cased words for learning written forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("porter", 0)  # no cache of its own: stem() and _STEMS cache, and stem_words is for new words
_STEMS: dict[str, str] = {}  # word -> stem for stem_all; a plain dict is faster than stem()'s lru_cache
_MAX_STEMS = 200_000

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


def shorten(text: str, most: int) -> str:
    """The text if it has at most `most` words, else its first `most` - 2 words, without the function
    words and the comma a cut leaves at the end ("... died from an"), then "…"."""
    cut = text.split()
    if len(cut) <= most:
        return text
    cut = cut[: most - 2]
    while len(cut) > 1 and (cut[-1].strip(",;:").lower() in STOPWORDS or not cut[-1].strip(",;:")):
        cut.pop()
    return " ".join(cut).rstrip(",;:") + "…"


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) or word  # Porter stems "s" to ""


def stem_words(toks: list[str]) -> list[str]:
    """The stem of each word, as ``stem`` gives it, in one call of the stemmer (for words met once)."""
    return [st or w for st, w in zip(_STEMMER.stemWords(toks), toks)]


def stem_all(toks: list[str]) -> list[str]:
    """The stem of each word, as ``stem`` gives it (faster for many words)."""
    cache = _STEMS
    if len(cache) > _MAX_STEMS:
        cache.clear()
    out = []
    for w in toks:
        st = cache.get(w)
        if st is None:
            st = cache[w] = stem(w)
        out.append(st)
    return out


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stopwords or bare one-letter tokens."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens that contain a letter or digit."""
    return sum(1 for t in text.split() if _WORD.search(t.lower()))


@dataclass(slots=True, frozen=True)
class Analysis:
    """A text analysed once. The lists are shared by every reader: do not change them."""

    words: list[str]  # words(text)
    stems: list[str]  # the stem of each word
    kept: list[bool]  # word i is not a stopword
    content_stems: list[str]  # content_stems(text): stems of the words kept that are longer than one letter


def analyse(text: str) -> Analysis:
    toks = words(text)
    sts = stem_all(toks)
    kept = [w not in STOPWORDS for w in toks]
    return Analysis(toks, sts, kept, [st for w, st, k in zip(toks, sts, kept) if k and len(w) > 1])
