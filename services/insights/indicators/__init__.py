"""The programme indicators (docs/insights.md): disclosure policy, figures from the cases, their tables."""
