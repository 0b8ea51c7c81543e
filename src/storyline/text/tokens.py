"""Word tokens, stems and stopwords: the one text representation every stage matches on.

Tokens follow the ROUGE convention (lowercase, runs of [a-z0-9]), so that prose input
("Syria's") and tokenized input ("syria s") give the same tokens; Latin letters with marks, ligatures
and fullwidth forms are read as their plain letters first (``fold``: "Erdoğan" and "Erdogan" are one
word, not "erdo an" and "erdogan"). ``analyse`` gives a text's
words, stems and content stems at once; ``model.Sentence.analysis`` caches it per sentence.
Other token definitions, different on purpose: ``text.lex`` (facts: numbers, hyphens and
punctuation kept), ``cluster.words`` (a numpy batch form of ``words``) and ``casing._flat``
(cased words for learning written forms).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

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


def _latin_folds() -> tuple[dict[int, str | None], dict[int, str]]:
    """The tables of fold and fold_one: each Latin letter with marks, ligature and fullwidth letter or
    digit -> its plain ASCII spelling ("ç" -> "c", "ß" -> "ss", "ﬁ" -> "fi"); for fold, combining marks,
    the soft hyphen and zero-width characters -> nothing; for fold_one, a character for a character."""
    spelt = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t", "ð": "d", "ß": "ss", "æ": "ae",
             "œ": "oe", "þ": "th", "ƒ": "f"}  # fmt: skip
    spelt |= {k.upper(): v.upper() for k, v in spelt.items() if k not in "ıßƒ"}
    letters = chain(range(0xC0, 0x250), range(0x1E00, 0x1F00), range(0xFB00, 0xFB07), range(0xFF10, 0xFF5B))
    table: dict[int, str | None] = {}
    for code in letters:
        c = chr(code)
        plain = spelt.get(c) or "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
        if plain != c and plain.isascii() and plain.isalnum():
            table[code] = plain
    one = {code: plain[0] for code, plain in table.items()}
    table |= dict.fromkeys([*range(0x300, 0x370), 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
    return table, one


_FOLD, _FOLD_ONE = _latin_folds()
_FOLDABLE = re.compile(r"[\u00ad\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff\u200b-\u200d\u2060\ufb00-\ufb06\ufeff\uff10-\uff5a]")


def fold(text: str) -> str:
    """The text with Latin letters as plain letters, for matching words: marks dropped ("Erdoğan" ->
    "Erdogan"), "ł", "ø", "ß", "æ" spelt out, ligatures and fullwidth forms read as their letters, and
    soft hyphens and zero-width characters inside words removed. Other text is left as it is."""
    return text.translate(_FOLD) if not text.isascii() and _FOLDABLE.search(text) else text


def fold_one(text: str) -> str:
    """fold, a character for a character (so that offsets in it are offsets in the text): each Latin
    letter with marks becomes its plain letter ("ß" becomes "s"); marks and invisible characters stay."""
    return text.translate(_FOLD_ONE) if not text.isascii() and _FOLDABLE.search(text) else text


def words(text: str) -> list[str]:
    """Lowercased alphanumeric tokens, as ROUGE tokenizes, of the folded text."""
    return _WORD.findall(fold(text).lower())


def rouge_words(text: str) -> list[str]:
    """Lowercased alphanumeric tokens exactly as ROUGE tokenizes (no folding: "Erdoğan" is "erdo an")."""
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
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


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
