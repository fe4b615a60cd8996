"""How each event and each day changes a recognition case: pure `(case, event, day, policy) -> (case, emitted)`.

Every new fact re-runs the pre-assessment; a decision is emitted only when it differs from the last one."""

from datetime import date

from contracts.qualifications import CompensationMeasureCompleted, LanguageCertified, QualificationSubmitted
from contracts.recognition import RecognitionDecided
from services.common.flow import Advanced
from services.recognition.case import RecognitionCase
from services.recognition.rules import deadlines
from services.recognition.rules.occupations import load_occupations
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.rules.procedure import CaseFile, decide

Step = Advanced[RecognitionCase]


def on_submitted(case: RecognitionCase, event: QualificationSubmitted, day: date, policy: RecognitionPolicy) -> Step:
    """A new submission opens a new procedure."""
    return _redecide(case.model_copy(update={"submission": event, "clock": deadlines.start(day)}), day, policy)


def on_certified(case: RecognitionCase, event: LanguageCertified, day: date, policy: RecognitionPolicy) -> Step:
    return _redecide(case.model_copy(update={"certificates": (*case.certificates, event)}), day, policy)


def on_measure_completed(
    case: RecognitionCase, event: CompensationMeasureCompleted, day: date, policy: RecognitionPolicy
) -> Step:
    return _redecide(case.model_copy(update={"completed_measure": event}), day, policy)


def on_day(case: RecognitionCase, day: date, policy: RecognitionPolicy) -> Step:
    """The procedure's deadlines missed today, each reported once."""
    if case.clock is None or case.submission is None:
        return case, []
    missed = deadlines.missed_today(case.submission.participant_id, case.clock, day, policy)
    return case.model_copy(update={"clock": deadlines.mark_reported(case.clock, missed)}), missed


def next_due(case: RecognitionCase, policy: RecognitionPolicy) -> date | None:
    return deadlines.next_due(case.clock, policy) if case.clock else None


def _redecide(case: RecognitionCase, day: date, policy: RecognitionPolicy) -> Step:
    if case.submission is None:
        return case, []
    file = CaseFile(
        submission=case.submission, certificates=case.certificates, completed_measure=case.completed_measure
    )
    decision = decide(file, load_occupations(), policy, day)
    clock = deadlines.record_decision(case.clock or deadlines.start(day), decision.outcome, day)
    unchanged = case.last_decision is not None and _same(case.last_decision, decision)
    return case.model_copy(update={"clock": clock, "last_decision": decision}), [] if unchanged else [decision]


def _same(before: RecognitionDecided, after: RecognitionDecided) -> bool:
    return before.model_dump(exclude={"decided_on"}) == after.model_dump(exclude={"decided_on"})
