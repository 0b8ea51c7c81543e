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
from collections import Counter
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
WORD_CACHE = 200_000  # word -> stem id entries kept before the cache starts afresh (~20 MB)
STOP = 0  # the id of every stopword, kept in place so that positions stay word positions
_STOP_STEM = "-"  # no stem has a dash


@dataclass(frozen=True)
class Terms:
    seq: np.ndarray  # stem ids in text order (title first)
    ids: np.ndarray  # distinct stem ids, in order of first occurrence
    counts: np.ndarray  # weighted count of each distinct id (names boosted)
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
        self._words: dict[bytes, int] = {}  # word -> stem id (STOP for a stopword)
        self.add(_STOP_STEM)

    def __len__(self) -> int:
        return len(self.stems)

    def encode(self, text: str) -> list[int]:
        """Stem ids of the words of ``text`` in order; stopwords and one-letter words are STOP."""
        words = text.lower().encode().translate(_SPACES).split()
        found = list(map(self._words.get, words))
        if None in found:  # words met for the first time
            found = [self._learn(w) if i is None else i for w, i in zip(words, found)]
        return found

    def _learn(self, token: bytes) -> int:
        if len(self._words) >= WORD_CACHE:
            self._words.clear()
        word = token.decode()
        i = STOP if word in STOPWORDS or len(word) < 2 else self.add(stem(word), word)
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
        self._resize(size, np.arange(len(self.df)))

    def _resize(self, size: int, rows: np.ndarray) -> None:
        """Arrays of ``size`` rows holding the given old rows first (scratch and flag rest at zero)."""
        for name in ("df", "hashes", "scratch", "flag"):
            old = getattr(self, name)
            new = np.zeros(size, old.dtype)
            new[: len(rows)] = old[rows]
            setattr(self, name, new)

    def keep(self, wanted: np.ndarray) -> np.ndarray:
        """Keep only the ids marked in ``wanted``, renumbered; returns old id -> new id (or -1)."""
        n = len(self.stems)
        wanted[STOP] = True
        kept = np.flatnonzero(wanted[:n])
        remap = np.full(n, -1, np.int64)
        remap[kept] = np.arange(len(kept))
        self.stems = [self.stems[i] for i in kept]
        self.surface = [self.surface[i] for i in kept]
        self.ids = {s: i for i, s in enumerate(self.stems)}
        self._resize(max(1024, 2 * len(kept)), kept)
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
    seq = vocab.encode(article.title) if article.title else []
    title_stems = len(seq) - seq.count(STOP)
    seq += vocab.encode(body)
    counted = Counter(seq)  # in order of first occurrence
    counted.pop(STOP, None)
    if not article.tokenized and (names := _NAME.findall(body)):
        for i in set(vocab.encode(" ".join(names))):
            if i in counted:
                counted[i] *= 1 + NAME_EXTRA
    ids = np.fromiter(counted, np.int64, len(counted))
    counts = np.fromiter(counted.values(), np.int64, len(counted))
    content = np.array(seq, np.int64)
    content = content[content != STOP]
    lead_size = len(set(content[: title_stems + LEAD_STEMS].tolist()))  # the first ids met
    return Terms(content, ids, counts, np.arange(len(ids)) < lead_size)
