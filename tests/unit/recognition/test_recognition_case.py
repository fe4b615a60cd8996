"""The recognition case as stored: a decision is emitted only when it differs from the last one, also for a case
stored before the case kept a digest of its last decision instead of the whole decision."""

import json
from datetime import date, timedelta

from contracts.qualifications import DocumentKind, QualificationSubmitted
from services.recognition import steps
from services.recognition.case import RecognitionCase
from services.recognition.rules.policy import RecognitionPolicy

DAY = date(2026, 3, 2)
POLICY = RecognitionPolicy()


def submission(documents: list[DocumentKind]) -> QualificationSubmitted:
    return QualificationSubmitted.model_validate(
        {
            "participant_id": "P-TN-0001",
            "target_occupation": "7411",
            "destination": "FR",
            "qualification": {"title": "Brevet de technicien", "awarding_country": "TN", "eqf_level": 4,
                              "field": "electricity and energy", "duration_years": "3.5"},
            "documents": documents,
        }
    )  # fmt: skip


COMPLETE = [DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION]


def test_the_same_decision_on_a_later_day_is_not_emitted_again_and_a_different_one_is() -> None:
    case, first = steps.on_submitted(RecognitionCase(), submission(COMPLETE), DAY, POLICY)
    stored = RecognitionCase.model_validate_json(case.model_dump_json())
    case, again = steps.on_submitted(stored, submission(COMPLETE), DAY + timedelta(days=3), POLICY)
    _, changed = steps.on_submitted(case, submission(COMPLETE[:1]), DAY + timedelta(days=4), POLICY)
    assert len(first) == 1
    assert again == []
    assert len(changed) == 1


def test_a_case_stored_with_its_whole_last_decision_reads_into_the_digest_and_is_written_without_it() -> None:
    case, (decision,) = steps.on_submitted(RecognitionCase(), submission(COMPLETE), DAY, POLICY)
    document = json.loads(case.model_dump_json())
    del document["decision_key"]
    document["last_decision"] = json.loads(decision.model_dump_json())  # as cases were stored before the digest
    old = RecognitionCase.model_validate_json(json.dumps(document))
    _, again = steps.on_submitted(old, submission(COMPLETE), DAY + timedelta(days=1), POLICY)
    assert old.decision_key == case.decision_key
    assert again == []
    assert "last_decision" not in json.loads(old.model_dump_json())
