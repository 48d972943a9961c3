"""issue stage."""
