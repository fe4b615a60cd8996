"""The four Talent mobility services and the plumbing they share (services.common)."""
