"""storyline cli stage."""
