"""Monitoring thresholds come from the environment, with documented defaults."""

from decimal import Decimal

import pytest

from services.integration.settings import IntegrationSettings


def test_defaults_are_the_documented_ones() -> None:
    policy = IntegrationSettings().policy
    assert (policy.checkin_interval_days, policy.wage_late_days, policy.hours_reference_months) == (35, 30, 4)
    assert (policy.grievance_deadline_days, policy.max_rent_to_net_pay) == (30, Decimal("0.30"))


def test_a_threshold_is_set_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRATION_POLICY__CHECKIN_INTERVAL_DAYS", "28")
    monkeypatch.setenv("INTEGRATION_POLICY__GRIEVANCE_SEVERITY", '{"canteen": "high"}')
    policy = IntegrationSettings().policy
    assert policy.checkin_interval_days == 28
    assert policy.severity_of_grievance("Canteen").value == "high"
