"""Timeline stage: date expressions resolved in sentences, and story timelines built on them."""

from storyline.timeline.build import TimelineBuilder, default_dates, timeline
from storyline.timeline.dates import resolve_dates

__all__ = ["TimelineBuilder", "default_dates", "resolve_dates", "timeline"]
