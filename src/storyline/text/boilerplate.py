"""Web and wire furniture in a sentence: credits, links, sharing prompts, photo captions and media
notices. Written from what such pages say, not learned from a data set. Summaries leave such
sentences out, and a story is never named by one."""

from __future__ import annotations

import re

# matched on lowercased text
PHRASES = (
    "copyright", "all rights reserved", "(c) ", "click here", "sign up", "subscribe", "newsletter",
    "follow us", "follow him on", "follow her on", "http:", "https:", "www.", "&#", "| ",
    "toggle caption", "enlarge this image", "photo:", "image caption", "reporting by", "editing by",
    "writing by", "contributed to this report", "for more information", "associated press writer",
    "story continued below", "advertisement", "read more", "see also", "file photo", "getty images",
    "photo gallery", "media caption", "media playback", "email this",
)
_START = re.compile(r"\W*(?:related|update)\b|\W*(?:by|from) [a-z]+ [a-z]+\W*$")
_EMAIL = re.compile(r"\S@\S")


def boilerplate(text: str) -> bool:
    """True when the sentence is page or wire furniture rather than news."""
    low = text.lower()
    return any(p in low for p in PHRASES) or bool(_START.match(low)) or ("@" in low and bool(_EMAIL.search(low)))
