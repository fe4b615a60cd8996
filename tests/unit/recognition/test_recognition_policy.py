"""The recognition policy: documented defaults, bounds, and settings from the environment."""

import pytest
from pydantic import ValidationError

from contracts.qualifications import CompensationKind, DocumentKind
from services.recognition.rules.policy import Art11Level, RecognitionPolicy
from services.recognition.settings import RecognitionSettings


def test_defaults_follow_domain_section_2() -> None:
    policy = RecognitionPolicy()
    assert (policy.acknowledge_within_months, policy.decide_within_months, policy.decision_extension_months) == (
        1,
        3,
        1,
    )
    assert policy.adaptation_period_in_employment is True
    assert policy.max_adaptation_months == 36
    assert policy.rejected_level_pairs == {(Art11Level.A, Art11Level.E)}
    assert [policy.art11(eqf) for eqf in range(1, 9)] == list("aabbcdee")


@pytest.mark.parametrize(
    "invalid",
    [{"max_adaptation_months": 37}, {"decide_within_months": 0}, {"partial_access_below_share": "1.5"}, {"typo": 1}],
    ids=["adaptation-over-3-years", "no-deadline", "share-over-1", "unknown-field"],
)
def test_out_of_bounds_parameters_are_refused(invalid: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RecognitionPolicy.model_validate(invalid)


def test_every_parameter_is_documented() -> None:
    assert all(field.description for field in RecognitionPolicy.model_fields.values())


@pytest.mark.parametrize("name", sorted(RecognitionPolicy.model_fields))
def test_every_parameter_cites_its_source_or_says_it_is_chosen_here(name: str) -> None:
    description = RecognitionPolicy.model_fields[name].description or ""
    assert "Directive 2005/36/EC" in description or "hosen here" in description
    assert "[BK" not in description and "[S" not in description


def test_unknown_regulation_is_no_longer_a_setting() -> None:
    with pytest.raises(ValidationError):
        RecognitionPolicy.model_validate({"unknown_regulation_as_regulated": True})


def test_settings_expose_the_policy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOGNITION_POLICY__DECIDE_WITHIN_MONTHS", "2")
    monkeypatch.setenv("RECOGNITION_POLICY__IMPOSED_MEASURE", "adaptation_period")
    monkeypatch.setenv("RECOGNITION_POLICY__REQUIRED_DOCUMENTS", '["diploma", "identity"]')
    settings = RecognitionSettings()
    assert settings.policy.decide_within_months == 2
    assert settings.policy.imposed_measure is CompensationKind.ADAPTATION_PERIOD
    assert settings.policy.required_documents == (DocumentKind.DIPLOMA, DocumentKind.IDENTITY)


def test_settings_default_to_the_default_policy() -> None:
    assert RecognitionSettings().policy == RecognitionPolicy()
