"""The integration service."""
