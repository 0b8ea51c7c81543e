"""Cited extractive multi-document summaries: a concept ILP by default, baselines, update summaries."""

from storyline.summarize.api import METHODS, SUMMARIZERS, get_summarizer, summarize
from storyline.summarize.base import Summarizer
from storyline.summarize.baselines import Centroid, Lead, LexRank, RoundRobin, TextRank
from storyline.summarize.concept_ilp import ConceptILP, LearnedILP
from storyline.summarize.filters import Rules
from storyline.summarize.redundancy import NEAR_DUPLICATE, near_duplicate, overlap
from storyline.summarize.render import to_json, to_text

__all__ = [
    "METHODS", "NEAR_DUPLICATE", "SUMMARIZERS", "Centroid", "ConceptILP", "Lead", "LearnedILP", "LexRank", "Rules",
    "RoundRobin", "Summarizer", "TextRank", "get_summarizer", "near_duplicate", "overlap", "summarize", "to_json", "to_text",
]  # fmt: skip
