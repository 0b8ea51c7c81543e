"""HTML article pages (trafilatura) and HTML fragments to plain paragraphs (lxml)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from typing import Any

from storyline.ingest.build import build_article, clean_text, flaw_warnings
from storyline.ingest.errors import ReadError
from storyline.model import Article
from storyline.text.dateline import parse_date

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "form", "button")
_BLOCKS = frozenset("p div li h1 h2 h3 h4 h5 h6 blockquote tr pre section article header footer figure figcaption ul ol table dd dt".split())
_BLANK = re.compile(r"\n[ \t]*\n")
_MARKUP = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|li|ul|h[1-6]|img|blockquote)\b[^>]*>", re.IGNORECASE)
_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]+)|0*([0-9]+));?")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}  # metadata only; the text is searched by us

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """One article from an HTML page: main text, title, date, site name and URL (trafilatura).

    Scripts, styles and attributes never reach the body. Source: the dateline's agency if the body
    has one, else the site name, else ``source``.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            safe_markup(text),
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as e:  # a hostile page must not stop the batch
        yield ReadError(origin, f"could not parse the HTML ({type(e).__name__})")
        return
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        yield ReadError(origin, "no article text found in the HTML")
        return
    title = _clean(doc.title)
    lines = [" ".join(line.split()) for line in body.splitlines()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    body = "\n\n".join(line for line in lines if line)
    if not body:
        yield ReadError(origin, "no article text found in the HTML")
        return
    meta = {k: v for k, v in (("author", _clean(doc.author)), ("description", _clean(doc.description))) if v}
    warnings = flaw_warnings(text)  # the text was cleaned before parsing
    if warnings:
        meta["warnings"] = warnings
    yield build_article(
        body,
        title=title,
        published=parse_date(doc.date),
        url=_clean(doc.url),
        origin=origin,
        format="html",
        tokenized=False,
        meta=meta,
        lexicon=lexicon,
        default_source=_clean(doc.sitename) or _clean(doc.hostname) or source,
        default_date=date,
    )


def looks_like_html(text: str) -> bool:
    """True for body text that carries HTML markup (some feeds and exports do)."""
    return "<" in text and _MARKUP.search(text[:20_000]) is not None


def text_line(value: Any) -> str | None:
    """A title or name as one line of plain text (feeds and exports may carry HTML in them); None if empty."""
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join((html_to_text(value) if "<" in value or "&" in value else value).split()) or None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: scripts and styles dropped, blocks as paragraphs."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(f"<div>{safe_markup(fragment)}</div>")
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in root.iter(etree.Element):
        if el.tag == "br":  # (character references may have put control characters back: lxml refuses to set those)
            el.tail = "\n" + _settable(el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + _settable(el.tail or "")
            if el.text:
                el.text = "\n\n" + _settable(el.text)
    paragraphs = (" ".join(p.split()) for p in _BLANK.split(root.text_content()))
    return "\n\n".join(p for p in paragraphs if p)


def _settable(text: str) -> str:
    """Text lxml takes as an element's text: clean_text, and the noncharacters U+FFFE and U+FFFF as U+FFFD."""
    return clean_text(text).translate(_NONCHARACTERS)


_NONCHARACTERS = {0xFFFE: 0xFFFD, 0xFFFF: 0xFFFD}


def safe_markup(text: str) -> str:
    """Markup lxml (and feedparser) can take: clean_text, and character references to what it removes
    (&#1;, &#xD800;) as U+FFFD (which HTML parsers already make of &#0;, surrogates and references beyond
    U+10FFFF)."""
    text = clean_text(text)
    return _REFERENCE.sub(_reference, text) if "&#" in text else text


def _reference(m: re.Match[str]) -> str:
    digits = m[1] or m[2] or "0"
    code = 0x110000 if len(digits) > 8 else int(digits, 16 if m[1] else 10)
    if 0x80 <= code <= 0x9F:  # HTML reads these as windows-1252: "&#150;" is an en dash
        return bytes([code]).decode("cp1252", "replace")
    bad = code == 0 or code > 0x10FFFF or clean_text(chr(code)) != chr(code)
    return "\ufffd" if bad else m[0]


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
