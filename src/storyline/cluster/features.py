"""What the story tracker sees of an article: stemmed content terms, weighted.

Terms are the content stems of the title and body (dateline left out). The lead (title and about the
first 60 words) counts once more, since news puts the story in its first lines, and names (capitalised
words inside a sentence) count twice more, since they tell similar stories apart (one Turkish
crisis from another).
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.ingest.dateline import parse_dateline
from storyline.model import Article
from storyline.text.tokens import content_stems

LEAD_STEMS = 35  # about the first 60 words
NAME_EXTRA = 2

_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*")


def body_text(article: Article) -> str:
    """The article text without its dateline ("ANKARA, Turkey (AP) _")."""
    text = article.text.lstrip()
    found = parse_dateline(text, tokenized=article.tokenized)
    return text[found.end :] if found else text


def terms(article: Article) -> tuple[list[str], Counter[str], set[str]]:
    """(content stems in order, weighted term counts, lead terms) of an article."""
    body = body_text(article)
    title = article.title or ""
    title_stems = content_stems(title) if title else []
    seq = title_stems + content_stems(body)
    counts = Counter(seq)
    names = content_stems(" ".join(_NAME.findall(body)))
    for term in set(names):
        if term in counts:
            counts[term] *= 1 + NAME_EXTRA
    lead = set(seq[: len(title_stems) + LEAD_STEMS])
    return seq, counts, lead
