"""Readable display of lowercased, tokenized text.

``display_sentence("beirut ( reuters ) - syria s army , backed by iran , said ...")`` gives
"Beirut (Reuters) - Syria's army, backed by Iran, said ...": punctuation spacing and clitics
restored, the sentence start, the dateline and the names a CasingLexicon knows capitalised.
A word the lexicon does not know stays lowercase: a missing capital is better than a wrong one.

Speed: the work is done with str methods on the whole sentence; Python-level code runs only for
the few pieces the lexicon knows and for rare constructions (clitics, quotes).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate, compress

from storyline.text.casing import (
    CONNECTORS,
    CONTEXT_MONTHS,
    RARE_ZIPF,
    CasingLexicon,
    builtin_list,
    key_of,
    lowercased,
)
from storyline.text.common import NAME_ZIPF, common_words, rare_words
from storyline.text.lex import SPLIT_THOUSANDS
from storyline.text.speech import DISPLAY_SPEECH

_REPLACE = {
    "-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}",
    "&amp;": "&", "&quot;": '"', "&apos;": "'", "&#39;": "'", "&lt;": "<", "&gt;": ">",
    "“": "``", "”": "''", "‘": "`", "’": "'",
}  # fmt: skip
# (each regex starts with a character to look for, and looks behind only where it is found: fast scans)
_SPECIAL = re.compile(r"(?:-(?<![^ ]-)[lr][rsc]b-|&(?<![^ ]&)(?:amp|quot|apos|#39|lt|gt);|[“”‘’](?<![^ ].))(?![^ ])")

_CLITICS = ("s", "t", "ll", "re", "ve", "d", "m")
_CLITIC_NEEDLES = tuple((c, f" {c} ") for c in _CLITICS)
_PTB = re.compile(r"(?<=[a-z0-9]) (?=(?:'s|n't|'re|'ve|'ll|'d|'m) )")  # "syria 's", "do n't"
_PRONOUNS = frozenset("i you he she we they it who that there what here where how why".split())
_S_HOST = re.compile(r"(?:[a-z0-9]|(?:[a-z]\.){2,})$")  # "syria", "1990", "u.s."

# (before, after) on the space-padded sentence; quotes are marked \x02 (opening) and \x03 (closing)
_SPACING = (
    ("( ", "("), ("[ ", "["), ("{ ", "{"), (" )", ")"), (" ]", "]"), (" }", "}"),
    (" , ", ", "), (" ; ", "; "), (" : ", ": "), (" ? ", "? "), (" ! ", "! "), (" % ", "% "),
    (" ... ", "... "), (" . ", ". "), (" $ ", " $"), (" # ", " #"), (" £ ", " £"), (" € ", " €"),
)  # fmt: skip
_RARE_SPACING = re.compile(r"[(\[{)\]}$#£€;:?!%]")  # text without these needs only _SPACING's commas and stops
_COMMON_SPACING = tuple(pair for pair in _SPACING if not _RARE_SPACING.search(pair[0]))
_CLOCK = re.compile(r" : (?<=\d : )(?=\d)")
_QUOTE_MARKS = (("\x02 ", '"'), (" \x03", '"'), ("\x04 ", "'"), (" \x05", "'"))
_MARKS_LEFT = str.maketrans({"\x02": '"', "\x03": '"', "\x04": "'", "\x05": "'"})
_CLOSERS = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "..."})

_TITLES = frozenset("mr. mrs. ms. dr. gen. lt. col. sgt. capt. sen. rep. gov. prof. rev.".split())
_BEFORE_MONTH = frozenset("in since until till last next early late mid through during from by before after".split())
_HYPHEN_PREFIXES = frozenset({"un"})  # "un-american" is not the UN
_PIECES = re.compile(r"([-'])")

_DATELINE = re.compile(
    r"(?P<place>[a-z][a-z0-9.'/-]*(?: [a-z][a-z0-9.'/-]*){0,3})"
    r"(?: , (?P<date>[a-z]{3,9}\.? \d{1,2}(?: , \d{4})?))?"
    r" \( (?P<agency>[a-z][a-z0-9.&'-]*(?: [a-z][a-z0-9.&'-]*){0,3}) \) (?P<dash>--|-|—|–|:)(?: |$)"
)


@cache
def _builtin() -> CasingLexicon:
    return CasingLexicon.builtin()


def display_sentence(text: str, *, first: bool = False, lexicon: CasingLexicon | None = None) -> str:
    """Readable prose from one lowercased, tokenized sentence.

    ``lexicon`` defaults to the builtin lists. A leading dateline ("beirut ( reuters ) -") is
    recognised when its agency is a known one, or with any short agency when ``first`` (the
    article's first sentence) is set.
    """
    lex = lexicon if lexicon is not None else _builtin()
    s = " ".join(_unescape(text).split() if "\\" in text else text.split())
    if not s:
        return ""
    if ("&" in s or "rb-" in s or "sb-" in s or "cb-" in s or not s.isascii()) and _SPECIAL.search(s):
        s = _SPECIAL.sub(lambda m: _REPLACE[m[0]], s)
    prefix = ""
    if s.find(" ( ", 0, 120) >= 0:
        m = _DATELINE.match(s)
        if m and (first or key_of(m["agency"]) in builtin_list("agencies")):
            prefix = _dateline(m, lex)
            s = s[m.end() :]
    body = _spacing(_case(_clitics(s), lex)) if s else ""
    return f"{prefix} {body}" if prefix and body else prefix or body


def _clitics(s: str) -> str:
    """Attach clitics: "syria s" -> "syria's", "don t", "syria ' s", "do n't", "supervisors ' x"."""
    p = f" {s} "
    if " ' " in p:
        p = _apostrophes(p)
    for c, needle in _CLITIC_NEEDLES:
        at = p.find(needle)
        while at > 0:
            prev = p[p.rfind(" ", 0, at) + 1 : at]
            if _is_clitic(c, prev):
                p = f"{p[:at]}'{p[at + 1 :]}"  # the space becomes the apostrophe: same length
            at = p.find(needle, at + 1)
    if " '" in p or " n't " in p:
        p = _PTB.sub("", p)
    return p[1:-1]


def _apostrophes(p: str) -> str:
    """A lone "'" before a clitic joins it ("syria ' s"); after a plural before a word, it is a possessive."""
    toks = p.split(" ")
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == "'" and out and i + 1 < len(toks):
            prev, nxt = out[-1], toks[i + 1]
            if nxt in _CLITICS and _is_clitic(nxt, prev):
                out[-1] = f"{prev}'{nxt}"
                i += 2
                continue
            if prev[-1:] == "s" and prev.isalpha() and nxt[:1].isalpha() and toks[:i].count("'") % 2 == 0:
                out[-1] = prev + "'"
                i += 1
                continue
        out.append(t)
        i += 1
    return " ".join(out)


def _is_clitic(c: str, prev: str) -> bool:
    if c == "s":
        return _S_HOST.search(prev) is not None
    if c == "t":
        return prev[-1:] == "n" and prev.isalpha()
    if c in ("ll", "re", "ve"):
        return prev.isalpha() and (len(prev) > 1 or prev == "i")
    if c == "d":
        return prev in _PRONOUNS
    return c == "m" and prev == "i"


def _case(s: str, lex: CasingLexicon) -> str:
    """Capitalise what the lexicon knows, and a rare word it does not know as a name (``rare_zipf``).
    Pieces are the parts of the text between spaces, hyphens and apostrophes; a cased form has the
    length of its key, so offsets in ``s`` stay valid. The first word, when only its sentence start
    capitalises it (prose: "New zealand's"), is looked up in lowercase."""
    words, phrases, starts, firsts, known = lex.index()
    pieces = s.replace("-", " ").replace("'", " ").split(" ")
    opening = next((j for j, p in enumerate(pieces) if p[:1].isalpha()), None)
    if opening is not None and pieces[opening][:1].isupper() and pieces[opening][1:].islower():
        pieces[opening] = pieces[opening].lower()
    named = _rare_names(pieces, known, lex.rare_zipf)
    hits = list(compress(range(len(pieces)), map(known.__contains__, pieces)))
    if named:
        hits = sorted(named.union(hits))
    if not hits:
        return s
    acc = list(accumulate(map(len, pieces)))  # piece j spans s[acc[j] - len + j : acc[j] + j]
    n = len(pieces)
    out: list[str] = []
    last = 0
    done = 0
    for j in hits:
        if j < done:
            continue
        p = pieces[j]
        start = acc[j] - len(p) + j
        span = 1
        form = None
        if p in firsts and j + 1 < n and (longest := starts.get(f"{p} {pieces[j + 1]}")):
            for m in range(min(longest, n - j), 1, -1):
                found = phrases.get(" ".join(pieces[j : j + m]))
                if found:
                    span = m
                    form = _phrase_form(found, s[start : acc[j + m - 1] + j + m - 1])
                    break
        if form is None:
            form = words.get(p)
            if p in CONTEXT_MONTHS and form is None:
                if (j + 1 < n and pieces[j + 1].isdigit()) or (j and pieces[j - 1] in _BEFORE_MONTH):
                    form = CONTEXT_MONTHS[p]
            elif p in _HYPHEN_PREFIXES and s[acc[j] + j : acc[j] + j + 1] == "-":
                form = None
        if form is None and j in named:
            form = p.upper() if _spells_initials(pieces, j) else p.capitalize()
        if form is None:
            continue
        out.append(s[last:start])
        out.append(form)
        done = j + span
        last = acc[done - 1] + done - 1
        if p in _TITLES and done < n and pieces[done].isalpha() and pieces[done] not in known:  # "mr. smith"
            out.append(s[last : last + 1])
            out.append(pieces[done].capitalize())
            done += 1
            last = acc[done - 1] + done - 1
    out.append(s[last:])
    return "".join(out)


def load_tables() -> None:
    """Load the word tables that showing lowercased text reads (text.common, 0.2 s), so that parse
    workers forked after share them instead of each loading its own."""
    common_words(RARE_ZIPF)
    common_words(NAME_ZIPF)


def _rare_names(pieces: list[str], known: frozenset[str], limit: float | None) -> set[int]:
    """Which pieces are (part of) a name for their rarity: a word the lexicon does not know and English
    running text hardly uses (Zipf ``limit`` at most), and the words next to it as rare as a name's
    (text.common.NAME_ZIPF: "ada quint", of which only "quint" is so rare)."""
    if limit is None:
        return set()
    unknown = set(pieces) - known
    rare = rare_words(unknown, limit)
    if not rare:
        return set()
    near = rare_words(unknown, NAME_ZIPF)
    named = {j for j, p in enumerate(pieces) if p in rare}
    for j in list(named):
        for step in (-1, 1):
            k = j + step
            while 0 <= k < len(pieces) and k not in named and pieces[k] in near:
                named.add(k)
                k += step
    return named


def _spells_initials(pieces: list[str], j: int) -> bool:
    """A piece in brackets that spells the initials of the words before them, an acronym defined
    ("the civil protection office ( cpo )"; connectors such as "of" may be left out)."""
    p = pieces[j]
    if not (0 < j < len(pieces) - 1 and pieces[j - 1] == "(" and pieces[j + 1] == ")"):
        return False
    before = [w for w in pieces[max(0, j - 1 - 2 * len(p)) : j - 1] if w.isalpha()]
    for words in (before, [w for w in before if w not in CONNECTORS]):
        if len(words) >= len(p) and "".join(w[0] for w in words[-len(p) :]) == p:
            return True
    return False


def _phrase_form(found: tuple, text: str) -> str:
    """The cased form of a phrase in ``text``, keeping the text's hyphens unless the form has an apostrophe."""
    pieces, seps = found
    if len(text) != sum(map(len, pieces)) + len(pieces) - 1:  # a form that does not split like its key
        return "".join(sep + p for p, sep in zip(pieces, seps))
    out = [pieces[0]]
    at = len(pieces[0])
    for p, sep in zip(pieces[1:], seps[1:]):
        out.append("'" if sep == "'" else text[at])
        out.append(p)
        at += len(p) + 1
    return "".join(out)


def _spacing(s: str) -> str:
    """Punctuation spacing, paired quotes, capitals at sentence starts."""
    p = f" {s} "
    quotes = ' " ' in p or " ' " in p or " `" in p or " '' " in p
    if quotes:
        p = f" {_mark_quotes(s)} "
    if " . " in p[:-3]:
        p = _capitalise_after_ends(p)
    p = _punctuate(p, quotes).strip()
    if p.endswith("..") and not p.endswith("..."):  # "u.s. ." at the end
        p = p[:-1]
    for i, c in enumerate(p):
        if c.isalnum():
            return p[:i] + c.upper() + p[i + 1 :] if c.islower() else p
        if c not in "\"'([{ ":
            return p
    return p


def _punctuate(p: str, quotes: bool) -> str:
    """Tokens' spacing closed up in a padded sentence (" ... "): clock times, split thousands, the
    punctuation of _SPACING, and with ``quotes`` the quote marks of _mark_quotes."""
    if " : " in p:
        p = _CLOCK.sub(":", p)  # "7 : 15" -> "7:15"
    if " ," in p:
        p = SPLIT_THOUSANDS.sub(r",\1", p)  # "50 ,000"
    for a, b in _SPACING if _RARE_SPACING.search(p) else _COMMON_SPACING:
        if a in p:
            p = p.replace(a, b)
    if quotes:
        for a, b in _QUOTE_MARKS:
            p = p.replace(a, b)
        p = p.translate(_MARKS_LEFT)  # a mark next to another ('" "' of an empty quotation) has no space to take
    return p


def _capitalise_after_ends(s: str) -> str:
    """Capitalise the first word after a standalone "." inside the sentence ("?" and "!" are often
    followed by a lowercase speech tag: "why? he asked")."""
    toks = s.split(" ")
    cap = False
    for i, t in enumerate(toks):
        if t == ".":
            cap = True
        elif cap and t[:1].isalnum():
            toks[i] = t[0].upper() + t[1:]
            cap = False
        elif t not in ("\x02", "\x04", "(", "["):
            cap = False
    return " ".join(toks)


def _mark_quotes(s: str) -> str:
    """Replace quote tokens with opening (\\x02, \\x04) and closing (\\x03, \\x05) marks."""
    toks = s.split(" ")
    padded = f" {s} "
    for mark, (opening_mark, closing_mark) in (('"', "\x02\x03"), ("'", "\x04\x05")):
        if f" {mark} " not in padded:  # no such token
            continue
        at = [i for i, t in enumerate(toks) if t == mark]
        opening = True
        if len(at) % 2:  # unpaired: does the sentence start inside a quote? ("... win , " he said)
            i = at[0]
            if i and toks[i - 1] in (",", ".", "?", "!") and not (i > 1 and toks[i - 2] in DISPLAY_SPEECH):
                opening = False
        for i in at:
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            opening = opening and nxt != "" and nxt not in _CLOSERS
            toks[i] = opening_mark if opening else closing_mark
            if opening and i > 1 and (toks[i - 1] == ":" or toks[i - 1] == "," and toks[i - 2] in DISPLAY_SPEECH):
                toks[i + 1] = nxt[0].upper() + nxt[1:]  # a quotation after 'said ,' starts a sentence
            opening = not opening
    if "`" in s or "''" in s:
        for i, t in enumerate(toks):
            if t in ("``", "`"):
                toks[i] = "\x02" if t == "``" else "\x04"
            elif t == "''":
                toks[i] = "\x03"
    return " ".join(toks)


def _dateline(m: re.Match[str], lex: CasingLexicon) -> str:
    """ "beirut , march 3 ( reuters ) -" -> "Beirut, March 3 (Reuters) -"."""
    place = _case(m["place"], lex).split(" ")
    place = " ".join(_title(t, k == 0) for k, t in enumerate(place))
    if m["date"]:
        place += ", " + " ".join(t.capitalize() if t[0].isalpha() else t for t in m["date"].split())
    agency = m["agency"]
    form = builtin_list("agencies").get(key_of(agency)) or lex.get(agency)
    if form is None:
        form = agency.upper() if len(agency) <= 4 and agency.isalpha() else " ".join(_title(t, True) for t in agency.split())
    return f"{place} ({form}) {m['dash']}"


def _title(token: str, first: bool) -> str:
    """Title-case the lowercase pieces of a place token, leaving inner connectors: "al-zor" -> "al-Zor"."""
    parts = _PIECES.split(token)
    for k in range(0, len(parts), 2):
        p = parts[k]
        if p.islower() and (first and k == 0 or p not in CONNECTORS):
            parts[k] = p[0].upper() + p[1:]
    return "".join(parts)


def _unescape(text: str) -> str:
    """The Penn Treebank's escaped slash and asterisk back ("9\\/11", "\\* Sales rose")."""
    return text.replace("\\/", "/").replace("\\*", "*")


_CASED_SPECIAL = re.compile(r"-(?<![^ ]-)(?:[LR][RSC]B|[lr][rsc]b)-(?![^ ])")
_CASED_PTB = re.compile(r" (?<=[A-Za-z0-9.] )(?=(?:'[sS]|n't|N'T|'re|'ve|'ll|'d|'m|')(?: |$))")
_TOKENIZED_MARKS = re.compile(r" (?:[,.;:?!)'%]|[nN]'[tT]\b)|\( |``|''|-[LRlr][RSCrsc][Bb]-|[$£€] \d")


def display_prose(text: str, *, first: bool = False, lexicon: CasingLexicon | None = None) -> str:
    """display_sentence for a sentence of prose written in lowercase (text.casing.lowercased): the
    marks at the edges of its words stand apart first, as in tokenized text ("monday," -> "monday ,"),
    so that the words are found; marks inside a word ("5:30", "5,000", "u.s.") stay."""
    return display_sentence(_spaced(text), first=first, lexicon=lexicon)


def _spaced(text: str) -> str:
    toks = text.split()
    out: list[str] = []
    for i, t in enumerate(toks):
        head: list[str] = []
        while len(t) > 1 and t[0] in _LEADING:
            head.append(t[0])
            t = t[1:]
        tail: list[str] = []
        while len(t) > 1 and (t[-1] in _TRAILING or i == len(toks) - 1 and t[-1] == "." and "." not in t[:-1]):
            tail.append(t[-1])
            t = t[:-1]
        out += [*head, t, *reversed(tail)]
    return " ".join(out)


_LEADING = frozenset('"([')
_TRAILING = frozenset(',;:!?)]"')


def readable(text: str) -> str:
    """Display text from cased, tokenized text ("It 's -LRB- about -RRB- 15 km , he said ."
    -> "It's (about) 15 km, he said."); text without tokenizer marks is returned as it is.
    Capitals are kept: the text has them."""
    if "\\" in text:
        text = _unescape(text)
    if not _TOKENIZED_MARKS.search(text):
        return text
    s = " ".join(text.split()) if "  " in text or not text.isprintable() else text.strip()
    if "B-" in s or "b-" in s:
        s = _CASED_SPECIAL.sub(lambda m: _REPLACE[m[0].lower()], s)
    if ("&" in s or "b-" in s or not s.isascii()) and _SPECIAL.search(s):
        s = _SPECIAL.sub(lambda m: _REPLACE[m[0]], s)
    if "'" in s:
        s = _CASED_PTB.sub("", f"{s} ").strip()
    quoted = '"' in s and ' " ' in f" {s} " or "`" in s or "''" in s
    p = f" {_mark_quotes(s)} " if quoted else f" {s} "
    return _punctuate(p, quoted).strip()


def show(article, lexicon: CasingLexicon | None = None, prose: bool | None = None):
    """The Article with its lowercased sentences (tokenized text, or prose in lowercase but for its
    sentence starts: text.casing.lowercased, asked unless ``prose`` says) displayed re-cased and
    re-spaced with ``lexicon`` (display_sentence, display_prose); other text is shown as stored
    (cased tokenized text was made readable at ingest). Returns the article."""
    if article.tokenized:
        for s in article.sentences:
            s.display = display_sentence(s.text, first=s.index == 0, lexicon=lexicon)
    elif lexicon is not None and (lowercased(article.text) if prose is None else prose):
        for s in article.sentences:
            s.display = display_prose(s.text, first=s.index == 0, lexicon=lexicon)
    return article
