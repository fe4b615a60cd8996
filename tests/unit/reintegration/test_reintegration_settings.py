"""The reintegration policy comes from the environment, and rejects cut-offs out of order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from contracts.returns import Dimension
from services.reintegration.app import SPEC
from services.reintegration.rules.deadlines import overdue_from
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.settings import ReintegrationSettings
from tests.unit.reintegration.examples import RETURNED, returned


def test_policy_parameters_are_read_from_prefixed_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINTEGRATION_POLICY__PLAN_DUE_DAYS", "14")
    monkeypatch.setenv("REINTEGRATION_POLICY__DIMENSION_WEIGHTS", '{"economic": 2, "social": 1, "psychosocial": 1}')
    settings = ReintegrationSettings()
    assert (SPEC.name, settings.policy.dimension_weights[Dimension.ECONOMIC]) == ("reintegration", 2)
    assert overdue_from(returned(), settings.policy) == RETURNED + timedelta(days=15)


@pytest.mark.parametrize(
    "fields",
    [{"low_below": Decimal("0.7"), "high_from": Decimal("0.6")}, {"dimension_weights": {"economic": -1}}],
    ids=["bands-out-of-order", "negative-weight"],
)
def test_a_policy_that_cannot_band_scores_is_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ReintegrationPolicy.model_validate(fields)
