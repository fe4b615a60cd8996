"""Follow-up scores: dimension means, the weighted composite, bands by cut-offs, low dimensions routed."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.reintegration import DEFAULTS_NOTICE
from contracts.returns import Dimension, FollowUpReported, Indicator
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.scores import assess
from tests.unit.reintegration.examples import PARTICIPANT, POLICY, followup


@pytest.mark.parametrize(
    ("values", "composite", "band"),
    [
        (("0.1", "0.2", "0.3"), "0.200", "low"),
        (("0.5", "0.5", "0.5"), "0.500", "medium"),
        (("0.9", "0.7", "0.8"), "0.800", "high"),
        (("0.66", "0.66", "0.66"), "0.660", "high"),
        (("0.33", "0.33", "0.33"), "0.330", "medium"),
    ],
    ids=["low", "medium", "high", "high-cut-off-is-high", "low-cut-off-is-medium"],
)
def test_the_composite_score_falls_in_a_band(values: tuple[str, str, str], composite: str, band: str) -> None:
    result = assess(followup(3, *values), POLICY)
    assert (result.composite, result.band) == (Decimal(composite), band)
    assert result.notice == DEFAULTS_NOTICE


def test_dimension_weights_and_cut_offs_are_settings() -> None:
    policy = ReintegrationPolicy(
        dimension_weights={Dimension.ECONOMIC: Decimal(2), Dimension.SOCIAL: Decimal(1), Dimension.PSYCHOSOCIAL: 1},
        high_from=Decimal("0.9"),
    )
    result = assess(followup(6, "0.9", "0.5", "0.5"), policy)
    assert (result.composite, result.band) == (Decimal("0.700"), "medium")


def test_a_dimension_is_the_weighted_mean_of_its_indicators() -> None:
    indicators = [
        Indicator(indicator_id="income_source", dimension=Dimension.ECONOMIC, value=Decimal("0.2")),
        Indicator(indicator_id="debt", dimension=Dimension.ECONOMIC, value=Decimal("0.8")),
    ]
    survey = FollowUpReported(participant_id=PARTICIPANT, month=3, surveyed_on=date(2027, 1, 15), indicators=indicators)
    assert assess(survey, POLICY).scores == {"economic": Decimal("0.500")}
    weighted = ReintegrationPolicy(indicator_weights={"income_source": Decimal(3)})
    assert assess(survey, weighted).scores == {"economic": Decimal("0.350")}


@pytest.mark.parametrize(
    ("values", "routed"),
    [
        (("0.2", "0.8", "0.8"), {"RI-ASSIST-ECO": "livelihood support and job matching"}),
        (("0.8", "0.1", "0.8"), {"RI-ASSIST-SOC": "referral to public services"}),
        (("0.8", "0.8", "0.0"), {"RI-ASSIST-PSY": "mental health and psychosocial support (MHPSS)"}),
        (("0.5", "0.5", "0.5"), {}),
    ],
    ids=["economic", "social", "psychosocial", "none"],
)
def test_a_low_dimension_is_routed_to_its_targeted_assistance(
    values: tuple[str, str, str], routed: dict[str, str]
) -> None:
    findings = assess(followup(3, *values), POLICY).findings
    assert {
        f.rule_id: f.evidence["assistance"] for f in findings if not f.passed and f.rule_id != "RI-SCORE-1"
    } == routed


def test_an_unsurveyed_dimension_is_noted_not_routed_and_left_out_of_the_composite() -> None:
    survey = FollowUpReported(
        participant_id=PARTICIPANT,
        month=12,
        surveyed_on=date(2027, 10, 15),
        indicators=[Indicator(indicator_id="belonging", dimension=Dimension.PSYCHOSOCIAL, value=Decimal("0.9"))],
    )
    result = assess(survey, POLICY)
    economic = next(f for f in result.findings if f.rule_id == "RI-ASSIST-ECO")
    assert (result.composite, economic.passed, economic.evidence["assistance"]) == (Decimal("0.900"), False, None)
