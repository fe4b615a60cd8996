"""The recruitment policy is set from RECRUITMENT_ environment variables, with documented defaults."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.settings import RecruitmentSettings


def test_policy_defaults() -> None:
    assert RecruitmentSettings().policy == RecruitmentPolicy(max_rent_to_gross_wage=Decimal("0.30"), minimum_age=18)


def test_the_full_time_week_is_reference_data_per_member_state_not_a_policy_setting() -> None:
    with pytest.raises(ValidationError):
        RecruitmentPolicy.model_validate({"full_time_weekly_hours": 40})


def test_a_policy_parameter_is_set_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECRUITMENT_POLICY__MAX_RENT_TO_GROSS_WAGE", "0.25")
    assert RecruitmentSettings().policy.max_rent_to_gross_wage == Decimal("0.25")
