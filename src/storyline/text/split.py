"""Sentence splitting: prose by syntok; tokenized text (lowercased, or cased a sentence per line, as
Penn Treebank-style corpora come) by its lines and standalone end marks, ten times faster."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

import syntok.segmenter as segmenter
from syntok._segmentation_states import State
from syntok.tokenizer import Token, Tokenizer

from storyline.text.tokens import STOPWORDS

# Titles that stand before a name in English news and hardly ever end a sentence. syntok (1.4)
# knows "Sen.", "Gen.", "Col." and "Capt." but not these, so it cut "by Sgt. Rob DeBree" and
# "Gov. Jim Geringer" after the title; it takes no list of its own (fnl/segtok#18), so they join
# its list. A sentence starter after one ("... Rep. The ...") still splits.
TITLES = frozenset(
    "Atty Cmdr Cdr Cpl Det Ens Ft Gens Gov Govs Hon Insp Lt Maj Msgr Pres Pvt Rep Reps Rev Sens Sgt Spc Supt".split()
)
# Months as AP style shortens them before a day ("Aug. 9"); syntok cut "friday, aug." from "9, 2013".
MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# A name's suffix and a company's (syntok knows "Co.", "Corp.", "Inc.", "Ltd." and "Sr." but not
# "Jr.", so it cut "Martin Luther King Jr. Day").
SUFFIXES = frozenset("Jr Co Corp Inc Ltd Sr".split())
# Lowercased copy ("rep. mo brooks", "rival gov. thomas", "united parcel service inc. Said") was cut
# after the lowercase form of each, so those join the list too (a capital after such a stop in
# lowercased copy was put there by whoever lowercased it).
State.abbreviations = State.abbreviations | TITLES | MONTHS | SUFFIXES | {t.lower() for t in TITLES | MONTHS | SUFFIXES}

# A standalone sentence-final token in tokenized text: " . ", " ? ", " ! " (optionally with a closing quote).
_TOKENIZED_END = re.compile(r"(?<= )([.?!])(?: (['\"`]{1,2}))?(?= )")
# An end mark on the word before it ("a statement. The", "ndaq ). The", 'reported." The') with a capital
# after it: lowercased copy that keeps its sentences' first capitals (Multi-News) marks each of its
# sentences so, with its full stops left on the words. Not after a title or an initialism before a word
# that opens no sentence ("gov. Jim", "a u.s. Exchange": _no_end).
_ATTACHED_END = re.compile(r"(?<!\S)(\S+?)[.?!]+[\"')\]]*(?= [\"'(\[]?[A-Z])")  # from a word's start: each word read once
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")
_NO_END = frozenset({t.lower() for t in TITLES | SUFFIXES} | {"mr", "mrs", "ms", "dr", "st", "mt", "prof", "gen", "col", "capt", "sen"})
# A punctuation token of its own, r"(?:^| )[,.;:?!)(](?= |$)", found faster in two parts: after a space, and first
_PUNCT_AFTER_SPACE, _PUNCT_FIRST = re.compile(r" [,.;:?!)(](?=\s|$)"), re.compile(r"[,.;:?!)(](?=\s|$)")
_ASCII_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def looks_tokenized(text: str) -> bool:
    """True for lowercased, space-tokenized text like the Reuters samples (`syria s`, ` , `)."""
    sample = text[:20_000]
    if not _spaced(sample):
        return False  # checked first: cheap, and it rules out most prose
    if sample.isascii():  # the same counts as below, in C
        raw = sample.encode()
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        upper = len(raw) - len(raw.translate(None, _ASCII_LETTERS[26:]))
        return bool(letters) and upper / letters < 0.01
    letters = [c for c in sample if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) < 0.01


@lru_cache(maxsize=2)  # looks_tokenized and sentence_lines ask it of the same text, one after the other
def _spaced(sample: str) -> bool:
    """Punctuation stands as tokens of its own (" , ", " . ") in more than 3% of the tokens."""
    tokens = sample.split()
    if len(tokens) < 8:
        return False
    punct = len(_PUNCT_AFTER_SPACE.findall(sample)) + (_PUNCT_FIRST.match(sample) is not None)
    return punct / len(tokens) > 0.03


def split_tokenized(text: str, attached: bool = True) -> list[tuple[int, str]]:
    """One sentence per line; a line holding several sentences is cut at standalone end marks (and,
    with `attached`, for lowercased copy, at end marks on a word before a capital: _ends).

    Blank lines start a new paragraph. Returns (paragraph, sentence) pairs.
    """
    out: list[tuple[int, str]] = []
    paragraph = 0
    blank = False
    for raw in text.splitlines():
        line = raw.strip() if raw.isprintable() and "  " not in raw else " ".join(raw.split())
        if not line:
            blank = True
            continue
        if blank and out:
            paragraph += 1
        blank = False
        start = 0
        for end in _ends(line, attached):
            piece = line[start:end].strip()
            if piece and end < len(line):
                out.append((paragraph, piece))
                start = end
        rest = line[start:].strip()
        if rest:
            out.append((paragraph, rest))
    return out


def _ends(line: str, attached: bool) -> list[int]:
    """Where the sentences of a line of tokenized text end: after each standalone end mark, and
    (`attached`) after each end mark on a word that a capitalised word follows."""
    ends = []
    if " . " in line or " ? " in line or " ! " in line:  # (an end mark before the line's end)
        ends = [m.end() for m in _TOKENIZED_END.finditer(line)]
    if not attached or line.islower():  # cased text ("U.S. President"), or no capital to find
        return ends
    more = [m.end() for m in _ATTACHED_END.finditer(line) if not _no_end(m[1].lstrip("\"'([").lower(), line, m.end())]
    return sorted(set(ends + more)) if ends else more


# A photo credit in brackets that ends a caption, with the article's own text run on after it
# ("... at the rally. (Photo: Ada Quint, Northgate Press) The ferry ...", lowercased or not), and
# any brackets right after it ("(AP Photo/Ada Quint) (Northgate Press)")
_CREDIT = re.compile(
    r"[(\[][^()\[\]]{0,3}(?:(?:photos?|images?|pictures?|photograph|credit)\s*(?::|by\b)[^()\[\]]{1,80}"
    r"|[^()\[\]]{0,60}(?:getty images|istockphoto|shutterstock|ap photo|/ap\b|/reuters|/afp|/epa\b)[^()\[\]]{0,40})"
    r"[)\]](?:\s*[(\[][^()\[\]]{1,40}[)\]])*",
    re.I,
)
AFTER_CREDIT = 4  # words after a credit that make a sentence of their own; fewer end the caption
_WORDS_AFTER = re.compile(rf"\s*\S+(?:\s+\S+){{{AFTER_CREDIT - 1}}}")  # AFTER_CREDIT words follow (read no further)
_CAPTION_ENDS = ".!?\"')”’"  # a caption ends before its credit (a credit inside a sentence is no cut)


def at_credits(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each sentence cut after a photo credit that ends a caption (or opens the sentence) and that
    text follows: the caption before it is the page's, the text after it the article's (often its lead)."""
    out: list[tuple[int, str]] = []
    for p, s in pairs:
        start = 0
        if "(" in s or "[" in s:
            for m in _CREDIT.finditer(s):
                last = m.start()  # the end of the text before the credit
                while last > start and s[last - 1].isspace():
                    last -= 1
                if _WORDS_AFTER.match(s, m.end()) and (last == start or s[last - 1] in _CAPTION_ENDS):
                    out.append((p, s[start : m.end()].strip()))
                    start = m.end()
        out.append((p, s[start:].strip()) if start else (p, s))
    return out


def _no_end(word: str, line: str, end: int) -> bool:
    """A title ("gov") or an initialism's last letter ("u.s", "p.m") before a capitalised word that
    opens no sentence: the lowercaser's capital ("a u.s. Exchange") is no sentence start; a
    sentence starter after one ("in the u.s. The ...") still is."""
    if word not in _NO_END and _INITIALISM.fullmatch(word) is None:
        return False
    after = line[end : end + 40].split(maxsplit=1)  # the next word (a stopword is short): not the rest of a long line
    return after[0].strip("\"'([").lower() not in STOPWORDS


def split_prose(text: str) -> list[tuple[int, str]]:
    """Paragraphs on blank lines, sentences by syntok; the sentence text keeps its own spacing."""
    out: list[tuple[int, str]] = []
    for p, paragraph in enumerate(_paragraphs(text)):
        for tokens in analyze(_unbracketed(paragraph)):  # (same length: the offsets hold for the paragraph)
            for sentence in _initials_kept(tokens):
                start = sentence[0].offset
                end = sentence[-1].offset + len(sentence[-1].value)
                piece = " ".join(paragraph[start:end].split())
                if piece:
                    out.extend((p, part) for wide in _at_wide_stops(piece) for part in _at_typewriter_quotes(wide))
    # syntok numbers paragraphs inside each block; renumber densely in order of appearance
    return _renumber(out)


def _unbracketed(paragraph: str) -> str:
    """The paragraph, or, when it holds more opening brackets than prose ever does (one every
    _BRACKET_CHARS characters, _MIN_BRACKETS at least), the same with every bracket read as a plain
    character: syntok looks 50 tokens ahead of each opening bracket, and a hostile text of brackets
    ("( ( ( ...") would cost it minutes a megabyte. Real text stays well under (the densest dev
    paragraph: one in 22 characters)."""
    openers = sum(paragraph.count(c) for c in _OPENERS) if len(paragraph) >= _MIN_BRACKETS else 0
    if openers < _MIN_BRACKETS or openers * _BRACKET_CHARS < len(paragraph):
        return paragraph
    return paragraph.translate(_PLAIN)


def _initials_kept(sentences: list[list[Token]]) -> list[list[Token]]:
    """syntok's sentences, where it cut a name after its middle initial ("George A." / "Hay, a
    professor"), joined again: an initial after a capitalised word, then a capitalised word that
    opens no sentence (not a stopword: "Plan A. The rest" stays cut)."""
    out: list[list[Token]] = []
    for sentence in sentences:
        if not sentence:
            continue
        if out and _initial_ends(out[-1]) and _name_opens(sentence):
            out[-1] = out[-1] + sentence
        else:
            out.append(sentence)
    return out


def _initial_ends(tokens: list[Token]) -> bool:
    if len(tokens) < 3 or tokens[-1].value != ".":
        return False
    initial, before = tokens[-2].value, tokens[-3].value.rsplit(maxsplit=1)[-1]  # analyze() joins plain words
    return len(initial) == 1 and initial.isupper() and len(before) > 1 and before[0].isupper() and before.isalpha()


def _name_opens(tokens: list[Token]) -> bool:
    word = tokens[0].value.split(maxsplit=1)[0]
    return len(word) > 1 and word[0].isupper() and word.isalpha() and word.lower() not in STOPWORDS


# Sentence ends syntok does not know: the ideographic full stop and full-width ! and ? (Chinese, Japanese),
# the danda (Devanagari) and the Arabic question mark, with the closing quotes or brackets after them
_WIDE_STOP = re.compile(r"[。！？।؟][」』）”’\"]*")


def _at_wide_stops(piece: str) -> list[str]:
    """The sentence cut after each such end that something follows."""
    if piece.isascii() or not _WIDE_STOP.search(piece):
        return [piece]
    parts, start = [], 0
    for m in _WIDE_STOP.finditer(piece):
        parts.append(piece[start : m.end()].strip())
        start = m.end()
    parts.append(piece[start:].strip())
    return [part for part in parts if part]


# A sentence that ends inside LDC-style typewriter quotes (``like this.'') and the capitalised
# sentence after it, which syntok (1.4) leaves as one
_TYPEWRITER_END = re.compile(r"(?<=[.!?]'')\s+(?=[`\"(]*[A-Z])")


def _at_typewriter_quotes(piece: str) -> list[str]:
    if "''" not in piece:
        return [piece]
    return [part for part in _TYPEWRITER_END.split(piece) if part]


def _paragraphs(text: str) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", text) if b.strip()]


def _renumber(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: dict[int, int] = {}
    return [(seen.setdefault(p, len(seen)), s) for p, s in pairs]


def split_sentences(text: str, tokenized: bool | None = None) -> list[tuple[int, str]]:
    """(paragraph, sentence) pairs for any body text; detects tokenized input unless told."""
    if tokenized is None:
        tokenized = looks_tokenized(text)
    if tokenized:
        return split_tokenized(text)
    return split_lines(text) if sentence_lines(text) else split_prose(text)


# A line of tokenized text that ends a sentence: an end mark token, then closing quotes or brackets.
_LINE_END = re.compile(r" [.?!](?: (?:''|'|\"|-RRB-|-RSB-|\)))*$")
# A line that closes, by its first or second token, a bracket the line before left open continues it:
# the source's splitter broke a short parenthesis at a full stop, as in Reuters' instrument codes
# ("Halvern Mills -LRB- HM ." / "L -RRB- shares fell ..."); a code's full stop goes back onto it ("HM.L").
_CONTINUES = re.compile(r"^(?:\S+ )?-RRB-")
_CODE_STOP = re.compile(r"-LRB- [A-Z0-9][A-Za-z0-9]{0,5} \.$")
_CODE = re.compile(r"^[A-Z]{1,2}[a-z]? ")
# Tokens only Penn Treebank tokenization writes: escaped brackets, `` and '' quotes, split clitics
_TREEBANK = re.compile(r"(?:^| )(?:-[LR][RSC]B-|``|''|'s|n't)(?= |$)")
# Closing quotes or brackets that open a line: they end the sentence of the line before.
_LEADING_CLOSERS = re.compile(r"(?:''|'|\"|-RRB-|-RSB-|\))(?: (?:''|'|\"|-RRB-|-RSB-|\)))*(?= |$)")


def sentence_lines(text: str) -> bool:
    """Tokenized text with a sentence per line (Penn Treebank style, cased): punctuation as tokens of
    its own, and most lines ending with an end mark (or, in one or two lines, a token of the treebank's)."""
    sample = text[:20_000]
    if not _spaced(sample):
        return False
    lines = [line for line in (" " + x.strip() for x in sample.splitlines()) if line.strip()]
    if len(lines) < 3:  # too few lines to count their ends: the treebank's own tokens tell
        return _TREEBANK.search(sample) is not None
    return sum(bool(_LINE_END.search(line)) for line in lines) >= 0.5 * len(lines)


def split_lines(text: str) -> list[tuple[int, str]]:
    """split_tokenized for cased text a sentence per line; closing quotes that open a line go back
    to the sentence they close."""
    out: list[tuple[int, str]] = []
    for p, s in split_tokenized(text, attached=False):
        if out and _CONTINUES.match(s) and out[-1][1].count("-LRB-") > out[-1][1].count("-RRB-"):
            before = out[-1][1]
            glue = "" if _CODE.match(s) and _CODE_STOP.search(before) else " "
            out[-1] = (out[-1][0], (before[:-2] + "." if glue == "" else before) + glue + s)
            continue
        m = _LEADING_CLOSERS.match(s)
        if m and out:
            out[-1] = (out[-1][0], f"{out[-1][1]} {m[0]}")
            s = s[m.end() :].strip()
            if not s:
                continue
        out.append((p, s))
    return out


# -- syntok, faster ------------------------------------------------------------------------------
# syntok's segmenter walks a state machine token by token, but only looks at the tokens next to a
# terminal (. ! ? ; ...) or a bracket, and at the 50 tokens after an opening bracket. Elsewhere it
# just moves tokens along. So a run of whitespace-separated chunks without those characters, away
# from those places, can go in as one token: the sentences come out the same (the tests compare
# with segmenter.analyze), at a fraction of the cost.

_TOKENIZER = Tokenizer(replace_not_contraction=False)  # as segmenter.analyze
# Tokenizer._spaces splits at the White_Space characters of the regex module and the zero width space
_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
_SPACES = re.compile(f"([{_SPACE}]+)")  # split keeps the spaces
_OPENERS = State.opening_brackets
_CLOSERS = State.closing_brackets
# the characters of the tokens the segmenter stops at: terminals (".", "...", "!", ...) and brackets
_LOUD = re.compile("[" + re.escape("".join(sorted({*"".join(State.terminals), *_OPENERS, *_CLOSERS}))) + "]")
_BEFORE, _AFTER = 1, 1  # chunks kept exact around a loud chunk (syntok's token before and after)
_BRACKET_REACH = 51  # chunks kept exact after an opening bracket (syntok looks 50 tokens ahead)
_BRACKET_LOOK = 4 * _BRACKET_REACH  # the brackets and stops after an opening bracket read to find its closing one
_PLAIN_BRACKETS = frozenset("()[]{}")
_BRACKET_CHARS, _MIN_BRACKETS = 10, 50  # (see _unbracketed)
_PLAIN = str.maketrans(dict.fromkeys([*_OPENERS, *_CLOSERS], "_"))


def analyze(document: str):
    """segmenter.analyze(document), the same sentences (first and last tokens) in less time."""
    for offset, paragraph in segmenter.preprocess_with_offsets(document):
        tokens = _tokens(paragraph)
        if offset:
            for t in tokens:
                t.update(offset)
        yield segmenter.segment(iter(tokens))


def _tokens(text: str) -> list[Token]:
    """syntok's tokens for ``text``, with each run of quiet chunks far from loud ones as one token."""
    starts, ends = _chunks(text)
    spans = list(zip(starts, ends))
    n = len(spans)
    keep = bytearray(n)
    keep[:_AFTER] = b"\x01" * min(n, _AFTER)
    keep[max(0, n - _BEFORE) :] = b"\x01" * min(n, _BEFORE)
    if n:
        loud = [(bisect_right(starts, m.start()) - 1, m[0], m.start()) for m in _LOUD.finditer(text)]
        own: dict[tuple[int, str], bool] = {}  # _own_token per chunk and bracket, asked once
        for k, (i, c, at) in enumerate(loud):
            # the token before it is in the same chunk unless the loud character opens the chunk
            lo = max(0, i - _BEFORE) if at == starts[i] else i
            hi = min(n, i + 1 + (_bracket_reach(text, spans, loud, k, own) if c in _OPENERS else _AFTER))
            keep[lo:hi] = b"\x01" * (hi - lo)
    out: list[Token] = []
    prev = 0
    i = 0
    while i < n:
        if keep[i]:
            start, end = spans[i]
            _exact(text, start, end, prev, out)
            prev = end
            i += 1
        else:
            j = keep.find(1, i)
            j = n if j < 0 else j
            start, end = spans[i][0], spans[j - 1][1]
            out.append(Token(text[prev:start], text[start:end], start))
            prev = end
            i = j
    if prev < len(text):
        out.append(Token(text[prev:], "", len(text)))
    return out


def _chunks(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the whitespace-free chunks of ``text`` (as Tokenizer._spaces finds them)."""
    parts = _SPACES.split(text)  # chunk, spaces, chunk, ..., chunk (the first and last may be "")
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends = offsets[0::2], offsets[1::2]
    if parts[-1] == "" and len(parts) > 1:
        del starts[-1], ends[-1]
    if parts[0] == "":
        del starts[0], ends[0]
    return starts, ends


def _bracket_reach(
    text: str, spans: list[tuple[int, int]], loud: list[tuple[int, str, int]], k: int, own: dict[tuple[int, str], bool]
) -> int:
    """Chunks after the opening bracket loud[k] that syntok may look at: up to its closing bracket
    (syntok's bracket stack: any opener pushes, any closer pops) and one more, at most 50 tokens.
    Past _BRACKET_LOOK brackets and stops (thousands in one chunk, say) it gives the full reach,
    which is always safe: a chunk kept exact is tokenized as syntok does."""
    at = loud[k][0]
    depth = 0
    for i, c, _ in loud[k : k + _BRACKET_LOOK]:
        if i > at + _BRACKET_REACH or (c not in _PLAIN_BRACKETS and (c in _OPENERS or c in _CLOSERS)):
            break  # too far, or a rare bracket that may not be a token of its own: the full reach
        if c in _OPENERS:
            depth += 1
        elif c in _CLOSERS:
            if (i, c) not in own:
                own[i, c] = _own_token(text[spans[i][0] : spans[i][1]], c)
            if own[i, c]:
                depth -= 1
                if depth == 0:
                    return min(i - at + 1, _BRACKET_REACH)
    return _BRACKET_REACH


def _own_token(chunk: str, bracket: str) -> bool:
    """Is a plain bracket in this chunk a token of its own? (A chunk without letters or digits,
    "--]" say, is one token.)"""
    return chunk == bracket or any(c.isalnum() for c in chunk)


def _exact(text: str, first: int, last: int, prev: int, out: list[Token]) -> None:
    """The body of Tokenizer.tokenize for one whitespace-free chunk text[first:last]."""
    chunk = text[first:last]
    if chunk.isalnum() and (chunk[1:].islower() or chunk.isnumeric()):  # no lower-upper split inside
        out.append(Token(text[prev:first], chunk, first))
        return
    start = Tokenizer._find_start(first, last, text)
    if start == last:
        out.append(Token(text[prev:first], text[first:last], first))
        return
    end = Tokenizer._find_end(start, last, text)
    if start > first:  # Tokenizer._split_nonword_prefix
        out.append(Token(text[prev:first], text[first], first))
        out.extend(Token("", c, first + i) for i, c in enumerate(text[first + 1 : start], 1))
        prev = start
    if start != end:
        out.extend(_TOKENIZER._split_word(text[prev:start], text[start:end], start))
    tail = text[end:last]
    if tail.startswith("..."):
        out.append(Token("", "...", end))
        end += 3
        tail = tail[3:]
    out.extend(Token("", c, end + i) for i, c in enumerate(tail))
