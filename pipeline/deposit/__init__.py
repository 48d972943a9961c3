"""deposit stage."""
