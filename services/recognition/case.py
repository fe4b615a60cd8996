"""A participant's recognition case: what the procedure needs again whenever a new fact arrives."""

import hashlib
from typing import Self

from pydantic import BaseModel, Field, model_validator

from contracts.qualifications import (
    CompensationMeasureCompleted,
    LanguageCertified,
    QualificationSubmitted,
    RecognitionApplicationDecided,
)
from contracts.recognition import RecognitionDecided
from services.recognition.rules.deadlines import ProcedureClock


def decision_key(decision: RecognitionDecided) -> str:
    """What tells a decision from the last one: its JSON but for the day it was taken, digested."""
    return hashlib.sha256(decision.model_dump_json(exclude={"decided_on"}).encode()).hexdigest()


class RecognitionCase(BaseModel):
    """The pre-assessment's facts, the procedure before the competent authority (`procedure`, with its deadlines)
    and the authority's decision once known."""

    submission: QualificationSubmitted | None = None
    certificates: tuple[LanguageCertified, ...] = ()
    completed_measure: CompensationMeasureCompleted | None = None
    procedure: ProcedureClock | None = None
    authority_decision: RecognitionApplicationDecided | None = None
    decision_key: str | None = Field(
        default=None,
        description="`decision_key` of the last decision emitted; a decision is emitted only when it differs. The "
        "case keeps this digest, not the decision: the whole decision was most of the case, read and written again "
        "on every event.",
    )
    last_decision: RecognitionDecided | None = Field(default=None, exclude=True, description="Stored before the key.")

    @model_validator(mode="after")
    def _up_to_date(self) -> Self:
        """A case stored with its whole last decision is read into today's shape (written so when it next changes)."""
        if self.last_decision is not None:
            self.decision_key, self.last_decision = decision_key(self.last_decision), None
        return self
