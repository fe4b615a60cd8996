"""How each event and each day changes a recognition case: pure `(case, event, day, policy) -> (case, emitted)`.

Every new fact re-runs the instant pre-assessment (or reports the competent authority's decision once there is one);
a decision is emitted only when it differs from the last one. The procedure before the competent authority is
tracked on event time, and its missed deadlines are reported on clock ticks."""

from datetime import date

from contracts.qualifications import (
    CompensationMeasureCompleted,
    LanguageCertified,
    QualificationSubmitted,
    RecognitionApplicationAcknowledged,
    RecognitionApplicationDecided,
    RecognitionApplicationLodged,
    RecognitionDecisionExtended,
)
from services.common.context import Distinct
from services.common.flow import Advanced
from services.recognition.case import RecognitionCase, decision_key
from services.recognition.rules import deadlines
from services.recognition.rules.occupations import load_occupations
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.procedure import CaseFile, decide


def on_submitted(
    case: RecognitionCase, event: QualificationSubmitted, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    return _redecide(case.model_copy(update={"submission": event}), day, policy)


def on_certified(
    case: RecognitionCase, event: LanguageCertified, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    return _redecide(case.model_copy(update={"certificates": (*case.certificates, event)}), day, policy)


def on_measure_completed(
    case: RecognitionCase, event: CompensationMeasureCompleted, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    return _redecide(case.model_copy(update={"completed_measure": event}), day, policy)


def on_lodged(
    case: RecognitionCase, event: RecognitionApplicationLodged, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    """An application lodged with the competent authority starts a new procedure and its deadlines."""
    return case.model_copy(update={"procedure": deadlines.lodged(event)}), []


def on_acknowledged(
    case: RecognitionCase, event: RecognitionApplicationAcknowledged, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    return case.model_copy(update={"procedure": deadlines.acknowledged(case.procedure, event)}), []


def on_extended(
    case: RecognitionCase, event: RecognitionDecisionExtended, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    return case.model_copy(update={"procedure": deadlines.extended(case.procedure, event)}), []


def on_authority_decided(
    case: RecognitionCase, event: RecognitionApplicationDecided, day: date, policy: RecognitionPolicy
) -> Advanced[RecognitionCase]:
    """The legal decision ends the procedure and is reported as the participant's recognition decision."""
    procedure = deadlines.decided(case.procedure, event)
    return _redecide(case.model_copy(update={"procedure": procedure, "authority_decision": event}), day, policy)


def on_day(case: RecognitionCase, day: date, policy: RecognitionPolicy) -> Advanced[RecognitionCase]:
    """The procedure's deadlines missed today, each reported once."""
    if case.procedure is None:
        return case, []
    missed = deadlines.missed_today(case.procedure, day, policy)
    procedure = deadlines.mark_reported(case.procedure, missed)
    return case.model_copy(update={"procedure": procedure}), [Distinct(m, key=m.deadline) for m in missed]


def next_due(case: RecognitionCase, policy: RecognitionPolicy) -> date | None:
    return deadlines.next_due(case.procedure, policy) if case.procedure else None


def _redecide(case: RecognitionCase, day: date, policy: RecognitionPolicy) -> Advanced[RecognitionCase]:
    file = CaseFile(
        submission=case.submission,
        certificates=case.certificates,
        completed_measure=case.completed_measure,
        authority_decision=case.authority_decision,
    )
    decision = decide(file, load_occupations(), policy, day)
    if decision is None:
        return case, []
    key = decision_key(decision)
    return case.model_copy(update={"decision_key": key}), [] if key == case.decision_key else [decision]
