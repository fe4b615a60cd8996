"""The recruitment case as stored keeps what the placement reads of the recognition decision; a case stored with
the whole decision (before) reads into it and decides the same placement."""

import json
from datetime import date

from contracts.offers import JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.types import Finding, MemberState, Severity
from services.common.context import Distinct, Emitted
from services.recruitment import steps
from services.recruitment.case import RecruitmentCase
from services.recruitment.rules.placement import Recognition
from services.recruitment.rules.policy import RecruitmentPolicy

DAY = date(2025, 3, 1)
POLICY = RecruitmentPolicy()


def dumped(emitted: list[Emitted]) -> list[str]:
    return [(e.data if isinstance(e, Distinct) else e).model_dump_json() for e in emitted]


def conditional() -> RecognitionDecided:
    return RecognitionDecided(
        participant_id="P-TN-0001", outcome=RecognitionOutcome.RECOGNISED_CONDITIONAL, occupation="2512",
        destination=MemberState.DE, allows_occupation=True, decided_on=DAY,
        employment_condition="Employment under supervision while the adaptation period is served.",
        findings=[Finding(rule_id="REC-LVL-1", passed=True, severity=Severity.INFO, source="s", explanation="e")],
    )  # fmt: skip


def test_the_case_keeps_only_what_the_placement_reads_of_the_recognition_decision(
    participant: ParticipantRegistered,
) -> None:
    case, _ = steps.on_registered(RecruitmentCase(), participant, DAY, POLICY)
    case, _ = steps.on_recognition(case, conditional(), DAY, POLICY)
    stored = json.loads(case.model_dump_json())["recognition"]
    condition = conditional().employment_condition
    assert stored == {"outcome": "recognised_conditional", "occupation": "2512", "destination": "DE",
                      "allows_occupation": True, "employment_condition": condition}  # fmt: skip


def test_a_case_stored_with_the_whole_recognition_decision_decides_the_same_placement(
    participant: ParticipantRegistered, offer: JobOffered
) -> None:
    case, _ = steps.on_registered(RecruitmentCase(), participant, DAY, POLICY)
    case, _ = steps.on_recognition(case, conditional(), DAY, POLICY)
    document = json.loads(case.model_dump_json())
    document["recognition"] = json.loads(conditional().model_dump_json())  # as cases were stored before
    old = RecruitmentCase.model_validate_json(json.dumps(document))
    assert old.recognition == Recognition.of(conditional())
    _, from_old = steps.on_terms(old, offer, DAY, POLICY)
    _, from_new = steps.on_terms(case, offer, DAY, POLICY)
    assert dumped(list(from_old)) == dumped(list(from_new))
    assert len(from_new) == 2  # the assessment and the placement decision
