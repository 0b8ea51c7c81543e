"""Cited extractive multi-document summaries: a concept ILP by default, baselines, update summaries."""

from storyline.summarize.api import METHODS, summarize
from storyline.summarize.redundancy import NEAR_DUPLICATE, near_duplicate, overlap
from storyline.summarize.render import to_json, to_text

__all__ = ["METHODS", "NEAR_DUPLICATE", "near_duplicate", "overlap", "summarize", "to_json", "to_text"]
