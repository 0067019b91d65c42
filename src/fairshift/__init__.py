"""fairshift."""
