"""storyline eval stage."""
