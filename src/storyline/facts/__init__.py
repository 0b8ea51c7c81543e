"""Facts across sources: a story's entities and quantities, agreed, conflicting or single-source."""

from storyline.facts.api import article_quantities, story_facts
from storyline.facts.groups import same_value
from storyline.facts.model import Entity, Quantity, QuantityGroup, StoryFacts

__all__ = ["Entity", "Quantity", "QuantityGroup", "StoryFacts", "article_quantities", "same_value", "story_facts"]
