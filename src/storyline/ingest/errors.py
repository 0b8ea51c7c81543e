"""ReadError: one bad input, named with its path and the reason, reported instead of raised."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class ReadError:
    path: str  # file, "<stdin>" or the name given to posted content
    reason: str  # one line, e.g. "line 12: not valid JSON (Expecting value)"

    def __str__(self) -> str:
        return printable(f"{self.path}: {self.reason}")


def printable(text: str) -> str:
    """Text safe to print on one terminal line: control and other non-printable characters (newlines,
    escape sequences, bidi overrides) as Python escapes; bytes of an undecodable file name as \\xNN."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


# query parameters whose values are secrets: ?token=, ?api_key=, ?access_token=, ?sig=, ?password= ...
_SECRET_KEY = re.compile(
    r"(?i)(?:.*[_.-]|api|access|client|private|auth|x)?"
    r"(?:key|token|secret|passw(?:or)?d|pwd|pass|auth|authorization|credentials?|sig|signature|session(?:id)?|sid)"
)


def url_parts(url: str) -> tuple[str, str, str] | None:
    """(scheme, authority, the rest from its path on) of a URL with "://"; None for another string."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    return scheme, rest[:end], rest[end:]


def shown_url(url: str) -> str:
    """A feed URL as output, pages and stored origins show it: what stands before "@" (a user and
    password, or a token) and the values of query parameters named like secrets as ***."""
    parts = url_parts(url)
    if parts is None:
        return url
    scheme, authority, tail = parts
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    path, mark, query = tail.partition("?")
    if mark:
        query, hash_, fragment = query.partition("#")
        pairs = (p.partition("=") for p in query.split("&"))
        query = "&".join(f"{k}=***" if eq and _SECRET_KEY.fullmatch(k) else f"{k}{eq}{v}" for k, eq, v in pairs)
        query += hash_ + fragment
    return f"{scheme}://{authority}{path}{mark}{query}"


def holds_secret(url: str) -> bool:
    """Whether the URL holds a password or token (shown_url hides something in it)."""
    return shown_url(url) != url


_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>()]+")


def secrets_hidden(text: str) -> str:
    """A message with each URL in it as shown_url shows it: a redirect target or a URL that httpx
    wrote back normalised ("a%20b", a punycode host) is not the feed's URL as stored, so its password
    or token would escape a replace of that one string."""
    return _URL.sub(lambda m: shown_url(m.group()), text) if "://" in text else text


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 forbids


def xml_safe(text: str) -> str:
    """Text an XML document may hold: characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, lone
    surrogates) left out, so that one odd article cannot make a whole feed unreadable."""
    return _NOT_XML.sub("", text)


def _escape(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(c, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def unexpected(e: BaseException) -> str:
    """The reason for a failure no reader foresaw, e.g. "could not be read (ValueError: ...)"."""
    message = str(e)
    return f"could not be read ({type(e).__name__}: {message[:200]}{'…' if len(message) > 200 else ''})"
