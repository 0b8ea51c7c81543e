"""The facts of a story: entities and quantities, every one traced to its sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.model import Citation, to_jsonable

# "developing": the figure changes from one day's reports to a later day's (a rising toll), with
# no disagreement between reports of the same day; "conflicting" is a disagreement on one day.
Status = Literal["agreed", "conflicting", "developing", "single-source"]


@dataclass(slots=True)
class Entity:
    """A key entity or phrase of the story, with the aliases the text defines for it."""

    phrase: str  # normalised lowercase form, e.g. "syrian democratic forces"
    display: str  # readable name, e.g. "Syrian Democratic Forces"
    aliases: list[str] = field(default_factory=list)  # e.g. ["sdf"]
    mentions: int = 0  # sentences that mention it or an alias
    articles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first: Citation | None = None  # first mention in story order
    score: float = 0.0


@dataclass(slots=True)
class Quantity:
    """One number in one sentence, with what it counts and its unit."""

    text: str  # the words that state it, e.g. "at least 17 civilians"
    value: float  # the stated number (midpoint of a range), in `unit`
    citation: Citation
    low: float | None = None  # range or bound, in `unit`; None when open
    high: float | None = None
    qualifier: str | None = None  # "about", "at least", "more than", "up to", "nearly", ...
    unit: str | None = None  # normalised unit: "km", "mile", "year", "%", "usd", ...
    dimension: str | None = None  # "length", "duration", "money", "percent", ...
    base: float | None = None  # value in the dimension's base unit (metres, days, ...)
    counts: str | None = None  # the counted noun as written, e.g. "civilians"
    context: str | None = None  # what happened to it, e.g. "killed", "live"
    key: str = ""  # grouping key: counted class + unit/dimension + context
    source: str | None = None
    date: dt.date | None = None  # the day of the report that states it
    place: str | None = None  # where it was counted, when its clause says ("Chile", "the world")


@dataclass(slots=True)
class QuantityGroup:
    """The story's statements about one counted thing, across its articles."""

    key: str
    label: str  # readable name of what is counted, e.g. "people (killed)"
    status: Status
    quantities: list[Quantity] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoryFacts:
    article_ids: list[str]
    entities: list[Entity] = field(default_factory=list)
    groups: list[QuantityGroup] = field(default_factory=list)

    def by_status(self, status: Status) -> list[QuantityGroup]:
        return [g for g in self.groups if g.status == status]

    @property
    def agreed(self) -> list[QuantityGroup]:
        return self.by_status("agreed")

    @property
    def conflicting(self) -> list[QuantityGroup]:
        return self.by_status("conflicting")

    @property
    def developing(self) -> list[QuantityGroup]:
        return self.by_status("developing")

    @property
    def single_source(self) -> list[QuantityGroup]:
        return self.by_status("single-source")

    def entity(self, phrase: str) -> Entity | None:
        """The entity named by `phrase` or one of its aliases."""
        for e in self.entities:
            if phrase == e.phrase or phrase in e.aliases:
                return e
        return None

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)
