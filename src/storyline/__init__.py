"""storyline: an offline news story engine.

    import storyline
    engine = storyline.open("news.db")
    engine.ingest(["reports/"])
    for story in engine.stories():
        print(story.headline, engine.summarize(story.id).sentences)
"""

from storyline.model import (
    Article,
    Citation,
    DateMention,
    IngestResult,
    Sentence,
    Story,
    StoryNotFound,
    Summary,
    SummarySentence,
    TimelineEntry,
)
from storyline.store.base import StoreError

__version__ = "0.1.0"


def open(path: str | None = None, **options):  # noqa: A001 - mirrors sqlite3.connect / dbm.open
    """Open (or create) a story store and return an Engine over it."""
    from storyline.engine import Engine

    return Engine(path, **options)


__all__ = [
    "Article",
    "Citation",
    "DateMention",
    "IngestResult",
    "Sentence",
    "StoreError",
    "Story",
    "StoryNotFound",
    "Summary",
    "SummarySentence",
    "TimelineEntry",
    "open",
]
