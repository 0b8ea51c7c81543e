"""What the story tracker sees of a batch of articles: stem ids, weighted counts and a lead mark.

Terms are the content stems of the title and body (dateline left out). The lead (title and about the
first 60 words) counts once more, since news puts the story in its first lines, and names (capitalised
words inside a sentence) count twice more, since they tell similar stories apart (one Turkish
crisis from another). Stems are numbered by a ``Vocabulary`` that the tracker keeps with its state.

A batch is worked on as one byte string: words are found, hashed, looked up and counted with numpy
operations over the whole batch (``words``), and only words never met before reach Python (to be
stemmed). Each article's result does not depend on the batch it came in.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.cluster import words
from storyline.cluster.words import WordTable
from storyline.model import Article
from storyline.text import chrome
from storyline.text.dateline import parse_dateline
from storyline.text.tokens import STOPWORDS, fold, stem_words

LEAD_STEMS = 35  # about the first 60 words (the default of terms' lead_stems)
NAME_EXTRA = 2  # (the default of terms' name_extra)
WORD_CACHE = 200_000  # word -> stem id entries kept before the table starts afresh (~8 MB)
STOP = 0  # the id of every stopword, kept in place so that positions stay word positions
_STOP_STEM = "-"  # no stem has a dash


@dataclass(frozen=True)
class Batch:
    """Features of a batch; article k owns ``seq[seq_starts[k]:seq_starts[k + 1]]`` and rows
    ``starts[k]:starts[k + 1]`` of ``ids``, ``counts`` and ``lead``."""

    seq: np.ndarray  # content stem ids in text order (title first), stopwords left out
    seq_starts: np.ndarray
    ids: np.ndarray  # each article's distinct stem ids, in order of first occurrence
    counts: np.ndarray  # weighted count of each (names boosted)
    lead: np.ndarray  # bool: the id occurs in the lead
    starts: np.ndarray
    article: np.ndarray  # the article (0..n-1) of each row of ids
    named: np.ndarray | None = None  # bool: the id occurs as (part of) a name
    capitalised: np.ndarray | None = None  # bool: ... as a name written with one capital ("Reid", not "McKenna")

    def __len__(self) -> int:
        return len(self.starts) - 1


_BRACKETS = frozenset({"lrb", "rrb", "lsb", "rsb", "lcb", "rcb"})  # Penn Treebank's -LRB- ... in tokenized text


class Vocabulary:
    """Stem <-> id, with each stem's document frequency, hash (for MinHash), a word form and how
    many articles write it as a name."""

    def __init__(self) -> None:
        self.stems: list[str] = []
        self.ids: dict[str, int] = {}
        self.surface: list[str] = []  # id -> the shortest word seen for it
        self.df = np.zeros(1024, np.int64)
        self.hashes = np.zeros(1024, np.uint64)
        self.scratch = np.zeros(1024, np.float64)  # a dense vector the tracker scores with
        self.flag = np.zeros(1024, bool)
        self.chrome = np.zeros(1024, bool)  # a word of web-page chrome (text.chrome)
        self.capitalised = np.zeros(1024, np.int64)  # articles that write the stem as a name with one capital
        self._words = WordTable()  # word hash -> stem id (STOP for a stopword)
        self.pruned = 0  # times keep() renumbered the stems
        self.log: list[tuple[list[str], list[str]]] | None = None  # when a list, extend's arguments go into it
        self.add(_STOP_STEM)

    def __len__(self) -> int:
        return len(self.stems)

    def lookup(self, hashes: np.ndarray, spell: Callable[[list[int]], list[str]]) -> np.ndarray:
        """Stem id of each word hash; ``spell(ks)`` gives word k of each k in ``ks`` (asked only for
        words not met before)."""
        if len(self._words) >= WORD_CACHE:
            self._words = WordTable()
        return self._words.lookup(hashes, lambda ks: self._learn(spell(ks)))

    def _learn(self, words: list[str]) -> list[int]:
        """The stem id of each new word (new stems numbered in order), STOP for a stopword, a single
        character or a tokenizer's bracket ("-LRB-")."""
        stop = [w in STOPWORDS or len(w) < 2 or w in _BRACKETS for w in words]
        content = [w for w, s in zip(words, stop) if not s]
        stems = stem_words(content)
        self.extend(stems, content)
        found = iter([self.ids[s] for s in stems])
        return [STOP if s else next(found) for s in stop]

    def add(self, s: str, word: str | None = None) -> int:
        if word is not None or s not in self.ids:
            self.extend([s], [word or s])
        return self.ids[s]

    def extend(self, stems: list[str], words: list[str]) -> None:
        """Add the stems, new ones numbered in order, each with its word: a stem's surface is the
        shortest word seen for it (a saved vocabulary reads back through this too)."""
        if self.log is not None:
            self.log.append((stems, words))
        ids, surface = self.ids, self.surface
        first = len(self.stems)
        for s, w in zip(stems, words):
            i = ids.get(s)
            if i is None:
                ids[s] = len(self.stems)
                self.stems.append(s)
                surface.append(w)
            elif len(w) < len(surface[i]):
                surface[i] = w
        size = len(self.df)
        while size < len(self.stems):
            size *= 2
        if size > len(self.df):
            self._grow(size)
        new = self.stems[first:]
        self.hashes[first : len(self.stems)] = [zlib.crc32(s.encode()) for s in new]
        self.chrome[first : len(self.stems)] = [s in chrome.STEMS for s in new]

    def _grow(self, size: int) -> None:
        self._resize(size, np.arange(len(self.df)))

    def _resize(self, size: int, rows: np.ndarray) -> None:
        """Arrays of ``size`` rows holding the given old rows first (scratch and flag rest at zero)."""
        for name in ("df", "hashes", "scratch", "flag", "chrome", "capitalised"):
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
        self._words = WordTable()
        self.pruned += 1
        return remap


def body_text(article: Article) -> str:
    """The article text without its dateline ("ANKARA, Turkey (AP) _")."""
    text = article.text.lstrip()
    found = parse_dateline(text, tokenized=article.tokenized)
    return text[found.end :] if found else text


def terms(
    articles: Sequence[Article], vocab: Vocabulary, lead_stems: int = LEAD_STEMS, name_extra: int = NAME_EXTRA
) -> Batch:
    """The stem ids, weighted counts and lead marks of each article's words: the lead is the title
    and ``lead_stems`` stems more; a name counts ``name_extra`` times more."""
    titles = [fold(a.title or "").encode() for a in articles]
    parts = [t + b"\n" + fold(body_text(a)).encode() + b"\n" for t, a in zip(titles, articles)]
    raw = b"".join(parts)
    ends = np.cumsum([len(p) for p in parts])
    title_end = ends - [len(p) - len(t) for p, t in zip(parts, titles)]
    low = raw.translate(words.WORD_BYTES)
    start, end = words.spans(low)
    art = np.searchsorted(ends, start, "right")
    spelt = low.decode("ascii")  # (WORD_BYTES leaves only ASCII)
    stem_id = vocab.lookup(
        words.hashes(low, start, end), lambda ks: [spelt[a:b] for a, b in zip(start[ks].tolist(), end[ks].tolist())]
    )

    in_body = start >= title_end[art]
    raw_bytes = np.frombuffer(raw, np.uint8)
    name = _names(raw_bytes, start, end) & in_body
    name &= ~np.array([a.tokenized for a in articles])[art]
    plain_name = _one_capital(raw_bytes, start, end, name)
    content = stem_id != STOP
    seq, art, name, plain_name = stem_id[content], art[content], name[content], plain_name[content]
    n = len(articles)
    seq_starts = np.searchsorted(art, np.arange(n + 1))
    lead_end = np.bincount(art[~in_body[content]], minlength=n) + lead_stems

    size = len(vocab)
    order, firsts, pair_of = _groups(art * size + seq)
    occurs = order[firsts]  # first occurrences (the sort is stable)
    counts = np.diff(np.append(firsts, len(order)))
    named, capitalised = np.zeros((2, len(firsts)), bool)  # per (article, id): any occurrence so written
    named[pair_of[name]] = True
    capitalised[pair_of[plain_name]] = True
    by_occurrence = np.argsort(occurs, kind="stable")  # (faster than the default here)
    occurs, counts = occurs[by_occurrence], counts[by_occurrence]
    named, capitalised = named[by_occurrence], capitalised[by_occurrence]
    pair_art = art[occurs]
    lead = occurs - seq_starts[pair_art] < lead_end[pair_art]
    counts *= np.where(named, 1 + name_extra, 1)
    starts = np.searchsorted(pair_art, np.arange(n + 1))
    return Batch(seq, seq_starts, seq[occurs], counts, lead, starts, pair_art, named, capitalised)


class SharedTerms:
    """``terms`` shared by trackers that replay one stream in the same batches (a fit's search
    replays a stream hundreds of times, and its terms do not depend on the setting): the first
    replay works a batch out and keeps it, with what it added to the vocabulary; the others take
    both. A batch is known by its articles, the term parameters and the vocabulary's state (its
    size and prunings), so one met in another state is worked out anew."""

    def __init__(self) -> None:
        self.kept: dict[tuple, tuple[Batch, list[tuple[list[str], list[str]]]]] = {}

    def __call__(self, articles: Sequence[Article], vocab: Vocabulary, lead_stems: int = LEAD_STEMS,
                 name_extra: int = NAME_EXTRA) -> Batch:  # fmt: skip
        key = (tuple(a.id for a in articles), lead_stems, name_extra, len(vocab), vocab.pruned)
        if key in self.kept:
            batch, added = self.kept[key]
            for stems, words_ in added:
                vocab.extend(stems, words_)
            return batch
        vocab.log = added = []
        try:
            batch = terms(articles, vocab, lead_stems, name_extra)
        finally:
            vocab.log = None
        for value in vars(batch).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False  # shared: a tracker must not change it
        self.kept[key] = (batch, added)
        return batch


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal keys grouped: the stable sort order, where each group starts in it, and each key's group
    (groups numbered in key order)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.ones(len(keys), bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    group = np.empty(len(keys), np.int64)
    group[order] = np.cumsum(new) - 1
    return order, np.flatnonzero(new), group


def _one_capital(raw: np.ndarray, start: np.ndarray, end: np.ndarray, name: np.ndarray) -> np.ndarray:
    """The name words written with no capital after their first letter ("Reid", not "McKenna" or "BBC")."""
    caps = np.flatnonzero((raw >= 65) & (raw <= 90))
    out = name.copy()
    at = np.flatnonzero(name)
    out[at] = np.searchsorted(caps, end[at]) == np.searchsorted(caps, start[at] + 1)
    return out


def _names(raw: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Words that are part of a name: a capitalised word (capital then lowercase) after a
    lowercase letter, comma or semicolon and a space, and the capitalised words joined to it by a
    space or hyphen ("the Kestrel Town council", "said Anna Weiss-Brandt", the "Kabbalah" of
    "The Kabbalah of Money")."""
    padded = np.concatenate((np.zeros(2, np.uint8), raw, np.zeros(1, np.uint8)))
    s = start + 2
    first, second = padded[s], padded[s + 1]
    cap = (first >= 65) & (first <= 90) & (second >= 97) & (second <= 122)
    before, two_before = padded[s - 1], padded[s - 2]
    opens = cap & (before == 32) & (
        ((two_before >= 97) & (two_before <= 122)) | (two_before == 44) | (two_before == 59)
    )
    joined = np.zeros(len(start), bool)
    joined[1:] = cap[1:] & cap[:-1] & (end[:-1] == start[1:] - 1) & ((before[1:] == 32) | (before[1:] == 45))
    run_start = np.flatnonzero(~joined)[np.cumsum(~joined) - 1]  # runs of joined capitalised words
    last_open = np.maximum.accumulate(np.where(opens, np.arange(len(start)), -1))
    return cap & (last_open >= run_start)
