"""The monitoring rules: alert catalogue, check-in and time-based alerts, milestones, summary, policy."""
