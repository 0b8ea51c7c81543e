"""What the story tracker sees of an article: stem ids, weighted counts and a lead mark.

Terms are the content stems of the title and body (dateline left out). The lead (title and about the
first 60 words) counts once more, since news puts the story in its first lines, and names (capitalised
words inside a sentence) count twice more, since they tell similar stories apart (one Turkish
crisis from another). Stems are numbered by a ``Vocabulary`` that the tracker keeps with its state,
so that the per-article work is a dictionary lookup per word and a few numpy operations.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from storyline.ingest.dateline import parse_dateline
from storyline.model import Article
from storyline.text.tokens import STOPWORDS, stem

LEAD_STEMS = 35  # about the first 60 words
NAME_EXTRA = 2

# A capitalised word run after a lowercase letter, comma or semicolon and a space (the lookbehind
# comes after the first letter so that the scan jumps from capital to capital).
_NAME = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[a-z]+(?:[- ][A-Z][a-z]+)*")
# Words as text.tokens.words gives them ([a-z0-9]+ runs of the lowercased text), as bytes: every
# other byte, UTF-8 lead and continuation bytes included, becomes a space.
_SPACES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
WORD_CACHE = 1_000_000  # word -> stem id entries kept before the cache starts afresh
_STOP = -1
_NONE = np.zeros(0, np.int64)


@dataclass(frozen=True)
class Terms:
    seq: np.ndarray  # stem ids in text order (title first)
    ids: np.ndarray  # distinct stem ids, in order of first occurrence
    counts: np.ndarray  # weighted count of each distinct id (names boosted)
    first: np.ndarray  # position of each distinct id's first occurrence in ``seq``
    lead: np.ndarray  # bool: the id occurs in the lead


class Vocabulary:
    """Stem <-> id, with each stem's document frequency, hash (for MinHash) and a word form."""

    def __init__(self) -> None:
        self.stems: list[str] = []
        self.ids: dict[str, int] = {}
        self.surface: list[str] = []  # id -> the shortest word seen for it
        self.df = np.zeros(1024, np.int64)
        self.hashes = np.zeros(1024, np.uint64)
        self.scratch = np.zeros(1024, np.float64)  # a dense vector the tracker scores with
        self.flag = np.zeros(1024, bool)
        self._words: dict[bytes, int] = {}  # word -> stem id, or -1 for a stopword

    def __len__(self) -> int:
        return len(self.stems)

    def encode(self, text: str) -> np.ndarray:
        """Stem ids of the content words of ``text`` (no stopwords, no one-letter words), in order."""
        words = text.lower().encode().translate(_SPACES).split()
        known = self._words
        try:
            found = list(map(known.__getitem__, words))
        except KeyError:
            found = [known[w] if w in known else self._learn(w) for w in words]
        ids = np.array(found, np.int64)
        return ids[ids >= 0]

    def _learn(self, token: bytes) -> int:
        if len(self._words) >= WORD_CACHE:
            self._words.clear()
        word = token.decode()
        i = _STOP if word in STOPWORDS or len(word) < 2 else self.add(stem(word), word)
        self._words[token] = i
        return i

    def add(self, s: str, word: str | None = None) -> int:
        i = self.ids.get(s)
        if i is None:
            i = self.ids[s] = len(self.stems)
            self.stems.append(s)
            self.surface.append(word or s)
            if i >= len(self.df):
                self._grow(2 * len(self.df))
            self.hashes[i] = zlib.crc32(s.encode())
        elif word is not None and len(word) < len(self.surface[i]):
            self.surface[i] = word
        return i

    def _grow(self, size: int) -> None:
        for name in ("df", "hashes", "scratch", "flag"):
            old = getattr(self, name)
            new = np.zeros(size, old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def keep(self, wanted: np.ndarray) -> np.ndarray:
        """Keep only the ids marked in ``wanted``, renumbered; returns old id -> new id (or -1)."""
        n = len(self.stems)
        kept = np.flatnonzero(wanted[:n])
        remap = np.full(n, -1, np.int64)
        remap[kept] = np.arange(len(kept))
        self.stems = [self.stems[i] for i in kept]
        self.surface = [self.surface[i] for i in kept]
        self.ids = {s: i for i, s in enumerate(self.stems)}
        size = max(1024, 2 * len(kept))
        for name in ("df", "hashes"):
            old = getattr(self, name)
            new = np.zeros(size, old.dtype)
            new[: len(kept)] = old[kept]
            setattr(self, name, new)
        self.scratch = np.zeros(size, np.float64)
        self.flag = np.zeros(size, bool)
        self._words.clear()
        return remap


def body_text(article: Article) -> str:
    """The article text without its dateline ("ANKARA, Turkey (AP) _")."""
    text = article.text.lstrip()
    found = parse_dateline(text, tokenized=article.tokenized)
    return text[found.end :] if found else text


def terms(article: Article, vocab: Vocabulary) -> Terms:
    """The article's stem ids, weighted counts and lead mark."""
    body = body_text(article)
    title = vocab.encode(article.title) if article.title else _NONE
    seq = np.concatenate((title, vocab.encode(body)))
    ids, first, counts = _distinct(seq)
    names = _NAME.findall(body) if not article.tokenized else None
    if names:
        name_ids = vocab.encode(" ".join(names))
        flag = vocab.flag
        flag[name_ids] = True
        counts[flag[ids]] *= 1 + NAME_EXTRA
        flag[name_ids] = False
    lead = first < len(title) + LEAD_STEMS
    return Terms(seq, ids, counts, first, lead)


def _distinct(seq: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct values, first positions, counts) of ``seq``, in order of first occurrence
    (np.unique, without its overhead, for a few hundred ids)."""
    if not len(seq):
        return seq, seq, seq
    order = seq.argsort(kind="stable")
    ordered = seq[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, len(seq)))
    first = order[starts]
    by_first = first.argsort()
    return ordered[starts][by_first], first[by_first], counts[by_first]
