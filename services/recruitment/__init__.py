"""The recruitment service."""
