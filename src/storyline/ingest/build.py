"""Turn a body of text plus metadata into an Article: sentences, display text, dateline, date, stable id."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from storyline.ingest.dateline import (
    DATELINE_REACH,
    Dateline,
    canonical_source,
    is_dateline_only,
    parse_dateline,
    stated_date,
)
from storyline.model import Article, Sentence
from storyline.text.split import looks_tokenized, split_sentences
from storyline.text.tokens import words

_ENTITY = re.compile(r"(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)([ \t]*)")
_TYPESETTING = re.compile(r"&[A-Z]{2};")  # newswire layout codes (&UR; &QL; &HT; ...), not characters
_DECODED_FORMATS = {"html", "feed", "markdown"}  # their parsers already turned entities into characters


def content_id(text: str) -> str:
    """A stable id from the words of the text: the same report read from any format gets one id."""
    return hashlib.sha1(" ".join(words(text)).encode()).hexdigest()[:16]


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
    else None. Tokenized text gets its display form from text.display with ``lexicon``.
    """
    if tokenized is None:
        tokenized = looks_tokenized(text)
    body = text if format in _DECODED_FORMATS else decode_entities(text)
    pairs = _join_dateline(split_sentences(body, tokenized), tokenized)
    meta = dict(meta or {})
    dateline = _find_dateline(pairs, tokenized)
    source = canonical_source(source) if source else None
    if dateline:
        place = place or dateline.place
        if dateline.agency and not source:
            source = dateline.agency
        elif dateline.agency and dateline.agency != source:
            meta.setdefault("agency", dateline.agency)
    published, default_date = _as_date(published, "published"), _as_date(default_date, "default_date")
    if published is None:
        published = default_date or (dateline.date if dateline else None) or stated_date(text)
    display = _display_function() if tokenized else None
    sentences = [
        Sentence(
            index=i,
            text=s,
            display=display(s, first=i == 0, lexicon=lexicon) if display else s,
            paragraph=p,
        )
        for i, (p, s) in enumerate(pairs)
    ]
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


def _find_dateline(pairs: list[tuple[int, str]], tokenized: bool) -> Dateline | None:
    for _, sentence in pairs[:DATELINE_REACH]:
        found = parse_dateline(sentence, tokenized=tokenized)
        if found:
            return found
    return None


@cache
def _display_function() -> Callable[..., str] | None:
    """text.display.display_sentence, imported on first use (None while it is not installed)."""
    try:
        from storyline.text.display import display_sentence
    except ImportError:
        return None
    return display_sentence


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
