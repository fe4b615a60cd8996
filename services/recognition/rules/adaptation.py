"""A conditional recognition and employment: an adaptation period is supervised practice of the profession in the
host Member State, so serving one does not wait for the end of the measure (REC-CMP-2)."""

from contracts.qualifications import CompensationKind
from contracts.recognition import Compensation
from contracts.types import Finding, Severity
from services.recognition.rules.compensation import measure_evidence
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.sources import ART_3_1_G

ADAPTATION = CompensationKind.ADAPTATION_PERIOD


def in_employment(compensation: Compensation, policy: RecognitionPolicy) -> Compensation:
    """Mark whether the measure can be served in employment: an adaptation period is one of the options, the policy
    counts it as supervised practice, and no adaptation period was already failed."""
    failed = compensation.taken is ADAPTATION and compensation.passed is False
    served = policy.adaptation_period_in_employment and ADAPTATION in compensation.options and not failed
    return compensation.model_copy(update={"served_in_employment": served})


def condition(compensation: Compensation) -> str | None:
    """The condition a placement must meet while the measure runs, or None when employment waits for the measure."""
    if compensation.completed or not compensation.served_in_employment:
        return None
    chosen = "" if compensation.options == [ADAPTATION] else " (if the applicant chooses it over the aptitude test)"
    months = compensation.max_adaptation_months
    length = f"of up to {months} months" if months else "the decision sets"
    return (
        "Employment under the responsibility of a qualified member of the profession while the adaptation period "
        f"{length} is served{chosen} (Directive 2005/36/EC Art. 3(1)(g))."
    )


def finding(compensation: Compensation, policy: RecognitionPolicy) -> Finding:
    """REC-CMP-2: employment may start while the measure is served (passed) or waits for it (failed, pending)."""
    allowed = condition(compensation) is not None
    return Finding(
        rule_id="REC-CMP-2",
        passed=allowed,
        severity=Severity.INFO if allowed else Severity.PENDING,
        evidence={
            **measure_evidence(compensation),
            "adaptation_period_in_employment": policy.adaptation_period_in_employment,
        },
        source=ART_3_1_G,
        explanation=_explain(compensation, policy, allowed),
    )


def _explain(compensation: Compensation, policy: RecognitionPolicy, allowed: bool) -> str:
    if allowed:
        return (
            "The adaptation period is supervised practice in the host Member State: the participant may take up the "
            "occupation under a qualified member of the profession while serving it."
        )
    if ADAPTATION not in compensation.options:
        return "Only an aptitude test is offered: the participant may take up the occupation once it is passed."
    if not policy.adaptation_period_in_employment:
        return "The policy does not count the adaptation period as served in employment: the occupation waits for it."
    return "The adaptation period was not passed: employment waits for the competent authority's next decision."
