"""The recognition rules: the pre-assessment procedure, its parts, reference data and thresholds."""
