"""Plumbing shared by the services: settings, broker, telemetry, unit of work, outbox, dead letters, health."""
