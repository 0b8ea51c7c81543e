"""Cluster stage: group a stream of articles into stories as they arrive and fold near-duplicate copies."""

from storyline.cluster.tracker import Assignment, StoryTracker, TrackerParams

__all__ = ["Assignment", "StoryTracker", "TrackerParams"]
