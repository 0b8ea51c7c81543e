"""Casing lexicon: the usual written form of lowercase words and phrases ("deir al-zor" -> "Deir al-Zor").

Keys are lowercase "pieces" (split at spaces, hyphens and apostrophes) joined by single spaces, so
"Deir al-Zor", "deir al-zor" and "deir al zor" share the key "deir al zor", and "Shi'ite" is found
for the tokenized "shi ite". The builtin lists in ``text/data/`` are written for this project;
``learn`` adds forms counted in cased prose.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import compress, filterfalse
from itertools import count as positions

from storyline.text.common import rare_words
from storyline.text.lists import entries

_LISTS = ("countries", "demonyms", "cities", "regions", "calendar", "agencies", "organisations", "acronyms")
_PIECE_SEP = re.compile(r"[-'\s]+")
_PLURAL = "(s)"

# learning: thresholds for a form to count as the word's usual one (bench/casing_eval.py scores others)
MIN_COUNT = 3
DOMINANCE = 0.8
# display: a word of lowercased text that the lexicon does not know and that English running text
# hardly uses (Zipf frequency at most this, text.common; 2.0: not in its table) is a name, shown
# capitalised ("dunmere" -> "Dunmere"); None: never. bench/casing_eval.py chooses it.
RARE_ZIPF = 2.0
MAX_PHRASE = 5  # pieces

# months that are also everyday words: cased only by context ("in may", "march 3")
CONTEXT_MONTHS = {"may": "May", "march": "March", "august": "August"}

# lowercase words that may stand inside a capitalised name ("Bashar al-Assad", "Human Rights Watch")
CONNECTORS = frozenset("al el bin ibn bint abu de del della der di da du la le van von of the for y".split())
# a word this short may be written in capitals ("NASA", "TNK-BP"), a longer one is shouted
ACRONYM_LETTERS = 5
# pieces that follow an apostrophe ("syria's", "don't"): never cased
CLITIC_PIECES = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})

_LETTER = re.compile(r"[^\W\d_]")  # a letter


def key_of(form: str) -> str:
    """The lookup key of a word or phrase: lowercase pieces joined by single spaces."""
    return " ".join(p for p in _PIECE_SEP.split(form.lower().replace("’", "'")) if p)


def split_form(form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A cased form as pieces and the separator before each ("" first): "al-Assad" -> (al, Assad), ("", "-")."""
    parts = re.split(r"([-'\s]+)", form.replace("’", "'"))
    pieces = [parts[0]]
    seps = [""]
    for i in range(1, len(parts), 2):
        if parts[i + 1]:
            seps.append(" " if parts[i].isspace() else parts[i].strip()[:1])
            pieces.append(parts[i + 1])
    return tuple(pieces), tuple(seps)


class CasingLexicon:
    """Maps a lowercase word or phrase to its cased form; ``learn`` counts forms in cased prose."""

    def __init__(
        self,
        forms: Mapping[str, str] | Iterable[str] = (),
        ambiguous: Iterable[str] = (),
        min_count: int = MIN_COUNT,
        dominance: float = DOMINANCE,
        rare_zipf: float | None = RARE_ZIPF,
    ) -> None:
        self.min_count, self.dominance = min_count, dominance  # what learn() needs of a form (see there)
        self.rare_zipf = rare_zipf  # an unknown word this rare is shown as a name (see RARE_ZIPF)
        self._forms: dict[str, str] = {}  # given, builtin or merged forms
        self._learned: dict[str, str] = {}  # recomputed from the counts (see _refresh)
        self.ambiguous = frozenset(w.lower() for w in ambiguous)
        self._index: tuple | None = None
        self._counts: _Counts | None = None
        self._texts = 0  # texts counted by learn()
        self._texts_at_refresh = 0
        if isinstance(forms, Mapping):
            for phrase, form in forms.items():
                self.add(form, phrase)
        else:
            for form in forms:
                self.add(form)

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def builtin(cls, rare_zipf: float | None = RARE_ZIPF) -> CasingLexicon:
        """A fresh lexicon of the project's own lists (countries, demonyms, cities, agencies, ...)."""
        forms, ambiguous = _builtin_lists()
        lex = cls(ambiguous=ambiguous, rare_zipf=rare_zipf)
        lex._forms = dict(forms)
        return lex

    def add(self, form: str, phrase: str | None = None) -> None:
        """Record ``form`` as the written form of ``phrase`` (default: of its own lowercase)."""
        self._forms[key_of(phrase if phrase is not None else form)] = form
        self._index = None

    def merge(self, other: CasingLexicon) -> CasingLexicon:
        """Take in the forms of ``other``, which win over this lexicon's given forms (what this
        lexicon learns itself still wins). Changes this lexicon and returns it:
        ``CasingLexicon.builtin().merge(learned)``."""
        self._forms.update(other.forms())
        self.ambiguous |= other.ambiguous
        self._index = None
        return self

    def learn(self, texts: Iterable[str]) -> CasingLexicon:
        """Count the forms of words and capitalised phrases in cased prose, away from sentence starts.

        A word keeps its most common form when that form makes up ``dominance`` (0.8) of at least
        ``min_count`` (3) mid-sentence occurrences (a lowercase majority is recorded too, so that it
        overrides a builtin capital, or the capital a rare word would take as a name).
        Capitalised runs of 2-5 pieces ("Islamic State", "Human Rights Watch") become phrases when
        they dominate the same way and the word forms alone would not give them. Counts add up
        over calls; learned forms win over given ones. Returns self.

        Recomputing the forms costs time in the size of the counts, so lookups refresh them
        after each 10% growth in texts (one text at a time stays cheap); ``forms()`` and
        ``to_json()`` always refresh.
        """
        if self._counts is None:
            self._counts = _Counts()
        for text in texts:
            self._counts.add_text(text)
            self._texts += 1
        return self

    def _refresh(self, force: bool = False) -> None:
        new = self._texts - self._texts_at_refresh
        if self._counts is None or new == 0 or (not force and new < self._texts_at_refresh // 10):
            return
        self._learned = self._counts.forms(self.min_count, self.dominance, self.rare_zipf)
        self._texts_at_refresh = self._texts
        self._index = None

    # -- storage ------------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps({"version": 1, "forms": self.forms(), "ambiguous": sorted(self.ambiguous)},
                          ensure_ascii=False, sort_keys=True)

    @property
    def texts(self) -> int:
        """Texts counted since the lexicon was made or last settled."""
        return self._texts

    def settle(self) -> CasingLexicon:
        """Make the forms the counts give given forms, and count afresh (the counts of a few thousand
        texts are enough to decide; more would only make each text slower to count)."""
        self._forms.update(self.forms())
        self._counts, self._learned, self._texts, self._texts_at_refresh = None, {}, 0, 0
        self._index = None
        return self

    def counts_bytes(self, seen: int = 0) -> bytes:
        """The given forms and what ``learn`` has counted since (and ``seen``, a caller's count of the
        texts it met), compressed: ``from_counts`` carries the counting on, so that a store's lexicon
        does not depend on how its articles came in (one ingest or many small ones)."""
        counts = self._counts or _Counts()
        data = {"version": 1, "texts": self._texts, "seen": seen, "given": self._forms, **counts.to_dict()}
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)  # fast: saved often

    @classmethod
    def from_counts(cls, data: bytes) -> tuple[CasingLexicon, int]:
        """(the lexicon ``counts_bytes`` saved, counting on; the ``seen`` saved with it)."""
        found = json.loads(zlib.decompress(data))
        lex = cls.builtin()
        lex._forms.update(found.get("given", {}))  # over the builtin lists (a newer version may list more)
        lex._counts = _Counts.from_dict(found)
        lex._texts = found["texts"]
        return lex, found["seen"]

    @classmethod
    def from_json(cls, s: str) -> CasingLexicon:
        data = json.loads(s)
        lex = cls(ambiguous=data.get("ambiguous", ()))
        lex._forms = {key_of(k): v for k, v in data.get("forms", {}).items()}
        return lex

    # -- lookup -------------------------------------------------------------------------------

    def forms(self) -> dict[str, str]:
        """All key -> form pairs (learned over given)."""
        self._refresh(force=True)
        return {**self._forms, **self._learned}

    def get(self, phrase: str, default: str | None = None) -> str | None:
        self._refresh()
        key = key_of(phrase)
        return self._learned.get(key, self._forms.get(key, default))

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and self.get(phrase) is not None

    def __len__(self) -> int:
        return len(self.forms())

    def index(self) -> tuple[dict[str, str], dict[str, tuple], dict[str, int], frozenset[str], frozenset[str]]:
        """Lookup tables for display: single-piece forms (ambiguous words left out), phrases as
        key -> (pieces, separators), each phrase's first two pieces -> its longest phrase length,
        the first pieces of phrases, and all pieces worth a look (those, words, months cased by
        context)."""
        self._refresh()
        if self._index is None:
            words: dict[str, str] = {}
            phrases: dict[str, tuple] = {}
            starts: dict[str, int] = {}
            for key, form in self.forms().items():
                pieces = key.split(" ")
                if len(pieces) == 1:
                    if key not in self.ambiguous and key not in CLITIC_PIECES:
                        words[key] = form
                    continue
                phrases[key] = split_form(form)
                head = f"{pieces[0]} {pieces[1]}"
                starts[head] = max(starts.get(head, 0), len(pieces))
            firsts = frozenset(head.split(" ")[0] for head in starts)
            self._index = (words, phrases, starts, firsts, frozenset(words) | firsts | frozenset(CONTEXT_MONTHS))
        return self._index


@cache
def builtin_list(name: str) -> dict[str, str]:
    """key -> form of one shipped list (e.g. "agencies"); "Name(s)" lines also give "Names"."""
    forms: dict[str, str] = {}
    for form, _, mark in entries(name):
        if mark == "source":  # a source name, not a written form (see data/agencies.txt)
            continue
        if form.endswith(_PLURAL):
            form = form[: -len(_PLURAL)]
            forms[key_of(form + "s")] = form + "s"
        forms[key_of(form)] = form
    return forms


@cache
def _builtin_lists() -> tuple[dict[str, str], frozenset[str]]:
    forms: dict[str, str] = {}
    for name in _LISTS:
        forms.update(builtin_list(name))
    return forms, frozenset(builtin_list("ambiguous"))


def listed(phrase: str) -> bool:
    """Whether the phrase is a name of the shipped lists ("Texas", "Bosnia and Herzegovina")."""
    return key_of(phrase) in _builtin_lists()[0]


@cache
def listed_words() -> frozenset[str]:
    """The one-word names of the shipped lists ("monday", "britons", "haitian"), as keys, but for
    those that are common words too ("may")."""
    forms, ambiguous = _builtin_lists()
    return frozenset(key for key in forms if key.isalpha() and key not in ambiguous)


# What one text adds to the counts, as ``prepare`` computes it: the padded, flattened, lowercased
# text (for phrase tracking); the same with apostrophe words blanked (the word counts); the
# non-lowercase words; the sentence-start words; the capitalised phrases as (key, form); the keys of
# capitalised phrases at sentence starts, whose first capital says nothing.
Prepared = tuple[str, str, list[str], list[str], list[tuple[str, str]], list[str]]

LEARN_CHARS = 2000  # of each cased article: the lead paragraphs carry the names

READY_MAX = 2048  # prepared texts kept waiting at most (see offer)
MIN_NAME_SHARE = 0.01  # see informative
LOWERCASED_WORDS = 50  # see lowercased: a short text without a name is cased text all the same
_AFTER_LOWER = re.compile(r"(?<=[a-z0-9,;] )[A-Za-z]")  # the first letter of a word after a lowercase word or a comma
SAMPLE_EVERY = 4  # a store that has learned from many cased articles learns from one in this many (sampled)
_READY: dict[str, Prepared] = {}  # text -> its prepared counts, computed ahead (see offer)


def prepare(text: str) -> Prepared:
    """The counting work for one text that does not depend on other texts (a parse worker can do
    it; ``CasingLexicon.learn`` adds the result up)."""
    text = _drop_headlines(text)
    lower = f" {_flat(text).lower()} "
    phrases: list[tuple[str, str]] = []
    if "'" in text or "’" in text:
        text = _apostrophe_phrases(text, phrases)
    tokens = _flat(text).split()
    cased = list(filterfalse(str.islower, tokens))
    starts = _STARTS.findall(text)
    first = _FIRST_WORD.match(text)
    if first:
        starts.append(first[1])
    start_phrases: list[str] = []
    for m in _RUN.finditer(text):
        at_start = _at_start(text, m.start())
        phrases.extend(_phrases(m[0], at_start))
        if at_start:
            start_phrases.extend(key for key, _ in _phrases(m[0], False, first_only=True))
    return lower, " ".join(map(str.lower, tokens)), cased, starts, phrases, start_phrases


def learning_text(article_text: str) -> str:
    """The part of an article's text that the casing lexicon learns from."""
    return article_text[:LEARN_CHARS]


def informative(text: str) -> bool:
    """Whether a text shows how its words are written: at least MIN_NAME_SHARE of its words after a
    lowercase word or a comma are capitalised. Text lowercased but for its sentence starts would
    teach lowercase "october" and "(ap)"; news as written has a few percent and more."""
    initials = _AFTER_LOWER.findall(text)
    return bool(initials) and sum(map(str.isupper, initials)) >= MIN_NAME_SHARE * len(initials)


def lowercased(text: str, words: int = LOWERCASED_WORDS) -> bool:
    """Whether prose is written in lowercase but for its sentence starts ("The chinese government
    said mr. snowden ..."): at least ``words`` words after a lowercase word or a comma, and under
    MIN_NAME_SHARE of them capitalised. Such text is displayed re-cased, as tokenized text is."""
    sample = text[:LEARN_CHARS]
    enough = MIN_NAME_SHARE * (sample.count(" ") + 1)  # capitals that make any sample informative
    n = capitals = 0
    for m in _AFTER_LOWER.finditer(sample):  # cased news shows its first names early: stop there
        n += 1
        capitals += m[0].isupper()
        if capitals >= enough:
            return False
    return n >= words and capitals < MIN_NAME_SHARE * n


def sampled(article_id: str) -> bool:
    """Whether a store past its first cased articles learns from this one: one in SAMPLE_EVERY, chosen
    by a hash of its id, so that a parse worker knows which to prepare (``prepare``)."""
    return zlib.crc32(article_id.encode(errors="surrogatepass")) % SAMPLE_EVERY == 0


def offer(text: str, prepared: Prepared) -> None:
    """Hand over counts prepared elsewhere (in a parse worker): ``learn([text])`` then takes them
    instead of counting again. At most READY_MAX texts wait; the oldest are dropped."""
    _READY[text] = prepared
    while len(_READY) > READY_MAX:
        del _READY[next(iter(_READY))]


def _apostrophe_phrases(text: str, phrases: list[tuple[str, str]]) -> str:
    """Capitalised words with an inner apostrophe ("O'Brien", "Shi'ite") as phrases ("o brien"),
    and the text with all such words blanked out for the word counts."""
    out = []
    last = 0
    for m in _apostrophe_words(text):
        if not m[0].islower() and not _at_start(text, m.start()):
            phrases.append((key_of(m[0]), m[0].replace("’", "'")))
        out.append(text[last : m.start()])
        last = m.end()
    out.append(text[last:])
    return " 0 ".join(out)


class _Counts:
    """Mid-sentence form counts of words and capitalised phrases.

    Most of the counting runs in C (str.translate, str.split, Counter.update, set lookups): a
    word's mid-sentence count is its count in the text minus its count at sentence starts.
    """

    def __init__(self) -> None:
        self.total: Counter[str] = Counter()  # lowercase word -> occurrences in any form
        self.cased: Counter[str] = Counter()  # non-lowercase form -> occurrences
        self.start_total: Counter[str] = Counter()  # the same at sentence starts (to subtract)
        self.start_cased: Counter[str] = Counter()
        self.phrase_cased: defaultdict[str, Counter[str]] = defaultdict(Counter)  # key -> forms
        self.phrase_total: Counter[str] = Counter()  # key -> occurrences in any case (see _track)
        self.phrase_start: Counter[str] = Counter()  # key -> those at sentence starts (to subtract)
        self.heads: dict[str, dict[str, int]] = {}  # first two words -> tracked phrase keys -> their lengths
        self.firsts: set[str] = set()  # first words of tracked phrases

    def add_text(self, text: str) -> None:
        self.add(_READY.pop(text, None) or prepare(text))

    _COUNTERS = ("total", "cased", "start_total", "start_cased", "phrase_total", "phrase_start")

    def to_dict(self) -> dict:
        out: dict = {name: dict(getattr(self, name)) for name in self._COUNTERS}
        out["phrase_cased"] = {key: dict(forms) for key, forms in self.phrase_cased.items()}
        out["heads"] = self.heads
        out["firsts"] = sorted(self.firsts)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> _Counts:
        counts = cls()
        for name in cls._COUNTERS:
            setattr(counts, name, Counter(data.get(name, {})))  # counts saved before phrase_start: none
        counts.phrase_cased.update((key, Counter(forms)) for key, forms in data["phrase_cased"].items())
        counts.heads = data["heads"]
        counts.firsts = set(data["firsts"])
        return counts

    def add(self, prepared: Prepared) -> None:
        """Add one text's counts (from ``prepare``)."""
        lower, words, cased, starts, phrases, start_phrases = prepared
        before: dict[str, int] = {}  # phrase key -> its capitalised count before this text
        self.total.update(words.split())
        self.cased.update(cased)
        self.start_total.update(map(str.lower, starts))
        self.start_cased.update(filterfalse(str.islower, starts))
        for key, form in phrases:
            self._add_phrase(key, form, before)
        self._track(before, lower)
        heads = self.heads
        for key in start_phrases:  # counted in phrase_total by _track, once tracked
            if key in heads.get(" ".join(key.split(" ", 2)[:2]), ()):
                self.phrase_start[key] += 1

    def _add_phrase(self, key: str, form: str, before: dict[str, int]) -> None:
        counts = self.phrase_cased[key]
        before.setdefault(key, sum(counts.values()))
        counts[form] += 1

    def _track(self, before: dict[str, int], lower: str) -> None:
        """Count the occurrences, in any case, of phrases seen capitalised at least twice (in the
        padded, flattened, lowercased text); a phrase tracked from this text on starts with its
        capitalised count from earlier texts.

        An occurrence is counted as ``lower.count(f" {key} ")`` would count it (matches do not
        share a space, so "new york new york" holds one " new york "), found from the text's words
        instead of scanning the text once per tracked phrase."""
        heads = self.heads
        for key, seen in before.items():
            pieces = key.split(" ")
            head = " ".join(pieces[:2])
            if key not in heads.get(head, ()) and sum(self.phrase_cased[key].values()) >= 2:
                heads.setdefault(head, {})[key] = len(pieces)
                self.firsts.add(pieces[0])
                self.phrase_total[key] += seen
        tokens = lower.split(" ")
        free: dict[str, int] = {}  # key -> first token index where its next match may start
        for i in compress(positions(), map(self.firsts.__contains__, tokens)):
            for key, n in heads.get(f"{tokens[i]} {tokens[i + 1]}", {}).items():
                if i >= free.get(key, 0) and (n == 2 or " ".join(tokens[i : i + n]) == key):
                    self.phrase_total[key] += 1
                    free[key] = i + n + 1  # the space after the match is used up

    def forms(self, min_count: int = MIN_COUNT, dominance: float = DOMINANCE, rare_zipf: float | None = None) -> dict[str, str]:
        """Key -> usual form; with ``rare_zipf``, rare words that cased text writes in lowercase too
        ("spillway": no name for its rarity)."""
        out: dict[str, str] = {}
        by_key: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        for form, count in self.cased.items():
            count -= self.start_cased[form]
            if count > 0 and (len(form) > 1 or form == "I") and _LETTER.match(form):
                by_key[form.lower()].append((count, form))
        for key, forms in by_key.items():
            n = self.total[key] - self.start_total[key]
            count, form = max(forms)
            if n >= min_count and count >= dominance * n:
                out[key] = form
        lowercase = _builtin_lists()[0].keys() & self.total.keys()  # "turkey" in a kitchen
        if rare_zipf is not None:
            lowercase |= {k for k in rare_words(self.total.keys() - out.keys(), rare_zipf) if self.total[k] >= min_count}
        for key in lowercase:
            n = self.total[key] - self.start_total[key]
            if n >= min_count and n - sum(c for c, _ in by_key.get(key, ())) >= dominance * n:
                out[key] = key
        for key, forms in self.phrase_cased.items():
            form, count = forms.most_common(1)[0]
            mid = self.phrase_total[key] - self.phrase_start[key]  # occurrences away from sentence starts
            if count < min_count or count < dominance * max(mid, count):
                continue
            pieces, seps = split_form(form)
            if not _phrase_like(pieces, seps):
                continue
            by_word = "".join(s + out.get(p.lower(), p.lower()) for p, s in zip(pieces, seps))
            if by_word != form:
                out[key] = form
        return out


def _phrase_like(pieces: tuple[str, ...], seps: tuple[str, ...]) -> bool:
    """Whether a capitalised run can be a name's written form: not a date stamp ("Sun May": a month
    cased by context) and not shouted (all capitals across spaces or in long words: "AP NEW ORLEANS",
    "VAN SUSTEREN"; "TNK-BP" is an acronym)."""
    if any(p.lower() in CONTEXT_MONTHS for p in pieces):
        return False
    if all(p.isupper() for p in pieces):
        return all(s != " " for s in seps[1:]) and all(len(p) <= ACRONYM_LETTERS for p in pieces)
    return True


# every ASCII punctuation mark and the common typographic ones become spaces; so do line ends
_FLAT_CHARS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~“”‘’—–…'\n\r\t"
_FLAT_ASCII = "".join(c for c in _FLAT_CHARS if c.isascii()).encode()
_FLAT_BYTES = bytes.maketrans(_FLAT_ASCII, b" " * len(_FLAT_ASCII))
_FLAT_RE = re.compile(f"[{re.escape(_FLAT_CHARS)}]")
_UPPER_ASCII = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_APOSTROPHE_WORD = re.compile(r"(?<![\w'’])\w+['’](?![sS]\b)\w+")
_APOSTROPHE = re.compile("['’]")
_WORD_RUN = re.compile(r"[\w'’]*")
_STARTS = re.compile(r"(?:(?:[.!?][\"'”’)\]]*\s+|\n[ \t]*\n)[\s\"“‘(\[]*|[\"“‘])(\w+)")  # words after a stop or a quote
_FIRST_WORD = re.compile(r"[\s\"“‘(\[]*(\w+)")
_CONNECTOR_RE = "|".join(sorted(CONNECTORS))
_RUN = re.compile(rf"[A-Z](?<![\w-][A-Z])\w*(?:(?:[ -]|\n(?!\s*\n))(?:(?:{_CONNECTOR_RE})[ -])*[A-Z]\w*)+(?!\w)")
_RUN_SPLIT = re.compile(r"(\s+|-)")
_HEADLINE_END = tuple(".!?\"'”’:;,)")
_CAPITALISED = re.compile(r"(?<!\S)[\"“‘(]*[A-Z]")


def _drop_headlines(text: str) -> str:
    """Leave out headline-like lines: no closing punctuation, most words after the first capitalised."""
    lines = text.splitlines()
    keep = [line for line in lines if not _headline(line)]
    return text if len(keep) == len(lines) else "\n".join(keep)


def _headline(line: str) -> bool:
    line = line.strip()
    if not line or line.endswith(_HEADLINE_END):
        return False
    words = len(line.split()) - 1
    if words < 3:
        return False
    ascii_line = line.encode("ascii", "ignore")  # each capitalised word has one of its A-Z letters
    if len(ascii_line) - len(ascii_line.translate(None, _UPPER_ASCII)) - 1 <= 0.6 * words:
        return False
    return len(_CAPITALISED.findall(line)) - 1 > 0.6 * words


def _apostrophe_words(text: str) -> Iterator[re.Match]:
    """_APOSTROPHE_WORD.finditer(text), faster: a match can only begin a run of word characters
    and apostrophes that holds an apostrophe, and there is at most one match in such a run."""
    end = -1
    for a in _APOSTROPHE.finditer(text):
        if a.start() < end:
            continue  # in the run just looked at
        start = a.start()
        while start and (text[start - 1].isalnum() or text[start - 1] in "_'’"):
            start -= 1
        end = _WORD_RUN.match(text, a.start()).end()
        m = _APOSTROPHE_WORD.match(text, start)
        if m:
            yield m


def _flat(text: str) -> str:
    """Punctuation and line ends as spaces (fast for ASCII text)."""
    if text.isascii():
        return text.encode().translate(_FLAT_BYTES).decode()
    return _FLAT_RE.sub(" ", text)


def _at_start(text: str, at: int) -> bool:
    """Does a sentence start at ``at``? (Only quotes and brackets between it and a full stop.)"""
    before = text[max(0, at - 12) : at]
    core = before.rstrip(" \t\"'“‘([")
    if len(core) < len(before) and any(c in "\"“‘" for c in before[len(core) :]):
        return True
    if not core:
        return at - 12 <= 0
    if core.endswith("\n"):
        core = core.rstrip()
        return not core or core[-1] in ".!?" or "\n\n" in before
    return core[-1] in ".!?"


def _phrases(run: str, start: bool, first_only: bool = False) -> list[tuple[str, str]]:
    """(key, form) of the 2-5 word n-grams of a capitalised run that begin and end with a capital
    (``first_only``: those that begin with its first word)."""
    parts = _RUN_SPLIT.split(run)
    words = parts[0::2]
    seps = ["-" if "-" in sep else " " for sep in parts[1::2]]
    if start:  # the first word's capital says nothing
        words, seps = words[1:], seps[1:]
    out = []
    for i, w in enumerate(words[:1] if first_only else words):
        if not w[:1].isupper():
            continue
        for j in range(i + 2, min(len(words), i + MAX_PHRASE) + 1):
            if words[j - 1][:1].isupper():
                form = w + "".join(sep + x for sep, x in zip(seps[i : j - 1], words[i + 1 : j]))
                out.append((" ".join(x.lower() for x in words[i:j]), form))
    return out
