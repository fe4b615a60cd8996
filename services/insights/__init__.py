"""The insights service: programme indicators per partnership, a report page and its API; no decisions."""
