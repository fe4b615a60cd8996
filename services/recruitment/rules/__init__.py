"""The fair-recruitment rules: the verdict on offers and contracts, the placement decision, thresholds, sources."""
