"""Plumbing shared by the four services: settings, broker, telemetry, unit of work, outbox, dead letters."""
