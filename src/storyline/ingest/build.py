"""Turn a body of text plus metadata into an Article: sentences, display text, dateline, date, stable id."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from storyline.model import Article, Sentence
from storyline.text.casing import lowercased
from storyline.text.dateline import (
    DATELINE_REACH,
    Dateline,
    canonical_source,
    is_dateline_only,
    parse_dateline,
    stated_date,
    without_opening,
)
from storyline.text.runon import later_cuts, run_on_cuts
from storyline.text.split import at_credits, looks_tokenized, sentence_lines, split_lines, split_prose, split_tokenized
from storyline.text.tokens import rouge_words

_ENTITY = re.compile(r"(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)([ \t]*)")
_TYPESETTING = re.compile(r"&[A-Z]{2};")  # newswire layout codes (&UR; &QL; &HT; ...), not characters
_DECODED_FORMATS = {"html", "feed", "markdown"}  # their parsers already turned entities into characters

# Publication dates outside this range are input errors (a year typed 0201 or 9999, a zeroed field) and are
# dropped with a warning. Fixed bounds, not "today plus a margin", so that the same input is stored the same way
# whatever the machine clock says (and fictional test corpora dated in the 2030s still read): no printed news is
# older than 1600 (the first newspaper is from 1605), and both bounds stay far from dt.date.min/max, so date
# arithmetic downstream (weeks, windows, timelines) cannot overflow.
EARLIEST_DATE = dt.date(1600, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
SEEN_CHARS = 100_000  # of a body read for the words it writes in lowercase and as names (text.runon)

# C0 control characters other than tab, newline and carriage return, lone surrogates (JSON escapes can make them)
# and the bidirectional controls that reorder what is displayed (embeddings, overrides and isolates, as in
# "Trojan Source"; the marks U+200E/U+200F are kept): none belongs in news text, and a surrogate cannot be stored
# (not encodable as UTF-8). C1 controls are Windows-1252 text decoded as Latin-1 ("wasn\x92t"): each becomes the
# Windows-1252 character (as ftfy's fix_c1_controls does), so none is left to start a terminal escape (U+009B).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# removed: C0 controls but tab, newline and CR; DEL; the five bytes Windows-1252 leaves undefined
_REMOVED = [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D]
_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0) if c not in _REMOVED}
_CONTROL = re.compile(f"[{''.join(map(chr, _REMOVED))}]")
_C1 = re.compile(f"[{''.join(map(chr, _CP1252))}]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
MAX_MARKS = 3  # combining marks on one letter (Vietnamese needs two)
MAX_TITLE = 1000  # characters of a title; the rest is cut with a warning
# characters of a body; the rest is cut, at a space, with a warning. The longest dev report (a live
# page) has 244,000; megabytes are a book or input gone wrong, and would cost every stage seconds
MAX_TEXT = 1_000_000
_MARK = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_STACKED = re.compile(f"({_MARK}{{{MAX_MARKS}}}){_MARK}+")
_CLEAN = {
    **dict.fromkeys(_REMOVED),
    0x0B: "\n", 0x0C: "\n", 0x1C: " ", 0x1D: " ", 0x1E: " ", 0x1F: " ",  # line breaks and separators
    **_CP1252,
    **dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]),
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},
}  # fmt: skip


_OTHER_WORD = re.compile(r"[^\W_a-zA-Z0-9]")  # a letter or digit outside ASCII: "é", "Ж", "東"
_ANY_WORD = re.compile(r"[^\W_]+")


def content_id(text: str) -> str:
    """A stable id from the words of the text: the same report read from any format gets one id.

    The words are ROUGE's (``text.tokens.rouge_words``: runs of a-z and 0-9), unless the text has a letter
    or digit outside ASCII: then every run of letters and digits, NFKC-normalised and casefolded, so
    that Greek, Cyrillic or Chinese reports do not all get the id of no words."""
    if not _other_script(text):
        return _hash(rouge_words(text))
    return _hash(["\x00", *_ANY_WORD.findall(unicodedata.normalize("NFKC", text).casefold())])


def ascii_content_id(text: str) -> str | None:
    """The id content_id gave the text before it read words outside ASCII, where it differs: a store
    written then holds the text under that id."""
    return _hash(rouge_words(text)) if _other_script(text) else None


def _other_script(text: str) -> bool:
    return not text.isascii() and _OTHER_WORD.search(text) is not None


def _hash(found: list[str]) -> str:
    return hashlib.sha1(" ".join(found).encode()).hexdigest()[:16]


def build_article(
    text: str,
    *,
    id: str | None = None,  # noqa: A002 - the field's name
    title: str | None = None,
    source: str | None = None,
    place: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    origin: str | None = None,
    format: str = "text",  # noqa: A002
    tokenized: bool | None = None,
    meta: dict[str, Any] | None = None,
    lexicon: Any = None,
    default_source: str | None = None,
    default_date: dt.date | None = None,
) -> Article:
    """An Article from body text; metadata given here wins over what the text states.

    Source: ``source``, else the dateline's agency, else ``default_source`` (a dateline agency other
    than ``source`` goes to ``meta["agency"]``). Place: ``place``, else the dateline's. Publication
    date: ``published``, else ``default_date``, else a full date stated in the dateline or byline,
    else None. Tokenized text, and prose in lowercase but for its sentence starts (text.casing.lowercased),
    gets its display form from text.display with ``lexicon``.
    """
    cleaner = _Cleaner()
    text, title, source, place, url, id, default_source = map(  # noqa: A001
        cleaner, (text, title, source, place, url, id, default_source)
    )
    meta = cleaner.value(dict(meta or {}))
    warnings = [*_warnings(meta.get("warnings")), *cleaner.warnings()]
    if title and len(title) > MAX_TITLE:  # a title is a line: one of megabytes is input gone wrong
        warnings.append(f"title of {len(title):,} characters cut to {MAX_TITLE:,}")
        title = title[:MAX_TITLE].rstrip() + "…"
    if len(text) > MAX_TEXT:
        warnings.append(f"text of {len(text):,} characters cut to {MAX_TEXT:,}")
        space = max(text.rfind(" ", 0, MAX_TEXT + 1), text.rfind("\n", 0, MAX_TEXT + 1))
        text = text[: space if space > MAX_TEXT // 2 else MAX_TEXT].rstrip()
    origin = clean_text(origin) if origin else origin
    if tokenized is None:
        tokenized = looks_tokenized(text)
    body = text if format in _DECODED_FORMATS else decode_entities(text)
    cased_tokens = not tokenized and sentence_lines(body)  # cased tokenized text, a sentence per line
    split = split_tokenized if tokenized else split_lines if cased_tokens else split_prose
    pairs = _join_dateline(at_credits(split(body)), tokenized)
    if pairs and not tokenized:  # a title, caption or crosshead run into what follows: cased text only
        seen = body[:SEEN_CHARS]
        *heads, rest = run_on_cuts(pairs[0][1], seen)  # a title or caption, then the rest as a later sentence
        pairs = [(pairs[0][0], part) for part in [*heads, *later_cuts(rest, seen, opening=True)]] + [
            (p, part) for p, s in pairs[1:] for part in later_cuts(s, seen)
        ]
    # prose in lowercase (but for its sentence starts) is re-cased for display, as tokenized text is
    lowered = not tokenized and not cased_tokens and lowercased(body)
    display = _display_function() if tokenized else _prose_function() if lowered else None
    if display:
        displays = [display(s, first=i == 0, lexicon=lexicon) for i, (_, s) in enumerate(pairs)]
    else:
        displays = list(map(_readable() if cased_tokens else _curly, (s for _, s in pairs)))
    # cased tokenized text has its dateline read in display form: "WASHINGTON (Reuters) -", not "-LRB- Reuters -RRB-"
    dateline = _find_dateline(displays if cased_tokens else [s for _, s in pairs], tokenized or lowered)  # its place as tokenized text writes it
    source = canonical_source(source) if source else None
    if dateline:
        place = place or dateline.place
        if dateline.agency and not source:
            source = dateline.agency
        elif dateline.agency and dateline.agency != source:
            meta.setdefault("agency", dateline.agency)
    published = _sane(_as_date(published, "published"), warnings)
    default_date = _sane(_as_date(default_date, "default_date"), warnings)
    if published is None:
        published = default_date or _sane((dateline.date if dateline else None) or stated_date(text), warnings)
    if warnings or "warnings" in meta:
        meta["warnings"] = warnings
    sentences = [Sentence(i, s, d, p) for i, ((p, s), d) in enumerate(zip(pairs, displays))]
    return Article(
        id=id or content_id(text),
        text=text,
        sentences=sentences,
        title=title,
        source=source or default_source,
        place=place,
        published=published,
        url=url,
        origin=origin,
        format="tokenized" if tokenized and format == "text" else format,
        tokenized=tokenized,
        meta=meta,
    )


def clean_text(text: str) -> str:
    """Text safe to store, parse and show: C0 control characters other than tab, newline and CR removed (vertical
    tab and form feed become newlines, separators spaces), C1 controls read as Windows-1252, bidirectional
    controls removed, lone surrogates replaced by U+FFFD; in Unicode's composed form (NFC), so that a
    report written with decomposed accents ("e" and U+0301) is the same text as one with "é", with at
    most MAX_MARKS combining marks on a letter."""
    return _Cleaner()(text)


def _composed(text: str) -> tuple[str, int]:
    """The text in NFC with no more than MAX_MARKS combining marks on a letter ("Zalgo" text stacks hundreds
    that spill over the lines around them), and how many marks went."""
    if text.isascii():
        return text, 0
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _STACKED.search(text):
        return text, 0
    shorter = _STACKED.sub(r"\1", text)
    return shorter, len(text) - len(shorter)


def flaw_warnings(text: str) -> list[str]:
    """Warnings for what clean_text changes in the text (none for clean text)."""
    cleaner = _Cleaner()
    cleaner(text)
    return cleaner.warnings()


def date_in_range(day: dt.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def _sane(day: dt.date | None, warnings: list[str]) -> dt.date | None:
    """The date, or None (with a warning) when it is outside EARLIEST_DATE .. LATEST_DATE."""
    if day is None or date_in_range(day):
        return day
    warnings.append(f"publication date {day.isoformat()} out of range, dropped")
    return None


class _Cleaner:
    """clean_text over strings and JSON-like values, counting what it changed."""

    def __init__(self) -> None:
        self.controls = self.c1 = self.bidi = self.surrogates = self.marks = 0

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        if _UNSAFE.search(text):
            bad = len(_UNSAFE.findall(text))
            controls, c1, bidi = len(_CONTROL.findall(text)), len(_C1.findall(text)), len(_BIDI.findall(text))
            self.controls += controls
            self.c1 += c1
            self.bidi += bidi
            self.surrogates += bad - controls - c1 - bidi
            text = text.translate(_CLEAN)
        text, marks = _composed(text)
        self.marks += marks
        return text

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        return value

    def warnings(self) -> list[str]:
        found = []
        if self.controls:
            found.append(f"{self.controls} control character{'s' * (self.controls != 1)} removed")
        if self.c1:
            found.append(f"{self.c1} C1 control character{'s' * (self.c1 != 1)} read as Windows-1252")
        if self.bidi:
            found.append(f"{self.bidi} bidirectional control character{'s' * (self.bidi != 1)} removed")
        if self.surrogates:
            found.append(f"{self.surrogates} lone surrogate{'s' * (self.surrogates != 1)} replaced by U+FFFD")
        if self.marks:
            found.append(f"{self.marks} stacked combining mark{'s' * (self.marks != 1)} removed")
        return found


def _warnings(value: Any) -> list[str]:
    """meta["warnings"] as a list of strings (a record may carry a field of that name)."""
    if value is None:
        return []
    return [str(w) for w in value] if isinstance(value, list) else [str(value)]


def decode_entities(text: str) -> str:
    """Character references left in plain text ("AT&amp;T", "Goldman, Sachs &AMP; Co.") as characters;
    newswire typesetting codes ("&UR;", "&QL;") dropped. Only references closed by ";" are read."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ref, space = m.groups()
        char = html.unescape(ref)
        return "" if char == ref and _TYPESETTING.fullmatch(ref) else char + space

    return _ENTITY.sub(one, text)


_DASH_START = re.compile(r"(?:--?|—|–|_)\s")  # "-- The museum ..." after a cut-off "HALVERN (Northgate Press)"
_AGENCY_START = re.compile(r"\(\s*[^()]{1,40}?\s*\)\s*(?:--?|—|–|_)\s")  # "(AP) -- Gay ..." after "LARAMIE, Wyo."


def _join_dateline(pairs: list[tuple[int, str]], tokenized: bool) -> list[tuple[int, str]]:
    """Glue a dateline that the splitter cut off ("LONDON (AP)" | "_ An influential ...", "LARAMIE, Wyo." | "(AP) -- ...")
    to its sentence."""
    for i in range(min(DATELINE_REACH, len(pairs) - 1)):
        (p, s), (q, t) = pairs[i], pairs[i + 1]
        start = _DASH_START.match(t) or _AGENCY_START.match(t)
        cut = is_dateline_only(s, tokenized=tokenized) or (
            start is not None and is_dateline_only(f"{s} {t[: start.end()]}", tokenized=tokenized)
        )
        if p == q and cut:
            return [*pairs[:i], (p, f"{s} {t}"), *pairs[i + 2 :]]
    return pairs


def _find_dateline(sentences: list[str], tokenized: bool) -> Dateline | None:
    """The dateline of the first DATELINE_REACH sentences, after a page's stamp, an editor's note and
    a byline that may open one ("HONG KONG | Wed Apr 15, 2031 5:56 am EDT HONG KONG (Reuters) -",
    "2031 04 25 08:50 JST By Ada Brook PORT ALDER (Reuters) -"), in the order dateline.quoted reads them."""
    for sentence in sentences[:DATELINE_REACH]:
        found = parse_dateline(without_opening(sentence), tokenized=tokenized)
        if found:
            return found
    return None


def _curly(text: str) -> str:
    """Prose shown with the typewriter quotes of LDC-style newswire (``like this'') as curly ones."""
    return text.replace("``", "\u201c").replace("''", "\u201d") if "``" in text or "''" in text else text


@cache
def _readable() -> Callable[[str], str]:
    """text.display.readable (cased tokenized text with its punctuation, clitics and brackets put back), imported on first use."""
    from storyline.text.display import readable

    return readable


@cache
def _display_function() -> Callable[..., str] | None:
    """text.display.display_sentence, imported on first use (None while it is not installed)."""
    try:
        from storyline.text.display import display_sentence
    except ImportError:
        return None
    return display_sentence


@cache
def _prose_function() -> Callable[..., str]:
    """text.display.display_prose, imported on first use."""
    from storyline.text.display import display_prose

    return display_prose


def _as_date(value: Any, name: str) -> dt.date | None:
    """A date given as a date, a datetime or an ISO string ("2031-03-03"); anything else is an error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise ValueError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from None
    raise TypeError(f"{name} must be a date, not {type(value).__name__}")
