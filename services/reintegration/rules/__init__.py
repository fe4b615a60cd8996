"""The reintegration rules: the plan and its deadline, follow-up scores, circular-mobility eligibility, thresholds."""
