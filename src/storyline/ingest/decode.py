"""Bytes to text: byte-order marks, UTF-8, a declared charset, else UTF-8 with replacement (reported)."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_SNIFF = 8192
# labels the WHATWG Encoding standard reads as windows-1252 (Python's names for them)
_WINDOWS_1252 = frozenset({"iso8859-1", "ascii", "cp1252"})
_MAX_BAD_SHARE = 0.2  # more replaced characters than this: not text at all


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not a text file (None when they may be text)."""
    head = data[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({kind})"
    if b"\x00" in head:
        return "binary file (NUL bytes)"
    return None


def decode(data: bytes) -> tuple[str | None, list[str]]:
    """(text, warnings); text is None when the bytes are mostly undecodable."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    declared = _declared_codec(data[:2048])
    if declared in _WINDOWS_1252:  # as browsers read them (WHATWG Encoding): bytes 0x80-0x9F are quotes and dashes
        return data.decode("cp1252", "replace"), []
    if declared:
        try:
            return data.decode(declared), []
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if bad > _MAX_BAD_SHARE * max(len(text), 1):
        return None, []
    return text, [f"invalid UTF-8: {bad} undecodable byte sequence{'s' if bad != 1 else ''} replaced"]


def _declared_codec(head: bytes) -> str | None:
    """A non-UTF-8 charset that an HTML or XML head declares, when Python knows it."""
    m = _DECLARED.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name == "utf-8" else name
