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
# labels the WHATWG Encoding standard reads as a superset, as browsers do (Python's names): windows-1252
# for latin-1 and ascii (bytes 0x80-0x9F are quotes and dashes), Windows' code pages for the CJK ones
_SUPERSETS = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "shift_jis": "cp932", "euc_kr": "cp949", "gb2312": "gbk",
    "big5": "big5hkscs", "iso8859-9": "cp1254", "iso8859-11": "cp874", "tis-620": "cp874",
}  # fmt: skip
# Python codecs that a label may name but that are no charset of web text: they transform bytes
# (zlib, base64: not text encodings at all), encode something else (host names, escapes), fail on any
# byte (undefined), or are UTF-7, which browsers refuse since it hides markup from filters
_NOT_CHARSETS = frozenset({"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "mbcs", "oem"})
_HIGH = bytes(range(0x80, 0x100))
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


def decode(data: bytes, charset: str | None = None) -> tuple[str | None, list[str]]:
    """(text, warnings); text is None when the bytes are mostly undecodable. The encoding: a byte-order
    mark, else UTF-8 when the bytes are valid UTF-8 (whatever a label says: servers often label UTF-8
    feeds latin-1), else ``charset`` (an HTTP header's), else what an HTML or XML head declares, else
    UTF-8 with the bad bytes replaced."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            sample = data[len(bom) : len(bom) + 4096]
            if codec != "utf-8-sig" and sample and b"\x00" not in sample and sample.isascii():
                # ASCII text after two stray bytes: UTF-16 or UTF-32 would hold NULs or high bytes
                text, warnings = decode(data[len(bom) :], charset)
                return text, [f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()}", *warnings]
            return _replaced(data.decode(codec, "replace"), codec.replace("-sig", "").upper())
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    given = _codec(charset) if charset else None
    if given and given != "utf-8":
        try:
            return _replaced(data.decode(given, "replace"), given)
        except UnicodeError:  # (a codec may refuse what its error handler cannot mend)
            pass
    declared = _declared_codec(data[:2048])
    if declared:
        try:
            return data.decode(declared), []
        except UnicodeError:
            pass
    text = data.decode("utf-8", "replace")
    high = len(data) - len(data.translate(None, _HIGH))
    if not declared and text.count("\ufffd") == high and high <= _MAX_BAD_SHARE * len(text):
        # no UTF-8 sequence at all, and sparse: a Western text in Windows-1252 (browsers' default for an
        # undeclared page), not UTF-8 with a few bad bytes nor a text in another script's code page
        return data.decode("cp1252", "replace"), ["not UTF-8 and no charset declared: read as Windows-1252"]
    return _replaced(text, "UTF-8")


def wide_codec(head: bytes) -> str | None:
    """"utf-16" or "utf-32" when the bytes start with its byte-order mark (lines are not runs of bytes then)."""
    return next((codec for bom, codec in _BOMS if head.startswith(bom) and codec != "utf-8-sig"), None)


def _replaced(text: str, codec: str) -> tuple[str | None, list[str]]:
    """The text and a warning when it holds replaced bytes; None when they are most of it."""
    bad = text.count("\ufffd")
    if not bad:
        return text, []
    if bad > _MAX_BAD_SHARE * max(len(text), 1):
        return None, []
    return text, [f"invalid {codec}: {bad} undecodable byte sequence{'s' if bad != 1 else ''} replaced"]


def _declared_codec(head: bytes) -> str | None:
    """A non-UTF-8 charset that an HTML or XML head declares, when Python knows it."""
    m = _DECLARED.search(head)
    name = _codec(m.group(1).decode("ascii")) if m else None
    return None if name == "utf-8" else name


def _codec(label: str) -> str | None:
    """Python's codec for a charset label, the superset a browser reads for it (_SUPERSETS); None if
    unknown or no charset of text (_NOT_CHARSETS; "zlib", "rot13": not a text encoding)."""
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return _SUPERSETS.get(info.name, info.name)
