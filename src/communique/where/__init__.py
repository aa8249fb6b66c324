"""where."""
