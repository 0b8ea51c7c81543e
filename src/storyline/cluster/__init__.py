"""storyline cluster stage."""
