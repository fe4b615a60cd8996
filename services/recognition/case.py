"""A participant's recognition case: what the procedure needs again whenever a new fact arrives."""

from pydantic import BaseModel

from contracts.qualifications import CompensationMeasureCompleted, LanguageCertified, QualificationSubmitted
from contracts.recognition import RecognitionDecided
from services.recognition.rules.deadlines import ProcedureClock


class RecognitionCase(BaseModel):
    submission: QualificationSubmitted | None = None
    certificates: tuple[LanguageCertified, ...] = ()
    completed_measure: CompensationMeasureCompleted | None = None
    clock: ProcedureClock | None = None
    last_decision: RecognitionDecided | None = None
