"""The typed data model shared by every stage.

Articles are made of sentences with stable indices; everything downstream (stories,
summaries, timelines, facts) points back at sentences through a Citation, which is what
makes every output sentence traceable to its source.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from storyline.text.dateline import quoted
from storyline.text.tokens import Analysis, analyse, shorten, word_count

Granularity = Literal["day", "week", "month", "year"]


@dataclass(slots=True)
class Sentence:
    """One source sentence. ``text`` is exactly as given (tokens for tokenized input)."""

    index: int  # 0-based position in the article, stable for citations
    text: str  # original text, used for matching and scoring
    display: str = ""  # readable form shown to people
    paragraph: int = 0  # 0-based paragraph number
    _analysis: Analysis | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def analysis(self) -> Analysis:
        """Words, stems and content stems of ``text``, computed once and kept (``text`` is not
        to change after)."""
        if self._analysis is None:
            self._analysis = analyse(self.text)
        return self._analysis


@dataclass(slots=True)
class Article:
    id: str  # given id, else a content hash (see ingest.article_id)
    text: str  # raw body text as read (for tokenized input: the lines as given)
    sentences: list[Sentence] = field(default_factory=list)
    title: str | None = None
    source: str | None = None  # agency or publisher, e.g. "Reuters"
    place: str | None = None  # dateline place, e.g. "Beirut"
    published: dt.date | None = None  # publication date; None when unknown
    url: str | None = None
    origin: str | None = None  # file or stream the article was read from
    format: str = "text"  # reader that produced it: tokenized, text, jsonl, html, feed
    tokenized: bool = False  # input was lowercased, tokenized text (display is reconstructed)
    meta: dict[str, Any] = field(default_factory=dict)  # unknown input fields, kept

    @property
    def headline(self) -> str:
        """Title if any, else the first sentence's display text without its dateline, cut to
        about 16 words."""
        if self.title:
            return self.title
        if not self.sentences:
            return self.id
        return shorten(quoted(self, self.sentences[0])[1], 16)


@dataclass(slots=True, frozen=True)
class Citation:
    """Where a sentence came from: the article and the sentence's index in it."""

    article_id: str
    sentence_index: int


@dataclass(slots=True)
class SummarySentence:
    """A selected source sentence, verbatim, with its citation."""

    citation: Citation
    text: str  # display form
    original: str  # original tokens/text, exactly as stored
    score: float = 0.0
    date: dt.date | None = None  # date the sentence speaks about, when known

    @property
    def article_id(self) -> str:
        return self.citation.article_id

    @property
    def sentence_index(self) -> int:
        return self.citation.sentence_index


@dataclass(slots=True)
class Summary:
    sentences: list[SummarySentence]
    article_ids: list[str]  # every article cited, in citation-number order
    method: str = "ilp"
    words: int = 100  # the budget asked for
    nothing_new: bool = False  # update summaries: the newer articles add nothing
    fits_in: int | None = None  # an empty summary the budget left empty: the words one of its sentences needs

    @property
    def word_count(self) -> int:
        return sum(word_count(s.text) for s in self.sentences)


@dataclass(slots=True)
class DateMention:
    """A date expression in a sentence, resolved against the article's publication date."""

    expression: str  # as written, e.g. "on sunday"
    date: dt.date  # first day of the period meant
    granularity: Granularity
    start: int = 0  # character offsets in the sentence text
    end: int = 0


@dataclass(slots=True)
class TimelineEntry:
    date: dt.date
    granularity: Granularity
    sentences: list[SummarySentence]


@dataclass(slots=True)
class Story:
    id: int
    article_ids: list[str]  # distinct articles (near-duplicate copies excluded), date order
    headline: str = ""
    sources: list[str] = field(default_factory=list)
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    key_phrases: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # copy id -> first copy id

    @property
    def size(self) -> int:
        return len(self.article_ids)


class StoryNotFound(LookupError):
    """No story of that id in the store (the Engine's outputs of a story raise it)."""

    def __init__(self, story_id: int):
        super().__init__(f"no story #{story_id}")
        self.story_id = story_id


@dataclass(slots=True)
class IngestResult:
    """Outcome of one ingest call: counts and one line per failure."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: reason" lines
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(slots=True)
class Feed:
    """One feed subscription and what its last polls found (ingest.poll keeps it up to date)."""

    url: str
    title: str = ""
    full_text: bool = False  # fetch each entry's linked page (the feed gives teasers)
    added: str = ""  # ISO timestamps (UTC) from here on
    last_fetch: str = ""
    last_status: str = ""  # "ok", "not modified", or the last error's kind
    last_error: str = ""
    new_entries: int = 0  # entries the last poll ingested
    next_due: str = ""
    failures: int = 0  # polls in a row that failed (backoff)
    etag: str = ""
    last_modified: str = ""
    seen: list[str] = field(default_factory=list)  # the newest entry ids, to tell new entries
    last_warning: str = ""  # what the last poll read with trouble (undated entries, say), one line


def feed_to_json(feed: Feed) -> str:
    """A Feed's fields other than url, as the stores keep them."""
    return json.dumps({f.name: getattr(feed, f.name) for f in fields(Feed) if f.name != "url"})


def feed_from_json(url: str, data: str) -> Feed:
    """The Feed a store kept (fields this version does not know are ignored)."""
    known = {f.name for f in fields(Feed)} - {"url"}
    return Feed(url=url, **{k: v for k, v in json.loads(data or "{}").items() if k in known})


def to_jsonable(obj: Any) -> Any:
    """Plain JSON-ready data from model objects (dates as ISO strings; properties and cached
    analyses, the fields named "_...", left out)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj) if f.name[0] != "_"}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    return obj
