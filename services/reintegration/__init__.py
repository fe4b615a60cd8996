"""The reintegration service."""
